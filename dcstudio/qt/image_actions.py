"""Bringing images and videos in (file dialog, dropped files, paste), crops and thumbnails.

A file the core refuses (not an image, truncated, HEIC, too large) becomes a message in the
window, never an exception.
"""
from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen
from PySide6.QtWidgets import QFileDialog, QWidget

from dcstudio.core.model.images import IMAGE_SUFFIXES, open_display_image
from dcstudio.core.model.project_folder import import_image, import_video
from dcstudio.core.model.videos import VIDEO_SUFFIXES
from dcstudio.core.values.errors import DcError
from dcstudio.core.values.profiles import limits_for
from dcstudio.qt.commands import AddAssetCommand, ReplaceAssetCommand
from dcstudio.qt.lazy_import import lazy_names
from dcstudio.qt.workers import Worker, pil_to_qimage

THUMB_PX = 96
__getattr__ = lazy_names(__name__, CropDialog="dcstudio.qt.crop_dialog")  # imported when a crop is first edited


class ImageFileDialog:
    @classmethod
    def ask(cls, parent, start: str = "") -> list[str]:
        patterns = " ".join(f"*{s}" for s in IMAGE_SUFFIXES)
        files, _ = QFileDialog.getOpenFileNames(parent, "Add images", start, f"Images ({patterns});;All files (*)")
        return files


def is_video_file(path) -> bool:
    return Path(path).suffix.lower() in VIDEO_SUFFIXES


def _import_all(project, paths: list[str]):
    """On a worker: each file checked and copied into the project (with the file it came from),
    MP4 and MOV files as videos (probed, with a poster); refusals kept as messages."""
    assets, refused = [], []
    for path in paths:
        try:
            video = is_video_file(path)
            assets.append((path, import_video(project, path) if video else import_image(project, path)))
        except DcError as exc:
            refused.append(str(exc))
    return assets, refused


def _thumbnail(path: Path) -> QImage:
    im = open_display_image(path, min_size=(THUMB_PX, THUMB_PX))
    im.thumbnail((THUMB_PX, THUMB_PX))
    return pil_to_qimage(im)


def over_limit(project, adding: int) -> str | None:
    """What adding ``adding`` images to ``project`` does to the profile's most images, in words;
    None when they fit."""
    most = limits_for(project.profile).most.get("images")
    have = len(project.pools["images"])
    if most is None or have + adding <= most:
        return None
    return (f"Adding {adding} image{'s' if adding != 1 else ''} makes {have + adding}: an ad takes at most "
            f"{most}. The checks flag the {have + adding - most} over; remove some before exporting.")


