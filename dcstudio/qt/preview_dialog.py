"""One combination, large: any placement, story safe zones on demand, and what it is made of."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from dcstudio.core.model.combinations import number_of
from dcstudio.core.values.placements import all_placements
from dcstudio.core.values.placements import placement as placement_of
from dcstudio.qt.fitted_image import FittedImage
from dcstudio.qt.workers import Worker, pil_to_qimage

LARGE_PX = 540


def _render_large(project, combination, placement, safe_zones, first_card=0):
    """On a worker: the mockup and how many cards it has (0: no carousel)."""
    from dcstudio.core.render import compose

    spec = placement_of(placement)
    size = int(LARGE_PX / spec.card_divisor)
    mockup = compose(project, combination, placement, size, safe_zones=safe_zones, first_card=first_card)
    return pil_to_qimage(mockup.image), len(mockup.boxes.get("cards", [])) if spec.shows_cards else 0


def combination_title(project, combination, placement: str) -> str:
    """``Combination #12: img2-title1-...``; under customization rules each placement numbers its
    own combinations, so the number says which one counted it (``#12 in Story 9:16``)."""
    where = f" in {placement_of(placement).title}" if project.customization.rules else ""
    return f"Combination #{number_of(combination)}{where}: {combination.slug()}"


class CombinationPreviewDialog(QDialog):
    """One combination large. Given the grid's ``space`` and the combination's ``row`` in it,
    Previous and Next (and the Page keys) step through the grid's combinations; a carousel
    scrolls through its cards (the ‹ › buttons, or Left and Right)."""

    row_changed = Signal(int)  # the grid's row now shown (after Previous or Next)

    def __init__(self, project, combination, placement: str, parent=None, *, space=None, row: int | None = None):
        super().__init__(parent)
        self.project = project.snapshot()
        self.space, self.row = space, row
        self.placement = QComboBox()
        for spec in all_placements():
            self.placement.addItem(spec.title, spec.id)
        self.placement.setCurrentIndex(max(0, self.placement.findData(placement)))
        self.safe_zones = QCheckBox("Show safe zones")
        self.image = FittedImage("Rendering…")
        self.image.setStyleSheet("background: #f4f5f7;")
        self.parts = QLabel()
        self.parts.setTextFormat(Qt.RichText)
        self.parts.setWordWrap(True)
        self.parts.setAlignment(Qt.AlignTop)
        self.parts.setFixedWidth(260)
        self.previous_button = QPushButton("◀ Previous")
        self.next_button = QPushButton("Next ▶")
        self.previous_button.setShortcut(QKeySequence(Qt.Key_PageUp))
        self.next_button.setShortcut(QKeySequence(Qt.Key_PageDown))
        self.previous_button.setToolTip("The previous combination of the grid (Page Up)")
        self.next_button.setToolTip("The next combination of the grid (Page Down)")
        for button in (self.previous_button, self.next_button):
            button.setAutoDefault(False)
        self.card_back, self.card_on = QPushButton("‹"), QPushButton("›")
        self.card_label = QLabel()
        for button, tip in ((self.card_back, "The previous card (Left)"), (self.card_on, "The next card (Right)")):
            button.setAutoDefault(False)
            button.setFixedWidth(32)
            button.setToolTip(tip)
        self.first_card, self.cards = 0, 0
        bar = QHBoxLayout()
        bar.addWidget(self.previous_button)
        bar.addWidget(self.next_button)
        bar.addSpacing(12)
        bar.addWidget(QLabel("Placement"))
        bar.addWidget(self.placement)
        bar.addWidget(self.safe_zones)
        bar.addStretch(1)
        bar.addWidget(self.card_back)
        bar.addWidget(self.card_label)
        bar.addWidget(self.card_on)
        body = QHBoxLayout()
        body.addWidget(self.image, 1)
        self.side = QVBoxLayout()  # what it is made of, and a video's frames to scrub
        self.side.addWidget(self.parts, 1)
        body.addLayout(self.side)
        self.scrubber = None
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(body, 1)
        self.resize(920, 820)
        self._worker = Worker(1, self)
        self._request = 0
        self.placement.currentIndexChanged.connect(self._on_placement)
        self.safe_zones.toggled.connect(self.render)
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(+1))
        self.card_back.clicked.connect(lambda: self.scroll_cards(-1))
        self.card_on.clicked.connect(lambda: self.scroll_cards(+1))
        self.rendered = False
        self._show_combination(combination)

    def _show_combination(self, combination) -> None:
        self.combination = combination
        self.setWindowTitle(combination_title(self.project, combination, self.placement.currentData()))
        self.parts.setText(self._describe())
        stepping = self.space is not None and self.row is not None
        self.previous_button.setVisible(stepping)
        self.next_button.setVisible(stepping)
        if stepping:
            self.previous_button.setEnabled(self.row > 0)
            self.next_button.setEnabled(self.row < len(self.space) - 1)
        self.first_card = 0
        self._show_scrubber()
        self.render()

    def _show_scrubber(self) -> None:
        """A video of the combination gets a slider whose frames are decoded on the worker, at the
        side column's size (never the whole video)."""
        from dcstudio.core.model.assets import VideoAsset
        from dcstudio.qt.video_actions import FrameScrubber

        if self.scrubber is not None:
            self.side.removeWidget(self.scrubber)
            self.scrubber.deleteLater()
            self.scrubber = None
        video = next((a for a in map(self.project.find, self.combination.ids)
                      if isinstance(a, VideoAsset) and a.file and a.facts), None)
        if video is None or video.id in self.project.file_problems:
            return
        self.scrubber = FrameScrubber(self.project.resolve(video.file), video.facts.duration, self._worker,
                                      size=260, start=video.poster_at or 0.0, parent=self)
        self.side.addWidget(self.scrubber)

    def step(self, by: int) -> None:
        """The combination ``by`` rows on in the grid's order."""
        if self.space is None or self.row is None or not 0 <= self.row + by < len(self.space):
            return
        self.row += by
        self._show_combination(self.space[self.row])
        self.row_changed.emit(self.row)

    def scroll_cards(self, by: int) -> None:
        wanted = max(0, min(self.cards - 1, self.first_card + by))
        if self.cards and wanted != self.first_card:
            self.first_card = wanted
            self.render()

    def _on_placement(self) -> None:
        self.first_card = 0
        self.render()

    def _show_cards(self) -> None:
        shown = self.cards > 1
        for widget in (self.card_back, self.card_label, self.card_on):
            widget.setVisible(shown)
        self.card_label.setText(f"Card {self.first_card + 1} of {self.cards}")
        self.card_back.setEnabled(self.first_card > 0)
        self.card_on.setEnabled(self.first_card < self.cards - 1)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if self.cards > 1 and event.key() in (Qt.Key_Left, Qt.Key_Right) and not self.placement.hasFocus():
            self.scroll_cards(-1 if event.key() == Qt.Key_Left else +1)
            return
        super().keyPressEvent(event)

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
        self.rendered = False
        self._worker.submit(_render_large, lambda result, error: self._show(request, result, error),
                            self.project, self.combination, placement,
                            self.safe_zones.isChecked() and zoned, self.first_card)

    def _show(self, request: int, result, error) -> None:
        if request != self._request:
            return
        if error is not None:
            self.image.setText(f"Cannot draw this preview:\n{error}")
            self.cards = 0
        else:
            image, self.cards = result
            self.image.set_image(image)
        self._show_cards()
        self.rendered = True

    def done(self, result: int) -> None:
        self._worker.shutdown()
        super().done(result)

    @classmethod
    def show_for(cls, parent, project, combination, placement: str, *, space=None,
                 row: int | None = None) -> CombinationPreviewDialog:
        dialog = cls(project, combination, placement, parent, space=space, row=row)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.show()
        return dialog
