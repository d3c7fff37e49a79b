"""A project is a folder: dcstudio.json plus assets/, where imported files are copied.

Paths in the file are relative, so a folder can be zipped, moved, shared and kept in git.
Each asset file carries its sha256; a missing or changed file is reported, never silently used.
"""
from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

from dcstudio.core.model.assets import OUTSIDE_PROJECT, ImageAsset, VideoAsset, inside_folder
from dcstudio.core.model.hash_memo import file_sha256
from dcstudio.core.model.images import probe_image, sha256_file
from dcstudio.core.model.project import Project
from dcstudio.core.model.project_format import PROJECT_FILE, dumps, project_from_dict
from dcstudio.core.values.atomic import atomic_write_text
from dcstudio.core.values.crops import Crop
from dcstudio.core.values.errors import DcError, ImageError, ProjectFileError, VideoError
from dcstudio.core.values.json_input import JsonInputError, parse_json

ASSETS_DIR = "assets"


def project_file(path) -> Path:
    """Accepts the folder or the dcstudio.json inside it."""
    path = Path(path)
    return path if path.name == PROJECT_FILE or path.suffix == ".json" else path / PROJECT_FILE


def load_project(path) -> Project:
    """Loads a project folder. Raises ProjectFileError naming the file, field and problem."""
    file = project_file(path)
    if not file.exists():
        where = file.parent
        raise ProjectFileError(file, "no project here"
                               + ("" if where.exists() else f" (folder {where} does not exist)"))
    if file.is_symlink() and inside_folder(file.parent, file.name) is None:
        raise ProjectFileError(file, OUTSIDE_PROJECT)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise ProjectFileError(file, f"cannot be read: {exc.strerror or exc}") from None
    if not raw.strip():
        raise ProjectFileError(file, "the file is empty")
    doc = read_project_json(raw, file)
    if not isinstance(doc, dict):
        raise ProjectFileError(file, "must hold a JSON object at the top level")
    project = project_from_dict(doc, file, folder=file.parent)
    check_files(project)
    return project


def read_project_json(raw: bytes, file) -> object:
    """The parsed JSON of a project file (UTF-8, a BOM allowed); ProjectFileError naming the
    field for what no reader should take: deep nesting, huge numbers, lone surrogates."""
    try:
        return parse_json(raw)
    except JsonInputError as exc:
        field = exc.field if len(exc.field) <= 120 else exc.field[:100] + "…"
        raise ProjectFileError(file, exc.problem, field or None) from None


def check_files(project: Project) -> dict[str, str]:
    """Compares each asset file with its recorded hash; records problems on the project.

    A file that a link takes outside the project folder is a problem, and is neither read nor
    hashed: a shared project must not make the studio read (and export) someone's other files.
    """
    problems: dict[str, str] = {}
    for pool in ("images", "videos"):
        for asset in project.pools[pool]:
            thumbnail = getattr(asset, "thumbnail", None)
            if thumbnail:
                try:
                    project.resolve(thumbnail)
                except ImageError as exc:
                    problems[asset.id] = f"{thumbnail}: thumbnail {exc.reason}"
            if not getattr(asset, "file", None):
                continue
            try:
                path = project.resolve(asset.file)
            except ImageError as exc:
                problems[asset.id] = f"{asset.file}: {exc.reason}"
                continue
            if not path.is_file():
                problems[asset.id] = f"{asset.file}: file is missing"
            elif asset.sha256 and file_sha256(path) != asset.sha256:
                problems[asset.id] = f"{asset.file}: file has changed since it was added (content hash differs)"
    project.file_problems = problems
    return problems


def save_project(project: Project, folder=None) -> Path:
    """Writes dcstudio.json atomically. With a new folder (Save As), asset files are copied along."""
    target = Path(folder) if folder else project.folder
    if target is None:
        raise DcError("the project has no folder yet: choose where to save it")
    target.mkdir(parents=True, exist_ok=True)
    if project.folder and target.resolve() != project.folder.resolve():
        _copy_asset_files(project, target)
    file = target / PROJECT_FILE
    text = dumps(project)
    _check_reopens(text, file)
    atomic_write_text(file, text)
    project.folder = target
    return file


