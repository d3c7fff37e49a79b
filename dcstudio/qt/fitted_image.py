"""A picture that is never cut off: shown at its own size, or scaled down to the room it has."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy


class FittedImage(QLabel):
    """The whole picture, always: at its own size, or scaled down to fit (a story is taller than
    most screens; a preview in a narrow dock is wider than the dock), never behind a scroll bar.

    ``follow_width``: in a scrolling column, as wide as the column lets it (up to its own width)
    and as tall as that width makes it; otherwise it takes the room its layout gives it."""

    def __init__(self, text: str = "", *, minimum: QSize = QSize(200, 200), follow_width: bool = False):
        super().__init__(text)
        self.follow_width = follow_width
        self.setAlignment(Qt.AlignCenter)
        # may shrink below the image
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred if follow_width else QSizePolicy.Ignored)
        self.setMinimumSize(minimum)
        self._image: QImage | None = None

    def set_image(self, image: QImage) -> None:
        self._image = image
        self.updateGeometry()
        self._fit()

    def image(self) -> QImage | None:
        """The picture at its own size (what is shown may be scaled down)."""
        return self._image

    def setText(self, text: str) -> None:  # noqa: N802
        self._image = None  # a message replaces the picture, also after the next resize
        super().setText(text)

    def shown_size(self):
        """The size the picture is shown at now (for tests and the window title)."""
        pixmap = self.pixmap()
        return None if pixmap is None or pixmap.isNull() else pixmap.size() / pixmap.devicePixelRatio()

    def _own_size(self) -> QSize | None:
        if self._image is None:
            return None
        return self._image.size() / self.devicePixelRatioF()

    def sizeHint(self) -> QSize:  # noqa: N802
        own = self._own_size() if self.follow_width else None
        return own if own is not None else super().sizeHint()

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return self.follow_width and self._image is not None

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        own = self._own_size()
        if not self.follow_width or own is None or own.width() <= 0:
            return super().heightForWidth(width)
        return max(self.minimumHeight(), round(min(width, own.width()) * own.height() / own.width()))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self._image is None:
            return
        dpr = self.devicePixelRatioF()
        room = self.contentsRect().size() * dpr
        image = self._image
        if image.width() > room.width() or image.height() > room.height():
            image = image.scaled(room, Qt.KeepAspectRatio, Qt.SmoothTransformation)
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(dpr)
        self.setPixmap(pixmap)
