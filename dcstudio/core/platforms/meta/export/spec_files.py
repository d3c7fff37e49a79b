"""The files a handed-over spec or bundle names, kept inside its folder and checked against the
sha256 the plan recorded."""
from __future__ import annotations

import re
from pathlib import Path

from dcstudio.core.model.images import sha256_file
from dcstudio.core.platforms.meta.export.spec_fields import fail, short

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_DRIVE = re.compile(r"^[A-Za-z]:")


def inside_folder(base: Path, relative, source, where: str) -> Path:
    """The real path of the file ``relative`` names under ``base`` (the spec's own folder).
    A handed-over spec must not make the import copy files from elsewhere on the disk (say
    /etc/passwd) into a project: absolute paths, drive letters, '..' and symbolic links that
    lead out are refused; a backslash counts as a separator, as Windows reads it."""
    if not isinstance(relative, str) or not relative:
        fail(source, where, "is missing" if relative in (None, "") else f"must be a path, not {short(relative)}")
    if "\0" in relative:
        fail(source, where, f"{short(relative)} holds a NUL character, which no file name has")
    text = relative.replace("\\", "/")
    outside = f"{short(relative)} points outside the folder of {Path(str(source)).name}"
    if text.startswith("/"):
        fail(source, where, f"{outside} (an absolute path)")
    if _DRIVE.match(text):
        fail(source, where, f"{outside} (a drive letter)")
    if ".." in text.split("/"):
        fail(source, where, f"{outside} ('..' leaves the folder)")
    try:
        root = base.resolve()
        path = (root / text).resolve()  # follows symbolic links to where the bytes really are
    except (OSError, RuntimeError) as exc:
        fail(source, where, f"{short(relative)} cannot be resolved: {exc}")
    if not path.is_relative_to(root):
        fail(source, where, f"{outside} (a symbolic link leads out of it)")
    return path


def call_file(call: dict, base: Path, source) -> tuple[Path, str]:
    """The file of a plan's image call and its sha256, both checked: inside the bundle, and the
    bytes those the plan recorded (a bundle changed since export is refused, not half-used)."""
    where = f"calls[{call.get('id')}]"
    path = inside_folder(base, call.get("file"), source, f"{where}.file")
    digest = call.get("sha256")
    if digest in (None, ""):
        fail(source, f"{where}.sha256", f"is missing; the plan must record the sha256 of {call.get('file')}")
    if not isinstance(digest, str) or not _SHA256.match(digest.lower()):
        fail(source, f"{where}.sha256", f"must be 64 hex digits, not {short(digest)}")
    if not path.is_file():
        fail(source, f"{where}.file", f"the bundle has no file {call.get('file')}")
    if sha256_file(path) != digest.lower():
        fail(source, f"{where}.file", f"{call.get('file')} differs from the sha256 plan.json records; "
                                      "the bundle was changed")
    return path, digest.lower()
