"""Bringing images in (file dialog, dropped files, paste), their crops and their thumbnails.

A file the core refuses (not an image, truncated, HEIC, too large) becomes a message in the
window, never an exception.
"""
from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog

from dcstudio.core.model.images import IMAGE_SUFFIXES, open_display_image
from dcstudio.core.model.project_folder import import_image
from dcstudio.core.values.errors import DcError
from dcstudio.qt.commands import AddAssetCommand, ReplaceAssetCommand
from dcstudio.qt.crop_dialog import CropDialog
from dcstudio.qt.workers import Worker, pil_to_qimage

THUMB_PX = 96


class ImageFileDialog:
    @classmethod
    def ask(cls, parent, start: str = "") -> list[str]:
        patterns = " ".join(f"*{s}" for s in IMAGE_SUFFIXES)
        files, _ = QFileDialog.getOpenFileNames(parent, "Add images", start, f"Images ({patterns});;All files (*)")
        return files


def _import_all(project, paths: list[str]):
    """On a worker: each file checked and copied into the project; refusals kept as messages."""
    assets, refused = [], []
    for path in paths:
        try:
            assets.append(import_image(project, path))
        except DcError as exc:
            refused.append(str(exc))
    return assets, refused


def _thumbnail(path: Path) -> QImage:
    im = open_display_image(path, min_size=(THUMB_PX, THUMB_PX))
    im.thumbnail((THUMB_PX, THUMB_PX))
    return pil_to_qimage(im)


class ImageActions(QObject):
    problem = Signal(str)
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
        message. ``imports_done`` reports the new asset ids (possibly none)."""
        paths = [str(p) for p in paths]
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
        stack = document.undo_stack
        if len(assets) > 1:
            stack.beginMacro(f"Add {len(assets)} images")
        for asset in assets:
            command = AddAssetCommand(project, "images", asset)
            stack.push(command)
            added.append(command.asset.id)
        if len(assets) > 1:
            stack.endMacro()
        if refused:
            self.problem.emit("Could not add " + ("; ".join(refused)))
        elif added:
            self.problem_solved.emit()
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
        crop = CropDialog.ask(parent, project, asset)
        if crop is not None and crop != asset.crop:
            document.push(ReplaceAssetCommand(project, replace(asset, crop=crop), f"Crop {asset_id}"))

    def load_thumbnails(self, project, model) -> None:
        for asset in project.pools["images"]:
            token = (asset.id, asset.sha256)
            if asset.id in model.thumbnails or asset.id in model.thumbnail_problems or token in self._loading \
                    or asset.id in project.file_problems:
                continue
            self._loading.add(token)

            def done(image, error, token=token, model=model):
                self._loading.discard(token)
                # Shown if the list's project (the one it shows now: it may have been replaced
                # meanwhile) has that picture under that id; the content hash says it is the same.
                asset = model.project.find(token[0]) if model.project is not None else None
                if asset is None or asset.sha256 != token[1]:
                    return
                if error is None:
                    model.set_thumbnail(token[0], image)
                elif isinstance(error, DcError):  # a file that cannot be shown: say why, never retry
                    model.set_thumbnail_problem(token[0], str(error))

            # Resolved on the worker: a file turned into a link out of the project since it was
            # loaded comes back as that thumbnail's problem, not as an exception in a slot.
            def submit(done=done, file=asset.file):
                self.worker.submit(lambda: _thumbnail(project.resolve(file)), done)

            if self.gate is None:
                submit()
            else:
                self.gate.defer(("thumbnail", token), submit)
