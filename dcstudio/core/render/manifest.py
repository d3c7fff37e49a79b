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
digits>-<name>.jpg|png``, ``\\`` read as ``/``), so a damaged or foreign record cannot reach other
files; and only a regular file in a real placement folder of the output folder is ever removed,
never one reached through a symbolic link.
"""
from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

from dcstudio.core.values.atomic import atomic_write_text
from dcstudio.core.values.errors import BadInputError
from dcstudio.core.values.json_input import parse_json
from dcstudio.core.values.placements import placement_ids

MANIFEST_NAME = ".dcstudio-render.json"
MANIFEST_VERSION = 1
_PREVIEW_FILE = re.compile(r"\d{5}-[^/\\\x00]+\.(?:jpg|png)")


def is_preview_path(rel) -> bool:
    """True for ``<placement>/<number>-<assets>.jpg|png``, the only paths a render writes."""
    if not isinstance(rel, str) or "/" not in rel:
        return False
    folder, name = rel.split("/", 1)
    return folder in placement_ids() and _PREVIEW_FILE.fullmatch(name) is not None


def _listed_name(rel):
    """A name read from a record, with ``\\`` as a separator (a record made or edited on
    Windows); None unless it is a preview's path."""
    if not isinstance(rel, str):
        return None
    rel = rel.replace("\\", "/")
    return rel if is_preview_path(rel) else None


def previous_files(out_dir: Path) -> set[str]:
    """The previews an earlier render recorded in ``out_dir`` (empty when none did)."""
    listed = _read_json(out_dir / MANIFEST_NAME)
    if isinstance(listed, dict) and listed.get("version") == MANIFEST_VERSION \
            and isinstance(listed.get("files"), list):
        return {rel for rel in map(_listed_name, listed["files"]) if rel}
    index = _read_json(out_dir / "index.json")  # a folder from before the record existed
    if _is_index(index):
        return {rel for rel in (_listed_name(e.get("file")) for e in index["files"] if isinstance(e, dict)) if rel}
    return set()


def placement_folder(out_dir: Path, placement: str, *, make: bool = False) -> Path:
    """``out_dir/placement``, refused (BadInputError) when it is a symbolic link or otherwise
    lies outside ``out_dir``: a render writes and removes only inside its own output folder."""
    folder = out_dir / placement
    if os.path.islink(folder):
        raise BadInputError(f"{folder}: is a symbolic link; a render writes only into real folders of its "
                            "output folder. Remove the link or choose another output folder")
    if make:
        folder.mkdir(parents=True, exist_ok=True)
    if os.path.realpath(folder) != os.path.join(os.path.realpath(out_dir), placement):
        raise BadInputError(f"{folder}: lies outside the output folder {out_dir}; choose another output folder")
    return folder


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
        return parse_json(path.read_bytes())
    except (OSError, ValueError):  # missing, unreadable or damaged: as if there were no record
        return None


def previews_present(out_dir: Path) -> set[str]:
    """Preview-named files in the placement folders of ``out_dir``, whoever wrote them."""
    found = set()
    for placement in placement_ids():
        if os.path.islink(out_dir / placement):
            continue  # not a folder of this render's: nothing in it is counted or touched
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

    A placement folder left empty by the removal goes too (a render made it). Only a regular file
    named like a preview, in a real placement folder inside ``out_dir``, is removed.
    """
    removed, kept = [], []
    emptied = set()
    for rel in sorted({r for r in map(_listed_name, stale) if r}):
        placement, name = rel.split("/")
        try:
            path = placement_folder(out_dir, placement) / name
            if not stat.S_ISREG(os.lstat(path).st_mode):
                continue  # replaced by a link or something else that is not a preview file
            path.unlink()
        except (BadInputError, FileNotFoundError):
            continue  # outside the folder, or gone
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
