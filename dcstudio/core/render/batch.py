"""Rendering every combination to files, with an index from file to asset ids.

Files go to ``OUT/<placement>/<number>-<assets>.jpg`` (the combination's number, ``number_of``:
the one the grid, the large preview and the sheet show, see model/combinations.py), so a
person can tell what a file holds; ``index.json`` and ``index.csv`` map each file to its asset
ids. Rendering again into the same folder removes the previews of the earlier render that this
one did not write, and only those (see ``manifest``). With ``jobs > 1`` the work is spread over
worker processes (Pillow's drawing holds the GIL), each with its own tile cache, so each worker
decodes each image once.
"""
from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path

from PIL import Image

from dcstudio.core.model.ad_space import AdSpace, space_of
from dcstudio.core.model.combinations import number_of
from dcstudio.core.render import manifest
from dcstudio.core.render.mockups import check_placement, check_size, draw_ad
from dcstudio.core.render.tiles import TileCache
from dcstudio.core.values.atomic import atomic_write_text
from dcstudio.core.values.errors import BadInputError, Cancelled

FORMATS = {"jpeg": "jpg", "png": "png"}
JPEG_QUALITY = 90
# zlib level 1: PNG previews stay lossless at a third of the default level's encoding time.
PNG_COMPRESS_LEVEL = 1
BATCH = 40  # combinations per worker task: small enough for prompt progress and cancel
WORKER_CACHE_BYTES = 128 * 1024 * 1024


@dataclass
class RenderedFile:
    file: str  # relative to the output folder, "/" separators
    placement: str
    index: int  # the item's index: its number (number_of) less one, gaps where ads are left out
    assets: dict  # the item's as_dict(): dimension -> asset id; "cards" -> the carousel's image ids


@dataclass
class RenderResult:
    out_dir: Path
    index_path: Path
    files: list[RenderedFile] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)  # asset id -> why a placeholder is shown
    combinations: int = 0  # the most of any placement (each placement's own: combinations_by_placement)
    combinations_by_placement: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    complete: bool = True
    removed: list[str] = field(default_factory=list)  # stale previews of an earlier render, deleted
    # Preview-named files that no render recorded (a user's, or from a dcstudio that kept no
    # record and no index): left in place.
    unlisted: list[str] = field(default_factory=list)
    # Cancelled only: earlier previews this render would have drawn again, left as they were.
    kept_earlier: list[str] = field(default_factory=list)


def file_name(space: AdSpace, item, fmt: str) -> str:
    """``00012-img2-ceramic-mug_title1_body3_desc1_cta1_link1.jpg``: number, then the space's slug."""
    return f"{number_of(item):05d}-{space.file_slug(item)}.{FORMATS[fmt]}"


def encode(image: Image.Image, fmt: str) -> bytes:
    buf = io.BytesIO()
    if fmt == "jpeg":
        image.save(buf, "JPEG", quality=JPEG_QUALITY)
    else:
        image.save(buf, "PNG", compress_level=PNG_COMPRESS_LEVEL)
    return buf.getvalue()