class ImageActions(QObject):
    problem = Signal(str)
    warning = Signal(str)  # going over the profile's most images, a duplicate left out
    problem_solved = Signal()  # an import or paste went through: an earlier refusal is old news
    imports_done = Signal(list)  # new asset ids, after each import_files

    def __init__(self, worker: Worker, *, gate=None, parent=None, start_folder=None):
        super().__init__(parent)
        self.worker = worker
        self.start_folder = start_folder or (lambda: "")  # where the file dialog opens
        self.gate = gate  # FirstScreenGate: thumbnails wait for the first screen of previews
        self._loading: set[tuple[str, str]] = set()

    def choose_and_import(self, parent) -> None:
        paths = ImageFileDialog.ask(parent, start=self.start_folder())
        if paths and parent.document is not None:
            self.import_files(parent.document, paths)

    def import_files(self, document, paths) -> None:
        """Checks and copies the files on a worker (a 16-megapixel photo takes a while to verify),
        then adds them on the GUI thread as one undoable step. Each refused file is named in a
        message. ``imports_done`` reports the new asset ids (possibly none). Going over the
        profile's most images is said at once; a picture already in the project is not added again."""
        paths = [str(p) for p in paths]
        pictures = [p for p in paths if not is_video_file(p)]
        too_many = over_limit(document.project, len(pictures)) if pictures else None
        if too_many:
            self.warning.emit(too_many)
        self.worker.submit(_import_all, lambda result, error: self._add_imported(document, result, error),
                           document.project, paths)

    def _add_imported(self, document, result, error) -> None:
        if error is not None:
            raise error  # not a refused file (those come back in result): a bug to see
        assets, refused = result
        project, added = document.project, []
        if document.parent() is None:  # another project was opened meanwhile
            self.imports_done.emit([])
            return
        # The same picture twice makes identical ads (and Meta refuses duplicate images): kept once.
        known = {a.sha256: a.id for pool in ("images", "videos") for a in project.pools[pool] if a.sha256}
        fresh, repeats = [], []
        for path, asset in assets:
            if asset.sha256 in known:
                what = "video" if hasattr(asset, "facts") else "picture"
                repeats.append(f"{Path(path).name} is the same {what} as {known[asset.sha256]}")
            else:
                known[asset.sha256] = Path(path).name  # twice in one drop: the first is kept
                fresh.append(asset)
        stack = document.undo_stack
        if len(fresh) > 1:
            kinds = {"videos" if hasattr(a, "facts") else "images" for a in fresh}
            stack.beginMacro(f"Add {len(fresh)} {kinds.pop() if len(kinds) == 1 else 'files'}")
        for asset in fresh:
            command = AddAssetCommand(project, "videos" if hasattr(asset, "facts") else "images", asset)
            stack.push(command)
            added.append(command.asset.id)
        if len(fresh) > 1:
            stack.endMacro()
        if refused:
            self.problem.emit("Could not add " + ("; ".join(refused)))
        elif added:
            self.problem_solved.emit()
        if repeats:
            self.warning.emit("Not added again: " + "; ".join(repeats))
        self.imports_done.emit(added)

    def paste(self, document) -> None:
        """Ctrl+V: image files copied in a file manager, or a picture copied from any program."""
        data = QGuiApplication.clipboard().mimeData()
        if data is not None and data.hasUrls():
            files = [u.toLocalFile() for u in data.urls() if u.isLocalFile()]
            if files:
                self.import_files(document, files)
                return
        image = QGuiApplication.clipboard().image()
        if image.isNull():
            self.problem.emit("The clipboard holds no image to paste")
            return
        folder = Path(tempfile.mkdtemp(prefix="dcstudio-paste-"))
        path = folder / f"pasted-{time.strftime('%Y%m%d-%H%M%S')}.png"
        if not image.save(str(path), "PNG"):
            self.problem.emit("The pasted image could not be stored")
            return
        self.import_files(document, [str(path)])

    def edit_crop(self, parent, document, asset_id: str) -> None:
        project = document.project
        asset = project.asset(asset_id)
        if asset_id in project.file_problems:
            self.problem.emit(f"Cannot crop {asset_id}: {project.file_problems[asset_id]}")
            return
        from dcstudio.qt.crop_dialog import CropDialog  # loaded when first used (it pulls in the linter)

        crop = CropDialog.ask(parent, project, asset)
        if crop is not None and crop != asset.crop:
            document.push(ReplaceAssetCommand(project, replace(asset, crop=crop), f"Crop {asset_id}"))

    def load_thumbnails(self, project, model, pool: str = "images") -> None:
        """The pool list's small pictures, on the worker: an image's own, a video's poster."""
        for asset in project.pools[pool]:
            file = asset.file if pool == "images" else asset.thumbnail
            if not file:
                continue
            token = (asset.id, asset.sha256 if pool == "images" else file)
            if asset.id in model.thumbnails or asset.id in model.thumbnail_problems or token in self._loading \
                    or asset.id in project.file_problems:
                continue
            self._loading.add(token)

            def done(image, error, token=token, model=model):
                self._loading.discard(token)
                # Shown if the list's project (the one it shows now: it may have been replaced
                # meanwhile) has that picture under that id; the content hash says it is the same.
                asset = model.project.find(token[0]) if model.project is not None else None
                if asset is None or token[1] not in (asset.sha256, getattr(asset, "thumbnail", None)):
                    return
                if error is None:
                    model.set_thumbnail(token[0], image)
                elif isinstance(error, DcError):  # a file that cannot be shown: say why, never retry
                    model.set_thumbnail_problem(token[0], str(error))

            # Resolved on the worker: a file turned into a link out of the project since it was
            # loaded comes back as that thumbnail's problem, not as an exception in a slot.
            def submit(done=done, file=file):
                self.worker.submit(lambda: _thumbnail(project.resolve(file)), done)

            if self.gate is None:
                submit()
            else:
                self.gate.defer(("thumbnail", token), submit)


class DropHighlight(QWidget):
    """Over the whole window while image files are dragged over it: where they go, and that they may."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setAttribute(Qt.WA_TransparentForMouseEvents)  # the drag still finds the window's widgets
        self.hide()

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.fillRect(self.rect(), QColor(61, 124, 245, 40))
        painter.setPen(QPen(QColor("#3d7cf5"), 3, Qt.DashLine))
        painter.drawRoundedRect(self.rect().adjusted(6, 6, -6, -6), 10, 10)
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#1f4fb8"))
        painter.drawText(self.rect(), Qt.AlignCenter, "Drop the images or videos to add them to the project")


class WindowDrops(QObject):
    """Image files dropped anywhere on ``window`` are added to its document's images, with a
    highlight while they are dragged over it. (Widgets that take drops themselves, the images
    list and text fields, keep theirs.)"""

    def __init__(self, window, actions: ImageActions):
        super().__init__(window)
        self.window, self.actions = window, actions
        self.highlight = DropHighlight(window)
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    @staticmethod
    def files_of(event) -> list[str]:
        data = event.mimeData()
        return [u.toLocalFile() for u in data.urls() if u.isLocalFile()] if data.hasUrls() else []

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        kind = event.type()
        if watched is not self.window or kind not in (QEvent.DragEnter, QEvent.DragMove, QEvent.DragLeave,
                                                      QEvent.Drop):
            return False
        if kind == QEvent.DragLeave:
            self.highlight.hide()
            return False
        files = self.files_of(event)
        if not files or self.window.document is None:
            return False
        if kind == QEvent.Drop:
            self.highlight.hide()
            event.acceptProposedAction()
            self.actions.import_files(self.window.document, files)
            return True
        event.acceptProposedAction()
        if kind == QEvent.DragEnter:
            self.highlight.setGeometry(self.window.rect())
            self.highlight.raise_()
            self.highlight.show()
        return True
