"""One combination, large: any placement, story safe zones on demand, and what it is made of."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout

from dcstudio.core.model.combinations import number_of
from dcstudio.core.values.placements import all_placements
from dcstudio.core.values.placements import placement as placement_of
from dcstudio.qt.workers import Worker, pil_to_qimage

LARGE_PX = 540


def _render_large(project, combination, placement, safe_zones):
    from dcstudio.core.render import render_preview

    size = LARGE_PX // placement_of(placement).card_divisor
    return pil_to_qimage(render_preview(project, combination, placement, size, safe_zones=safe_zones))


def combination_title(project, combination, placement: str) -> str:
    """``Combination #12: img2-title1-...``; under customization rules each placement numbers its
    own combinations, so the number says which one counted it (``#12 in Story 9:16``)."""
    where = f" in {placement_of(placement).title}" if project.customization.rules else ""
    return f"Combination #{number_of(combination)}{where}: {combination.slug()}"


class FittedImage(QLabel):
    """The whole mockup, always: shown at its own size, or scaled down to fit (a story is taller
    than most screens), never cut off behind a scroll bar."""

    def __init__(self, text: str = ""):
        super().__init__(text)
        self.setAlignment(Qt.AlignCenter)
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Ignored)  # may shrink below the image
        self.setMinimumSize(200, 200)
        self.setStyleSheet("background: #f4f5f7;")
        self._image: QImage | None = None

    def set_image(self, image: QImage) -> None:
        self._image = image
        self._fit()

    def setText(self, text: str) -> None:  # noqa: N802
        self._image = None  # a message replaces the picture, also after the next resize
        super().setText(text)

    def shown_size(self):
        """The size the mockup is shown at now (for tests and the window title)."""
        pixmap = self.pixmap()
        return None if pixmap is None or pixmap.isNull() else pixmap.size() / pixmap.devicePixelRatio()

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


class CombinationPreviewDialog(QDialog):
    def __init__(self, project, combination, placement: str, parent=None):
        super().__init__(parent)
        self.project, self.combination = project.snapshot(), combination
        self.setWindowTitle(combination_title(project, combination, placement))
        self.placement = QComboBox()
        for spec in all_placements():
            self.placement.addItem(spec.title, spec.id)
        self.placement.setCurrentIndex(max(0, self.placement.findData(placement)))
        self.safe_zones = QCheckBox("Show safe zones")
        self.image = FittedImage("Rendering…")
        parts = QLabel(self._describe())
        parts.setTextFormat(Qt.RichText)
        parts.setWordWrap(True)
        parts.setAlignment(Qt.AlignTop)
        parts.setFixedWidth(260)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Placement"))
        bar.addWidget(self.placement)
        bar.addWidget(self.safe_zones)
        bar.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.image, 1)
        body.addWidget(parts)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(body, 1)
        self.resize(920, 820)
        self._worker = Worker(1, self)
        self._request = 0
        self.placement.currentIndexChanged.connect(self.render)
        self.safe_zones.toggled.connect(self.render)
        self.rendered = False
        self.render()

    def _describe(self) -> str:
        rows = []
        for name, asset_id in zip(self.combination.names, self.combination.ids, strict=False):
            asset = self.project.find(asset_id)
            text = asset.display_name if asset else asset_id
            rows.append(f"<p><span style='color:#6b7280'>{name} · {asset_id}</span><br>{text}</p>")
        if self.combination.cards:
            rows.insert(0, f"<p><span style='color:#6b7280'>cards</span><br>{', '.join(self.combination.cards)}</p>")
        return "".join(rows)

    def render(self) -> None:
        placement = self.placement.currentData()
        zoned = placement_of(placement).safe_zones is not None
        self.safe_zones.setEnabled(zoned)
        self._request += 1
        request = self._request
        self._worker.submit(_render_large, lambda image, error: self._show(request, image, error),
                            self.project, self.combination, placement,
                            self.safe_zones.isChecked() and zoned)

    def _show(self, request: int, image, error) -> None:
        if request != self._request:
            return
        if error is not None:
            self.image.setText(f"Cannot draw this preview:\n{error}")
        else:
            self.image.set_image(image)
        self.rendered = True

    def done(self, result: int) -> None:
        self._worker.shutdown()
        super().done(result)

    @classmethod
    def show_for(cls, parent, project, combination, placement: str) -> CombinationPreviewDialog:
        dialog = cls(project, combination, placement, parent)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.show()
        return dialog
