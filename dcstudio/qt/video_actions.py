"""Videos in the window: the file dialog, a frame scrubber decoding on a worker, the thumbnail
picker that saves the grabbed frame as the video's poster JPEG (undoable)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QLabel, QSlider, QVBoxLayout, QWidget

from dcstudio.core.model.project_folder import write_poster
from dcstudio.core.model.videos import VIDEO_SUFFIXES, frame_at
from dcstudio.core.render.chrome import duration_text
from dcstudio.core.values.errors import DcError
from dcstudio.qt.commands import ReplaceAssetCommand
from dcstudio.qt.workers import Worker, pil_to_qimage

STEPS_PER_SECOND = 10  # the slider's resolution
SCRUB_DELAY_MS = 40  # a frame is asked for once the slider rests this long: dragging decodes no backlog


class VideoFileDialog:
    @classmethod
    def ask(cls, parent, start: str = "") -> list[str]:
        patterns = " ".join(f"*{s}" for s in VIDEO_SUFFIXES)
        files, _ = QFileDialog.getOpenFileNames(parent, "Add videos", start, f"Videos ({patterns});;All files (*)")
        return files


def _frame(path: Path, second: float, size: int):
    shot = frame_at(path, second, max_size=(size, size))
    return pil_to_qimage(shot.image), shot.second


class FrameScrubber(QWidget):
    """A slider over the video and the frame at its position, decoded on ``worker`` at ``size``
    px (never full size): only the latest position asked for is shown."""

    frame_shown = Signal(float)  # the second of the frame now shown

    def __init__(self, path: Path, duration: float, worker: Worker, *, size: int = 360, start: float = 0.0,
                 parent=None):
        super().__init__(parent)
        self.path, self.duration, self.worker, self.size = Path(path), max(0.0, duration), worker, size
        self.frame = QLabel("Reading the video…")
        self.frame.setAlignment(Qt.AlignCenter)
        self.frame.setMinimumSize(size // 2, size // 2)
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setRange(0, max(0, int(self.duration * STEPS_PER_SECOND) - 1))
        self.slider.setValue(int(start * STEPS_PER_SECOND))
        self.time = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.frame, 1)
        layout.addWidget(self.slider)
        layout.addWidget(self.time)
        self.second = start
        self.shown_second: float | None = None
        self.problem = ""
        self._request = 0
        self._timer = QTimer(self, singleShot=True, interval=SCRUB_DELAY_MS)
        self._timer.timeout.connect(self._ask)
        self.slider.valueChanged.connect(self._moved)
        self._moved(self.slider.value())
        self._ask()

    def _moved(self, value: int) -> None:
        self.second = value / STEPS_PER_SECOND
        self.time.setText(f"{duration_text(self.second)} of {duration_text(self.duration)}  ({self.second:.1f} s)")
        self._timer.start()

    def _ask(self) -> None:
        self._request += 1
        request = self._request
        self.worker.submit(_frame, lambda result, error: self._show(request, result, error),
                           self.path, self.second, self.size)

    def _show(self, request: int, result, error) -> None:
        if request != self._request:
            return  # the slider moved on meanwhile
        if error is not None:
            if not isinstance(error, DcError):
                raise error
            self.problem = str(error)
            self.frame.setText(str(error))
            return
        image, self.shown_second = result
        self.problem = ""
        self.frame.setPixmap(QPixmap.fromImage(image))
        self.frame_shown.emit(self.shown_second)


class ThumbnailPickerDialog(QDialog):
    """Scrub the video and grab the frame shown as its thumbnail."""

    def __init__(self, path: Path, duration: float, start: float, worker: Worker, title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.scrubber = FrameScrubber(path, duration, worker, size=420, start=start, parent=self)
        buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.use = buttons.addButton("Use this frame", QDialogButtonBox.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Drag the slider to the frame the ad shows before the video plays."))
        layout.addWidget(self.scrubber, 1)
        layout.addWidget(buttons)
        self.resize(520, 600)

    @property
    def chosen_second(self) -> float:
        return self.scrubber.second


def _make_poster(project, video_rel: str, path: Path, second: float) -> tuple[str, float]:
    """On a worker: the frame at ``second`` at full size, saved as a new poster JPEG."""
    shot = frame_at(path, second)
    return write_poster(project, video_rel, shot.image), shot.second


def choose_thumbnail(parent, document, asset_id: str, worker: Worker, *, dialog_cls=ThumbnailPickerDialog) -> None:
    project = document.project
    asset = project.asset(asset_id)
    if asset_id in project.file_problems:
        parent.problem.emit(f"Cannot read {asset_id}: {project.file_problems[asset_id]}")
        return
    path = project.resolve(asset.file)
    duration = asset.facts.duration if asset.facts else 0.0
    dialog = dialog_cls(path, duration, asset.poster_at or 0.0, worker, f"Thumbnail of {asset.display_name}",
                        parent)
    if dialog.exec() != QDialog.Accepted:
        return
    second = dialog.chosen_second

    def done(result, error):
        if error is not None:
            if not isinstance(error, DcError):
                raise error
            parent.problem.emit(f"The thumbnail of {asset_id} was not changed: {error}")
            return
        rel, at = result
        current = document.project.find(asset_id)
        if current is not None and document.parent() is not None:
            document.push(ReplaceAssetCommand(document.project, replace(current, thumbnail=rel, poster_at=at),
                                              f"Thumbnail of {asset_id}"))

    worker.submit(_make_poster, done, project, asset.file, path, second)
