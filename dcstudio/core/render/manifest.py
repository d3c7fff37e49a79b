"""What a render wrote into its output folder, so that rendering again removes what went stale.

``render_all`` keeps ``.dcstudio-render.json`` next to ``index.json``: the previews dcstudio wrote
there. A later render into the same folder removes the listed previews it did not write again (an
asset removed, an exclusion added, another placement or format) and nothing else: a user's own
files, and pictures no render recorded, are never touched.

The record never forgets a file dcstudio wrote. Before the first preview is written it lists the
earlier previews plus every new name not already taken (``"finished": false``); only when the run
ends (done or cancelled) and the stale files are gone is it replaced by exactly what is on disk.
A run killed in between leaves the larger list, so the next render still cleans up.

Folders from a dcstudio without this record: the files of their ``index.json`` (also written only
by dcstudio) stand in for it. Every listed name must look like a preview (``<placement>/<5
digits>-<name>.jpg|png``), so a damaged or foreign record cannot reach other files.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

from dcstudio.core.atomic import atomic_write_text
from dcstudio.core.errors import BadInputError
from dcstudio.core.render.mockups import PLACEMENTS

MANIFEST_NAME = ".dcstudio-render.json"
MANIFEST_VERSION = 1
_PREVIEW = re.compile(r"(?:%s)/\d{5}-[^/\\\x00]+\.(?:jpg|png)" % "|".join(map(re.escape, PLACEMENTS)))


def is_preview_path(rel) -> bool:
    """True for ``<placement>/<number>-<assets>.jpg|png``, the only paths a render writes."""
    return isinstance(rel, str) and _PREVIEW.fullmatch(rel) is not None


def previous_files(out_dir: Path) -> set[str]:
    """The previews an earlier render recorded in ``out_dir`` (empty when none did)."""
    listed = _read_json(out_dir / MANIFEST_NAME)
    if isinstance(listed, dict) and listed.get("version") == MANIFEST_VERSION \
            and isinstance(listed.get("files"), list):
        return {f for f in listed["files"] if is_preview_path(f)}
    index = _read_json(out_dir / "index.json")  # a folder from before the record existed
    if _is_index(index):
        return {e["file"] for e in index["files"]
                if isinstance(e, dict) and is_preview_path(e.get("file"))}
    return set()


def check_index_is_ours(out_dir: Path) -> None:
    """Refuses a folder whose ``index.json`` / ``index.csv`` some other program wrote: a render
    would overwrite them."""
    json_path, csv_path = out_dir / "index.json", out_dir / "index.csv"
    if json_path.exists() and not _is_index(_read_json(json_path)):
        raise BadInputError(f"{json_path}: not an index written by dcstudio render, and a render would "
                            "replace it; choose another output folder")
    if csv_path.exists():
        try:
            with open(csv_path, encoding="utf-8", errors="replace") as fh:
                header = fh.readline()
        except OSError:
            header = ""
        if not header.startswith("file,placement,index,"):
            raise BadInputError(f"{csv_path}: not an index written by dcstudio render, and a render would "
                                "replace it; choose another output folder")


def _is_index(doc) -> bool:
    return isinstance(doc, dict) and isinstance(doc.get("files"), list) and "combinations" in doc


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing, unreadable or damaged: as if there were no record
        return None


def previews_present(out_dir: Path) -> set[str]:
    """Preview-named files in the placement folders of ``out_dir``, whoever wrote them."""
    found = set()
    for placement in PLACEMENTS:
        try:
            with os.scandir(out_dir / placement) as entries:
                found.update(f"{placement}/{e.name}" for e in entries if e.is_file(follow_symlinks=False))
        except (FileNotFoundError, NotADirectoryError):
            continue
    return {rel for rel in found if is_preview_path(rel)}


def write_manifest(out_dir: Path, files, *, finished: bool) -> None:
    doc = {"written_by": "dcstudio render", "version": MANIFEST_VERSION, "finished": finished,
           "files": sorted(files)}
    atomic_write_text(out_dir / MANIFEST_NAME, json.dumps(doc, indent=0) + "\n")


def remove_stale(out_dir: Path, stale) -> tuple[list[str], list[str]]:
    """Deletes the ``stale`` previews; returns (removed, kept: those that could not be removed).

    A placement folder left empty by the removal goes too (a render made it).
    """
    removed, kept = [], []
    emptied = set()
    for rel in sorted(stale):
        path = out_dir / rel
        try:
            if path.is_symlink() or not path.is_file():
                continue  # gone, or replaced by something that is not a preview file
            path.unlink()
        except OSError:
            kept.append(rel)
            continue
        removed.append(rel)
        emptied.add(path.parent)
    for folder in emptied:
        try:
            folder.rmdir()  # only succeeds when empty
        except OSError:
            pass
    return removed, kept