def _check_reopens(text: str, file: Path) -> None:
    """Refuses to write what load_project would refuse: a saved file always opens again."""
    try:
        project_from_dict(read_project_json(text.encode("utf-8"), file), file)
    except ProjectFileError as exc:
        raise DcError(f"{file}: not saved, the file would not open again: "
                      f"{exc.field + ': ' if exc.field else ''}{exc.problem}") from None


def _copy_asset_files(project: Project, target: Path) -> None:
    for pool in ("images", "videos"):
        for asset in project.pools[pool]:
            for rel in (getattr(asset, "file", None), getattr(asset, "thumbnail", None)):
                try:
                    source = project.resolve(rel) if rel else None
                except ImageError:  # outside the project: not copied in (it is a file problem)
                    continue
                if source is not None and source.is_file():
                    dest = target / rel
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(source, dest)


def _safe_name(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") or "image"
    return f"{stem[:60]}.{ext.lower()}" if ext else stem[:60]


def _copy_in(project: Project, source: Path, digest: str, what: str) -> str:
    """Copies ``source`` into assets/ under a safe name (kept once per content); its relative path."""
    folder = project.folder / ASSETS_DIR
    if inside_folder(project.folder, ASSETS_DIR) is None:
        raise DcError(f"{folder}: {OUTSIDE_PROJECT}; {what} are not copied there")
    folder.mkdir(parents=True, exist_ok=True)
    name = _safe_name(source.name)
    dest = folder / name
    n = 2
    # A link is never reused nor written through, even to the same content: it may lead out.
    while dest.is_symlink() or (dest.exists() and sha256_file(dest) != digest):
        stem, _, ext = name.rpartition(".")
        dest = folder / f"{stem}-{n}.{ext}"
        n += 1
    if not dest.exists():
        shutil.copy2(source, dest)
    return dest.relative_to(project.folder).as_posix()


def import_image(project: Project, source, *, label: str = "") -> ImageAsset:
    """Checks an image, copies it into the project's assets/ and returns a new (unadded) asset.

    The same content imported twice is stored once. Raises ImageError naming the file.
    """
    if project.folder is None:
        raise DcError("save the project to a folder before adding images")
    source = Path(source)
    info = probe_image(source)
    digest = sha256_file(source)
    rel = _copy_in(project, source, digest, "images")
    return ImageAsset("", rel, digest, info.width, info.height,
                      Crop.centered(info.width, info.height), label)


def import_video(project: Project, source, *, label: str = "") -> VideoAsset:
    """Probes a video (PyAV), copies it into assets/ with its sha256 and saves its default poster
    beside it as a JPEG; returns a new (unadded) asset. Raises VideoError naming the file."""
    from dcstudio.core.model.videos import VIDEO_SUFFIXES, probe_video

    if project.folder is None:
        raise DcError("save the project to a folder before adding videos")
    source = Path(source)
    if source.suffix.lower() not in VIDEO_SUFFIXES and source.is_file():
        raise VideoError(source, f"is not an MP4 or MOV file (the name ends in {source.suffix or 'nothing'}); "
                                 "Meta takes MP4 and MOV videos")
    facts, poster = probe_video(source)
    digest = sha256_file(source)
    rel = _copy_in(project, source, digest, "videos")
    poster_rel = write_poster(project, rel, poster.image)
    return VideoAsset("", rel, thumbnail=poster_rel, sha256=digest, label=label, facts=facts, poster_at=poster.second)


def write_poster(project: Project, video_rel: str, image) -> str:
    """Saves ``image`` as the poster JPEG of the video at ``video_rel``; its relative path. A new
    poster gets a new name (the old file may be what an earlier save or an undo points at)."""
    from dcstudio.core.model.videos import save_poster

    stem = video_rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    folder = project.folder / ASSETS_DIR
    dest = folder / f"{stem}.poster.jpg"
    n = 2
    while dest.exists() or dest.is_symlink():
        dest = folder / f"{stem}.poster-{n}.jpg"
        n += 1
    save_poster(image, dest)
    return dest.relative_to(project.folder).as_posix()
