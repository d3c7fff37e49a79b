"""One combination, large: any placement, story safe zones on demand, and what it is made of."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QHBoxLayout, QLabel, QScrollArea,
                               QVBoxLayout)

from dcstudio.qt.preview_grid import PLACEMENT_TITLES
from dcstudio.qt.workers import Worker, pil_to_qimage, snapshot

LARGE_PX = 540


def _render_large(project, combination, placement, safe_zones):
    from dcstudio.core.render import render_preview

    size = LARGE_PX // 2 if placement == "carousel" else LARGE_PX
    return pil_to_qimage(render_preview(project, combination, placement, size, safe_zones=safe_zones))


class CombinationPreviewDialog(QDialog):
    def __init__(self, project, combination, placement: str, parent=None):
        super().__init__(parent)
        self.project, self.combination = snapshot(project), combination
        self.setWindowTitle(f"Combination #{combination.index + 1}: {combination.slug()}")
        self.placement = QComboBox()
        for key, title in PLACEMENT_TITLES.items():
            self.placement.addItem(title, key)
        self.placement.setCurrentIndex(max(0, self.placement.findData(placement)))
        self.safe_zones = QCheckBox("Show safe zones")
        self.image = QLabel("Rendering…")
        self.image.setAlignment(Qt.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.image)
        scroll.setWidgetResizable(True)
        scroll.setStyleSheet("QScrollArea { background: #f4f5f7; border: none; }")
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
        body.addWidget(scroll, 1)
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
        for name, asset_id in zip(self.combination.names, self.combination.ids):
            asset = self.project.find(asset_id)
            text = asset.display_name if asset else asset_id
            rows.append(f"<p><span style='color:#6b7280'>{name} · {asset_id}</span><br>{text}</p>")
        if self.combination.cards:
            rows.insert(0, f"<p><span style='color:#6b7280'>cards</span><br>{', '.join(self.combination.cards)}</p>")
        return "".join(rows)

    def render(self) -> None:
        placement = self.placement.currentData()
        self.safe_zones.setEnabled(placement == "story")
        self._request += 1
        request = self._request
        self._worker.submit(_render_large, lambda image, error: self._show(request, image, error),
                            self.project, self.combination, placement,
                            self.safe_zones.isChecked() and placement == "story")

    def _show(self, request: int, image, error) -> None:
        if request != self._request:
            return
        if error is not None:
            self.image.setText(f"Cannot draw this preview:\n{error}")
        else:
            self.image.setPixmap(QPixmap.fromImage(image))
        self.rendered = True

    def done(self, result: int) -> None:
        self._worker.shutdown()
        super().done(result)

    @classmethod
    def show_for(cls, parent, project, combination, placement: str) -> "CombinationPreviewDialog":
        dialog = cls(project, combination, placement, parent)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.show()
        return dialog
