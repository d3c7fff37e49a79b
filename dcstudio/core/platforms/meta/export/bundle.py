"""``write_bundle``: the plan, the feed, publish.sh, the images as uploaded, previews, a manifest
and a README, into a folder or a .zip.

The bundle is built in a temporary folder next to the target and moved into place at the end,
so a failed or cancelled export leaves nothing half-written. An earlier export at the target is
moved aside, never deleted, and only when the caller asks (see ``target``). Nothing here reads a
token: the bundle cannot contain one.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
import threading
import time
import zipfile
from datetime import datetime
from pathlib import Path

from dcstudio.core.model.ad_space import space_of
from dcstudio.core.model.adset_split import split_project
from dcstudio.core.model.approval import without_rejected
from dcstudio.core.model.catalog_template import is_catalog_ad
from dcstudio.core.model.project_format import project_to_dict
from dcstudio.core.platforms.exporters import LintErrors
from dcstudio.core.platforms.meta.export.bundle_readme import bundle_readme
from dcstudio.core.platforms.meta.export.catalog_plan import copy_bundle_feed, copy_bundle_frame
from dcstudio.core.platforms.meta.export.plan_builder import IMAGES_DIR, build_plan, feeds_with_file_names
from dcstudio.core.platforms.meta.export.publish_script import publish_script
from dcstudio.core.platforms.meta.export.target import (
    MARKER_NAME,
    EarlierExport,
    inspect_target,
    is_zip_target,
    marker,
    move_aside,
)
from dcstudio.core.platforms.meta.export.upload_images import prepare_upload_images, uploaded_image_ids
from dcstudio.core.platforms.meta.export.upload_videos import copy_bundle_videos
from dcstudio.core.values.atomic import atomic_write_text
from dcstudio.core.values.errors import BadInputError, Cancelled
from dcstudio.core.values.placements import export_placement

BUNDLE_VERSION = 1
PROJECT_COPY = "dcstudio-project.json"
PREVIEW_SIZE = 540
# Previews cover the first combinations only past this many: a 6,250-combination pool would
# otherwise make a bundle of several hundred megabytes nobody pages through.
PREVIEW_LIMIT = 500
# Progress units per phase, so one bar runs smoothly through lint, images, previews and writing.
_LINT, _WRITE = 1, 1


def lint_errors(project) -> list:
    """The linter's errors, with those of the creatives the export would send (an empty list when
    the linter is not installed in this build)."""
    try:
        from dcstudio.core.lint import lint
    except ImportError:
        return []
    report = lint(project)
    if is_catalog_ad(project):  # its own profile (lint/rules.py CATALOG_AD); no dynamic-creative payload
        return list(report.errors)
    from dcstudio.core.platforms.meta.export.payload_lint import with_payload_findings

    return list(with_payload_findings(report, project).errors)


def _json(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _render_previews(project, folder: Path, count: int, progress, cancel) -> str:
    """Contact sheet and per-combination previews; returns a line for the README.
    ``progress(done, total)`` runs over both (2 x count steps)."""
    from dcstudio.core.render import TileCache, render_space, space_sheet
    from dcstudio.core.render.manifest import MANIFEST_NAME

    placement = export_placement(project.ad_format).id
    folder.mkdir(parents=True, exist_ok=True)
    cache = TileCache(128 * 1024 * 1024)
    # One space for both, the sheet and the previews: the placement's, so under customization rules
    # they show its assets and number its combinations as the grid does there.
    space = space_of(project, placement=placement)
    space_sheet(space, folder / "contact-sheet.pdf", placement=placement, limit=PREVIEW_LIMIT, cache=cache,
                cancel=cancel, progress=lambda d, t: progress(d, 2 * count))
    render_space(space, folder, placements=[placement], size=PREVIEW_SIZE, limit=PREVIEW_LIMIT, fmt="jpeg",
                 cache=cache, cancel=cancel, progress=lambda d, t: progress(count + d, 2 * count))
    # The render's own record of what it wrote serves re-renders into a folder; a bundle is a
    # hand-over, written whole each time, and its index.csv already names the previews.
    (folder / MANIFEST_NAME).unlink(missing_ok=True)
    shown = min(count, PREVIEW_LIMIT)
    part = f"the first {shown} of {count} combinations" if shown < count else f"all {count} combinations"
    return (f"contact-sheet.pdf shows {part} for approval; {placement}/ has one {PREVIEW_SIZE}px "
            f"{placement} mockup per combination (previews/index.csv names their assets).")


def write_bundle(project, out, *, force: bool = False, progress=None,
                 cancel: threading.Event | None = None, now: datetime | None = None,
                 previews: bool = True, replace: bool = False, on_replace=None) -> dict:
    """Exports ``project`` to the folder or .zip ``out``. Returns the plan.

    ``previews=False`` leaves out previews/ (the contact sheet and mockups take most of the time).
    An earlier export at ``out`` is moved aside when ``replace`` (``on_replace(path)`` is told
    where to), else EarlierExport is raised before any work.

    Raises LintErrors (unless ``force``), BadInputError / ImageError for what cannot be exported
    or where it cannot go, Cancelled when ``cancel`` is set.
    """
    out = Path(out)
    if inspect_target(out, project.folder) and not replace:
        raise EarlierExport(out)

    def check_cancel():
        if cancel is not None and cancel.is_set():
            raise Cancelled("export cancelled")

    errors = lint_errors(project)
    if errors and not force:
        raise LintErrors(errors)
    # Everything below sees the project as it ships: no rejected asset's file, hash or preview
    # enters the bundle (the plan's summary names them).
    plan = build_plan(project, now=now)
    project = without_rejected(project)[0]
    split = split_project(project)
    image_ids = uploaded_image_ids(project, split)
    n_combinations = len(space_of(project))
    n_previews = 2 * min(n_combinations, PREVIEW_LIMIT) if previews and not is_catalog_ad(project) else 0
    total = _LINT + len(image_ids) + n_previews + _WRITE
    report = (lambda done: progress(min(done, total), total)) if progress else (lambda done: None)
    report(_LINT)

    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        root = work / "bundle"
        root.mkdir()
        prepare_upload_images(project, root / IMAGES_DIR, asset_ids=image_ids, cancel=cancel,
                              progress=lambda d, t: report(_LINT + d))
        copy_bundle_videos(plan, project, root)
        copy_bundle_feed(plan, project, root)
        copy_bundle_frame(plan, project, root)
        check_cancel()
        previews_line = "not included (exported without previews)."
        if previews and is_catalog_ad(project):
            # The product previews (one tile per product of the set) are the product ad space's;
            # `dcstudio render` and `dcstudio sheet` draw them from the project.
            previews_line = "not included for a catalog ad: `dcstudio sheet` on the project shows its products."
        elif previews:
            previews_line = _render_previews(project, root / "previews", min(n_combinations, PREVIEW_LIMIT),
                                             lambda d, t: report(_LINT + len(image_ids) + d), cancel)
        check_cancel()
        _write_texts(project, root, plan, split, previews_line, errors if force else [])
        check_cancel()
        _finish(work, root, out, project.folder, replace, on_replace)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(total)
    return plan


def _write_texts(project, root: Path, plan: dict, split, previews_line: str, forced_errors) -> None:
    atomic_write_text(root / "plan.json", _json(plan))
    feeds = feeds_with_file_names(plan)
    for i, feed in enumerate(feeds, 1):
        atomic_write_text(root / ("asset_feed_spec.json" if i == 1 else f"asset_feed_spec-{i}.json"), _json(feed))
    script = root / "publish.sh"
    atomic_write_text(script, publish_script(plan))
    os.chmod(script, 0o755)
    # The project as it was exported, so import-spec can restore all of it (pins, approvals,
    # templates); asset paths point at the project's own folder, images are under images/.
    atomic_write_text(root / PROJECT_COPY, _json(project_to_dict(project)))
    atomic_write_text(root / "README.md", bundle_readme(project, plan, len(feeds), previews_line, forced_errors))
    manifest = {
        "bundle_version": BUNDLE_VERSION,
        "made_by": "dcstudio",
        "project": project.name,
        "created": plan["created"],
        "files": {rel: _sha256(root / rel) for rel in bundle_files(root)},
    }
    atomic_write_text(root / "manifest.json", _json(manifest))
    # Last: the marker is what lets a later export recognise (and move aside) this one.
    atomic_write_text(root / MARKER_NAME, _json(marker(BUNDLE_VERSION, plan["created"], bundle_files(root))))


def zip_entry_name(rel: str) -> str:
    """``rel`` as a zip entry; refuses a name an unzip could place outside its folder."""
    parts = rel.split("/")
    if not rel or "\\" in rel or "\x00" in rel or rel.startswith("/") or any(p in ("", ".", "..") for p in parts) \
            or ":" in parts[0]:
        raise BadInputError(f"{rel}: a zip entry may not hold '..', a leading '/' or a backslash (an unzip "
                            "could write it elsewhere); rename the file it comes from, or export to a folder")
    return rel


def bundle_files(root: Path) -> list[str]:
    """The regular files under ``root`` as "/"-separated names; links are never followed or taken."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not os.path.islink(os.path.join(folder, d)))
        for name in files:
            path = Path(folder, name)
            if stat.S_ISREG(os.lstat(path).st_mode):
                found.append(path.relative_to(root).as_posix())
    return sorted(found)