# A new file each time, never through what sits at the name: a symbolic link planted there is
# unlinked, not followed, and an existing file is unlinked first, so a second (hard) link to
# someone's file is never written into.
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def _write(path: Path, data: bytes) -> None:
    # One write per file, straight to its name: a temporary name plus a rename doubled the file
    # system's share of a run (thousands of small files). A stop never lands mid-file (cancel is
    # checked between files; workers ignore SIGINT), and an interrupted write removes its file.
    # No fsync per preview; the index is written atomically at the end.
    try:
        fd = os.open(path, _NEW_FILE, 0o666)
    except FileExistsError:
        if os.path.isdir(path) and not os.path.islink(path):
            raise BadInputError(f"{path}: is a folder where a preview goes; move it away") from None
        os.unlink(path)
        fd = os.open(path, _NEW_FILE, 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _render_items(space, cache, placement, size, fmt, out_dir: Path, items) -> list[tuple[str, dict]]:
    done = []
    folder = manifest.placement_folder(out_dir, placement)  # still the real folder it was at the start
    for item, rel in items:
        mockup = draw_ad(space.content(item, placement), space.sources, placement, size, cache=cache)
        _write(folder / rel.split("/", 1)[1], encode(mockup.image, fmt))
        done.append((rel, mockup.problems))
    return done


# -- worker processes ----------------------------------------------------------------------------
_worker: dict = {}


def _init_worker(spaces) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool
    _worker["spaces"] = spaces
    _worker["cache"] = TileCache(WORKER_CACHE_BYTES)


def _worker_batch(placement, size, fmt, out_dir, items):
    return _render_items(_worker["spaces"][placement], _worker["cache"], placement, size, fmt, Path(out_dir), items)


def _mp_context():
    # fork starts workers in milliseconds but is unsafe once other threads run (the GUI, a
    # render thread): then spawn, which starts a fresh interpreter.
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


# -- the job ---------------------------------------------------------------------------------------
def _plan(spaces: dict[str, AdSpace], placements, fmt, limit):
    counts, plan = {}, []
    for placement in placements:
        space = spaces[placement]
        count = len(space) if limit is None else min(len(space), max(0, int(limit)))
        combinations = [space[i] for i in range(count)]
        names = [file_name(space, c, fmt) for c in combinations]
        for c, name in zip(combinations, names, strict=False):
            if not manifest.is_preview_path(f"{placement}/{name}"):  # an id holding "/" or "\\"
                raise BadInputError(f"combination #{number_of(c)}: its file name {name!r} is not a plain file name; "
                                    "rename the asset ids that hold / or \\")
        counts[placement] = count
        plan.append((placement, [(c, f"{placement}/{name}") for c, name in zip(combinations, names, strict=False)]))
    return counts, plan


def render_all(project, out_dir, **options) -> RenderResult:
    """Renders each combination of ``project``: ``render_space`` of its space (over a snapshot,
    which the worker processes get)."""
    placements = options.get("placements", ())
    placements = [placements] if isinstance(placements, str) else list(placements)
    locale = options.pop("locale", None)
    snapshot = project.snapshot()
    if project.customization.rules and len(placements) > 1:
        # The rules give each placement its own assets: a space per placement.
        return render_space({p: space_of(snapshot, placement=p, locale=locale) for p in placements}, out_dir,
                            **options)
    placement = placements[0] if placements else None
    return render_space(space_of(snapshot, placement=placement, locale=locale), out_dir, **options)


def render_space(space: AdSpace | dict[str, AdSpace], out_dir, *, placements, size: int, limit: int | None = None,
                 jobs: int = 1, fmt: str = "jpeg", progress=None, cancel: threading.Event | None = None,
                 cache: TileCache | None = None) -> RenderResult:
    """Renders each item of ``space`` (the first ``limit``) in each placement to ``out_dir``;
    ``space`` may be a dict giving each placement its own space.

    Writes ``index.json`` and ``index.csv``. Previews an earlier render left in ``out_dir`` that
    this one did not write are removed (``result.removed``); other files are left alone. On
    cancel, the index lists the files written so far (``"complete": false``) and ``Cancelled``
    is raised; earlier previews this render would have drawn again are kept (they are likely
    still good, and the next render replaces them), only those of combinations that are gone
    are removed.
    """
    placements = [placements] if isinstance(placements, str) else list(placements)
    if not placements:
        raise BadInputError("no placement chosen")
    for placement in placements:
        check_placement(placement)
    spaces = space if isinstance(space, dict) else dict.fromkeys(placements, space)
    space = spaces[placements[0]]  # the project's name and its assets' names, the same in every space
    check_size(size)
    if fmt not in FORMATS:
        raise BadInputError(f"format {fmt!r}: use jpeg or png")
    if jobs < 1:
        raise BadInputError(f"jobs {jobs}: use 1 or more")
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise BadInputError(f"{out_dir}: exists and is not a folder")
    manifest.check_index_is_ours(out_dir)
    started = time.perf_counter()
    counts, plan = _plan(spaces, placements, fmt, limit)
    for placement in placements:
        manifest.placement_folder(out_dir, placement, make=True)
    total = sum(counts.values())
    result = RenderResult(out_dir, out_dir / "index.json", combinations=max(counts.values()),
                          combinations_by_placement=counts)
    previous = manifest.previous_files(out_dir)
    present = manifest.previews_present(out_dir)
    planned = {rel for _, items in plan for _, rel in items}
    # Recorded before the first write, so a run killed midway leaves a list that still holds all
    # of dcstudio's files here. A planned name already taken by a file no render recorded is not
    # listed: that file is someone else's until this run overwrites it.
    manifest.write_manifest(out_dir, previous | (planned - present), finished=False)
    cleanup = (previous, present, planned)
    by_rel = {rel: (placement, c) for placement, items in plan for c, rel in items}
    written: list[tuple[str, dict]] = []

    def record(batch):
        written.extend(batch)
        if progress:
            progress(len(written), total)

    try:
        if progress:
            progress(0, total)
        if jobs == 1 or total <= BATCH:
            cache = cache if cache is not None else TileCache(WORKER_CACHE_BYTES)
            for placement, items in plan:
                for item in items:
                    if cancel is not None and cancel.is_set():
                        raise Cancelled("cancelled")
                    record(_render_items(spaces[placement], cache, placement, size, fmt, out_dir, [item]))
        else:
            _run_pool(spaces, plan, size, fmt, out_dir, jobs, record, cancel)
    except (Cancelled, KeyboardInterrupt):
        result.complete = False
        _finish(space, result, written, by_rel, placements, size, fmt, started, cleanup)
        removed = f"; removed {len(result.removed)} previews of an earlier render" if result.removed else ""
        kept = (f"; kept {len(result.kept_earlier)} earlier previews not drawn again yet (they may be out of "
                "date; render again to refresh them)") if result.kept_earlier else ""
        raise Cancelled(f"stopped after {len(written)} of {total} previews; "
                        f"{result.index_path} lists the files written{removed}{kept}") from None
    _finish(space, result, written, by_rel, placements, size, fmt, started, cleanup)
    return result


def _run_pool(spaces, plan, size, fmt, out_dir, jobs, record, cancel) -> None:
    tasks = [(placement, items[i:i + BATCH]) for placement, items in plan for i in range(0, len(items), BATCH)]
    with ProcessPoolExecutor(jobs, mp_context=_mp_context(), initializer=_init_worker,
                             initargs=(spaces,)) as pool:
        pending = set()
        queue = iter(tasks)

        def top_up():  # one task queued beyond the running ones: cancel stays prompt
            while len(pending) <= jobs:
                task = next(queue, None)
                if task is None:
                    return
                pending.add(pool.submit(_worker_batch, task[0], size, fmt, str(out_dir), task[1]))

        try:
            top_up()
            while pending:
                finished, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                for future in finished:
                    record(future.result())
                if cancel is not None and cancel.is_set():
                    raise Cancelled("cancelled")
                top_up()
        except BaseException:
            for future in pending:
                future.cancel()
            pool.shutdown(wait=True, cancel_futures=True)
            for future in pending:  # batches that were already running finished their files
                if future.done() and not future.cancelled() and future.exception() is None:
                    record(future.result())
            raise


def _finish(space, result: RenderResult, written, by_rel, placements, size, fmt, started, cleanup) -> None:
    previous, present, planned = cleanup
    done = {rel for rel, _ in written}
    # A finished render replaced every planned preview; a cancelled one keeps the earlier
    # previews it did not reach, and removes only those of combinations no longer planned.
    waiting = set() if result.complete else (previous & planned) - done
    result.kept_earlier = sorted(waiting)
    result.removed, kept = manifest.remove_stale(result.out_dir, previous - done - waiting)
    kept = [*kept, *result.kept_earlier]
    result.unlisted = sorted(present - previous - done)
    for rel, problems in written:
        placement, combination = by_rel[rel]
        result.files.append(RenderedFile(rel, placement, combination.index, combination.as_dict()))
        result.problems.update(problems)
    order = {p: k for k, p in enumerate(placements)}
    result.files.sort(key=lambda f: (order[f.placement], f.index))
    write_index(space, result, placements, size, fmt)
    manifest.write_manifest(result.out_dir, done | set(kept), finished=True)  # last: see manifest
    result.seconds = time.perf_counter() - started


def write_index(space: AdSpace, result: RenderResult, placements, size, fmt) -> None:
    names = space.name_of
    doc = {
        "project": space.name,
        "placements": list(placements),
        "size": size,
        "format": fmt,
        "combinations": result.combinations,
        "combinations_by_placement": result.combinations_by_placement,
        "complete": result.complete,
        "problems": dict(sorted(result.problems.items())),
        "files": [dict(asdict(f), number=number_of(f),
                       names={k: ([names(i) for i in v] if isinstance(v, list) else names(v))
                              for k, v in f.assets.items()})
                  for f in result.files],
    }
    atomic_write_text(result.index_path, json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    # "number" last: scripts reading the earlier columns by position keep working.
    columns = ["file", "placement", "index", "media", "title", "body", "description", "cta", "link", "cards",
               "number"]
    # Another space's parts (a product's retailer_id) follow, in the order its items name them.
    columns += list(dict.fromkeys(k for f in result.files for k in f.assets if k not in columns))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for f in result.files:
        row = {"file": f.file, "placement": f.placement, "index": f.index, "number": number_of(f), **f.assets}
        row["cards"] = " ".join(f.assets.get("cards", []))
        writer.writerow([row.get(c, "") for c in columns])
    atomic_write_text(result.index_path.with_suffix(".csv"), buf.getvalue())
