"""Where an export may be written, and what happens to an earlier export there.

An export goes to a new or empty folder (or a new .zip), or replaces an earlier export the
studio wrote itself, recognised only by the marker it leaves: ``.dcstudio-export.json`` inside
the folder, or an entry of that name inside the zip. A ``manifest.json`` proves nothing: web
apps and other tools write one too. An earlier export is replaced only when the caller says so,
and then it is moved aside to a sibling (``DIR.previous-YYYYmmdd-HHMMSS``), never deleted, so
files a person added to it survive. The project's own folder, a folder inside it or holding it,
the home folder and the filesystem root are refused outright.
"""
from __future__ import annotations

import os
import stat
import zipfile
from datetime import datetime
from pathlib import Path

from dcstudio.core.values.errors import BadInputError
from dcstudio.core.values.json_input import JsonInputError, parse_json

MARKER_NAME = ".dcstudio-export.json"
MARKER_WRITER = "dcstudio export"
# A marker lists a bundle's files: a few thousand names at most, far below this.
_MARKER_MAX_BYTES = 16 * 1024 * 1024


class EarlierExport(BadInputError):
    """``out`` holds an earlier export, and replacing it was not asked for."""

    def __init__(self, out):
        self.path = Path(out)
        super().__init__(f"{self.path}: holds an earlier export; replacing it moves it aside to "
                         f"{aside_pattern(self.path)} (nothing is deleted)")


def is_zip_target(out: Path) -> bool:
    return out.suffix.lower() == ".zip"


def aside_pattern(out: Path) -> str:
    """How the sibling an earlier export is moved to is named, for messages."""
    return _aside_name(out, "YYYYmmdd-HHMMSS")


def _aside_name(out: Path, stamp: str) -> str:
    if is_zip_target(out):
        return f"{out.stem}.previous-{stamp}{out.suffix}"
    return f"{out.name}.previous-{stamp}"


def marker(bundle_version: int, created: str, files) -> dict:
    return {"written_by": MARKER_WRITER, "bundle_version": bundle_version, "created": created,
            "files": sorted(files)}


def _is_marker(raw: bytes) -> bool:
    try:
        doc = parse_json(raw)
    except (JsonInputError, UnicodeDecodeError):
        return False
    return (isinstance(doc, dict) and doc.get("written_by") == MARKER_WRITER
            and type(doc.get("bundle_version")) is int and isinstance(doc.get("files"), list))


def _folder_has_marker(folder: Path) -> bool:
    path = folder / MARKER_NAME
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MARKER_MAX_BYTES:
            return False  # a link or a folder under the marker's name was not written by an export
        return _is_marker(path.read_bytes())
    except OSError:
        return False


def _zip_has_marker(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo(MARKER_NAME)
            if info.file_size > _MARKER_MAX_BYTES:
                return False
            return _is_marker(zf.read(info))
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError):
        return False  # not a zip, damaged, encrypted or without the marker: not an export


def _refuse_special_folders(out: Path, project_folder) -> None:
    real = Path(os.path.realpath(out))
    if project_folder is not None:
        project = Path(os.path.realpath(project_folder))
        if real == project:
            raise BadInputError(f"{out}: is the project's own folder; an export there would replace the "
                                "project. Choose a folder outside it")
        if project in real.parents:
            raise BadInputError(f"{out}: is inside the project's folder {project_folder}; choose a folder "
                                "outside it")
        if real in project.parents:
            raise BadInputError(f"{out}: holds the project's folder {project_folder}; choose a folder "
                                "outside it")
    if real == Path(real.anchor):
        raise BadInputError(f"{out}: is the root of the file system; choose a folder of its own for the export")
    if real == Path(os.path.realpath(Path.home())):
        raise BadInputError(f"{out}: is the home folder; choose a folder of its own for the export")


def inspect_target(out, project_folder=None) -> bool:
    """True when ``out`` holds an earlier export (to be moved aside), False when it is free.

    Raises BadInputError for a target an export must not touch: the project's folder and its
    relatives, a symbolic link, a folder holding other files, a file that is not an exported zip.
    """
    out = Path(out)
    if os.path.islink(out):
        raise BadInputError(f"{out}: is a symbolic link; give the folder or file it points to")
    if is_zip_target(out):
        if out.is_dir():
            raise BadInputError(f"{out}: is a folder; give a .zip file name or a folder without .zip")
        if not out.exists():
            return False
        if not out.is_file() or not _zip_has_marker(out):
            raise BadInputError(f"{out}: exists and is not a zip that dcstudio exported (it has no "
                                f"{MARKER_NAME}); choose another file name")
        return True
    if out.exists() and not out.is_dir():
        raise BadInputError(f"{out}: is a file; export writes a folder (or a .zip: end the name in .zip)")
    _refuse_special_folders(out, project_folder)
    if not out.exists() or not any(out.iterdir()):
        return False
    if not _folder_has_marker(out):
        raise BadInputError(f"{out}: the folder is not empty and holds no earlier export (no {MARKER_NAME}); "
                            "choose an empty or new folder")
    return True


def move_aside(out: Path, now: datetime | None = None) -> Path:
    """Renames the earlier export ``out`` to a free sibling name; returns that name."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    base = _aside_name(out, stamp)
    for n in range(1, 1000):
        aside = out.with_name(base if n == 1 else _aside_name(out, f"{stamp}-{n}"))
        if not os.path.lexists(aside):
            os.rename(out, aside)
            return aside
    raise BadInputError(f"{out}: too many earlier exports moved aside next to it; remove some of them")