def write_zip(root: Path, path: Path) -> None:
    """Zips the files the bundle made under ``root`` (as its marker lists them) into ``path``."""
    listed = json.loads((root / MARKER_NAME).read_text("utf-8"))["files"]
    names = [zip_entry_name(rel) for rel in [*listed, MARKER_NAME]]
    with open(path, "xb") as fh:
        with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
            for rel in sorted(names):
                p = root / rel
                mode = os.lstat(p).st_mode
                if not stat.S_ISREG(mode):
                    raise BadInputError(f"{rel}: not a regular file the bundle wrote; not zipped")
                # The file's own time (the zip format holds 1980 on): people sort and compare by it.
                made = time.localtime(max(os.lstat(p).st_mtime, 315532800 + 86400))
                info = zipfile.ZipInfo(rel, date_time=made[:6])
                info.external_attr = (mode & 0o777) << 16
                info.compress_type = zipfile.ZIP_STORED if p.suffix in (".jpg", ".png", ".pdf") \
                    else zipfile.ZIP_DEFLATED
                zf.writestr(info, p.read_bytes())
        fh.flush()
        os.fsync(fh.fileno())


def _finish(work: Path, root: Path, out: Path, project_folder, replace: bool, on_replace) -> None:
    made = root
    if is_zip_target(out):
        made = work / "bundle.zip"
        write_zip(root, made)
    # Asked again: the folder may have changed during a long export.
    earlier = inspect_target(out, project_folder)
    if earlier and not replace:
        raise EarlierExport(out)
    aside = move_aside(out) if earlier else None
    try:
        os.replace(made, out)
    except BaseException:
        if aside is not None:
            os.rename(aside, out)
        raise
    _fsync_dir(out.parent)
    if aside is not None and on_replace is not None:
        on_replace(aside)


def _fsync_dir(folder: Path) -> None:
    if os.name == "posix":  # the rename is durable once the folder's entry is on disk
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
