"""The catalog ad's format, overlay and frame, edited in the window, with a live preview of one
product drawn on a worker thread (render/overlay_preview.py). Every edit is one undoable command
(SetCatalogFormatCommand); undo, redo and other editors' changes come back through the document.
The choices are the SDK's values (values/meta_enums.py)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dcstudio.core.model.catalog_format import STUDIO_FORMATS, CatalogFormat, FrameLayer, ImageOverlay
from dcstudio.core.model.catalog_template import ad_locale_of
from dcstudio.core.render.overlay_preview import preview
from dcstudio.core.values.events import ChangeKind
from dcstudio.core.values.meta_enums import (
    CATALOG_FORMAT_OPTIONS,
    LAYER_BLENDING_MODES,
    LAYER_OVERLAY_POSITIONS,
    OVERLAY_CUSTOM_TEXT_TYPES,
    OVERLAY_POSITIONS,
    OVERLAY_TEMPLATES,
    OVERLAY_TEXT_FONTS,
    OVERLAY_TEXT_TYPES,
    OVERLAY_THEME_COLORS,
)
from dcstudio.qt.commands import SetCatalogFormatCommand
from dcstudio.qt.document import follow_changes
from dcstudio.qt.fitted_image import FittedImage
from dcstudio.qt.workers import Worker, pil_to_qimage

PREVIEW_PX = 320
PREVIEW_DELAY_MS = 150  # typing in a field redraws once it pauses


def _combo(values, labels: dict | None = None) -> QComboBox:
    box = QComboBox()
    # As narrow as the dock is: the choice is shortened rather than widen the panel past the dock.
    box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(8)
    for value in values:
        box.addItem((labels or {}).get(value, value), value)
    return box


class FrameFileDialog:
    @classmethod
    def ask(cls, parent, folder: Path) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(parent, "Frame image", str(folder), "Images (*.png *.jpg *.jpeg)")
        return Path(path) if path else None


class CatalogFormatEditor(QWidget):
    preview_drawn = Signal(str)  # the preview's note

    def __init__(self, parent=None, *, scrolls: bool = True):
        super().__init__(parent)
        self._scrolls = scrolls  # False inside a panel that scrolls already (the Ad dock)
        self.document = None
        self.worker = Worker(1, self)
        self._generation = 0
        self._loading = False
        self._tags: tuple[str, ...] = ()  # text_template_tags: kept as they are, not edited here
        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self._draw_preview)
        self._build()

    # -- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        # On its own, all of it scrolls: on a small screen the dock can be short (the window stacks
        # its docks). Inside the Ad panel that panel scrolls it, with the template's fields.
        if self._scrolls:
            scroll = QScrollArea(self, widgetResizable=True, frameShape=QFrame.NoFrame)
            inner = QWidget()
            scroll.setWidget(inner)
            QVBoxLayout(self).addWidget(scroll)
            self.layout().setContentsMargins(0, 0, 0, 0)
            outer = QVBoxLayout(inner)
        else:
            outer = QVBoxLayout(self)
            outer.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)  # a narrow dock: a label goes above its field
        self.format_box = _combo(CATALOG_FORMAT_OPTIONS, STUDIO_FORMATS)
        self.image_index = QSpinBox(minimum=-1, maximum=19, specialValueText="Main image (image_link)")
        self.image_tags = QLineEdit(placeholderText="e.g. STORY_PREFERRED, summer")
        form.addRow("Format", self.format_box)
        form.addRow("Image", self.image_index)
        form.addRow("Preferred image tags", self.image_tags)
        outer.addLayout(form)

        self.overlay_group = QGroupBox("Overlay (image_overlay_spec)", checkable=True, checked=False)
        of = QFormLayout(self.overlay_group)
        of.setRowWrapPolicy(QFormLayout.WrapLongRows)
        self.template_box = _combo(OVERLAY_TEMPLATES)
        self.text_type_box = _combo(OVERLAY_TEXT_TYPES)
        self.custom_text_box = _combo(("", *OVERLAY_CUSTOM_TEXT_TYPES), {"": "(none)"})
        self.position_box = _combo(OVERLAY_POSITIONS)
        self.theme_box = _combo(OVERLAY_THEME_COLORS)
        self.font_box = _combo(OVERLAY_TEXT_FONTS)
        self.float_box = QCheckBox("Margin from the edge (pills)")
        for label, widget in (("Shape", self.template_box), ("Text", self.text_type_box),
                              ("Custom text", self.custom_text_box), ("Corner", self.position_box),
                              ("Colours", self.theme_box), ("Font", self.font_box), ("", self.float_box)):
            of.addRow(label, widget)
        outer.addWidget(self.overlay_group)

        self.frame_group = QGroupBox("Frame (image_layer_specs)", checkable=True, checked=False)
        ff = QFormLayout(self.frame_group)
        ff.setRowWrapPolicy(QFormLayout.WrapLongRows)
        row = QHBoxLayout()
        self.frame_file = QLineEdit(readOnly=True, placeholderText="an image in the project folder")
        self.frame_choose = QPushButton("Choose…")
        row.addWidget(self.frame_file)
        row.addWidget(self.frame_choose)
        self.blend_box = _combo(LAYER_BLENDING_MODES)
        self.opacity_box = QSpinBox(minimum=0, maximum=100, value=100, suffix=" %")
        self.scale_box = QSpinBox(minimum=1, maximum=100, value=100, suffix=" %")
        self.frame_position_box = _combo(LAYER_OVERLAY_POSITIONS)
        self.frame_position_box.setCurrentIndex(LAYER_OVERLAY_POSITIONS.index("center"))
        for label, item in (("File", row), ("Blending", self.blend_box), ("Opacity", self.opacity_box),
                            ("Scale", self.scale_box), ("Position", self.frame_position_box)):
            ff.addRow(label, item)
        outer.addWidget(self.frame_group)

        self.product_edit = QLineEdit(placeholderText="retailer_id (default: the first product)")
        # The whole preview, scaled down in a dock narrower than it (not cut off at the dock's edge).
        self.preview_label = FittedImage(minimum=QSize(PREVIEW_PX // 4, PREVIEW_PX // 4), follow_width=True)
        self.note_label = QLabel(wordWrap=True)
        outer.addWidget(self.product_edit)
        outer.addWidget(self.preview_label, 1)
        outer.addWidget(self.note_label)

        for box in (self.format_box, self.template_box, self.text_type_box, self.custom_text_box,
                    self.position_box, self.theme_box, self.font_box, self.blend_box, self.frame_position_box):
            box.currentIndexChanged.connect(self._on_edited)
        for spin in (self.image_index, self.opacity_box, self.scale_box):
            spin.valueChanged.connect(self._on_edited)
        self.float_box.toggled.connect(self._on_edited)
        self.overlay_group.toggled.connect(self._on_edited)
        self.frame_group.toggled.connect(self._on_frame_toggled)
        self.image_tags.editingFinished.connect(self._on_edited)
        self.product_edit.editingFinished.connect(self._schedule_preview)
        self.frame_choose.clicked.connect(self._on_choose_frame)

    # -- the document ---------------------------------------------------------------------
    def set_document(self, document) -> None:
        self.document = follow_changes(self.document, document, self._on_change)
        self._load(document.project.catalog_format)
        self._schedule_preview()

    def _on_change(self, change) -> None:
        if change.kind is ChangeKind.SETTINGS_CHANGED and change.detail.get("section") in ("catalog_format",
                                                                                           "catalog"):
            self._load(self.document.project.catalog_format)
            self._schedule_preview()

    def _load(self, fmt: CatalogFormat | None) -> None:
        """The controls show ``fmt`` (None: Meta's default), without pushing a command."""
        fmt = fmt or CatalogFormat()
        self._loading = True
        try:
            self.format_box.setCurrentIndex(self.format_box.findData(fmt.format_option))
            self.image_index.setValue(-1 if fmt.additional_image_index is None else fmt.additional_image_index)
            self.image_tags.setText(", ".join(fmt.preferred_image_tags))
            overlay = fmt.image_overlay
            self.overlay_group.setChecked(overlay is not None)
            o = overlay or ImageOverlay()
            for box, value in ((self.template_box, o.overlay_template), (self.text_type_box, o.text_type),
                               (self.custom_text_box, o.custom_text_type), (self.position_box, o.position),
                               (self.theme_box, o.theme_color), (self.font_box, o.text_font)):
                box.setCurrentIndex(box.findData(value))
            self.float_box.setChecked(o.float_with_margin)
            self._tags = o.text_template_tags
            frame = fmt.frame
            self.frame_group.setChecked(frame is not None)
            if frame is not None:
                self.frame_file.setText(frame.file)
                self.blend_box.setCurrentIndex(self.blend_box.findData(frame.blending_mode))
                self.opacity_box.setValue(frame.opacity)
                self.scale_box.setValue(frame.scale)
                self.frame_position_box.setCurrentIndex(self.frame_position_box.findData(frame.overlay_position))
        finally:
            self._loading = False

    def current_format(self) -> CatalogFormat:
        """What the controls say, as a CatalogFormat."""
        overlay = None
        if self.overlay_group.isChecked():
            overlay = ImageOverlay(self.template_box.currentData(), self.text_type_box.currentData(),
                                   self.position_box.currentData(), self.theme_box.currentData(),
                                   self.font_box.currentData(), self.float_box.isChecked(),
                                   self.custom_text_box.currentData(), self._tags)
        frame = None
        if self.frame_group.isChecked() and self.frame_file.text():
            frame = FrameLayer(self.frame_file.text(), self.blend_box.currentData(), self.opacity_box.value(),
                               self.scale_box.value(), self.frame_position_box.currentData())
        index = self.image_index.value()
        tags = tuple(t.strip() for t in self.image_tags.text().split(",") if t.strip())
        return CatalogFormat(self.format_box.currentData(), tags, None if index < 0 else index, overlay, frame)

    def _on_edited(self, *_args) -> None:
        if self._loading or self.document is None:
            return
        fmt = self.current_format()
        project = self.document.project
        if fmt != (project.catalog_format or CatalogFormat()):  # a focus change alone is no edit
            self.document.push(SetCatalogFormatCommand(project, fmt))

    def _on_frame_toggled(self, checked: bool) -> None:
        if checked and not self.frame_file.text() and not self._loading:
            self._on_choose_frame()
            if not self.frame_file.text():  # nothing chosen: no frame
                self.frame_group.setChecked(False)
            return
        self._on_edited()

    def _on_choose_frame(self) -> None:
        if self.document is None or self.document.folder is None:
            self.note_label.setText("Save the project first: a frame is a file in its folder.")
            return
        path = FrameFileDialog.ask(self, self.document.folder)
        if path is not None:
            self.set_frame_file(path)

    def set_frame_file(self, path) -> bool:
        """Takes ``path`` (inside the project folder) as the frame; False, with a note, if outside."""
        folder = Path(self.document.folder).resolve()
        try:
            rel = Path(path).resolve().relative_to(folder).as_posix()
        except ValueError:
            self.note_label.setText(f"{path}: the frame must be inside the project folder {folder}.")
            return False
        self.frame_file.setText(rel)
        if self.frame_group.isChecked():
            self._on_edited()
        else:
            self.frame_group.setChecked(True)
        return True

    # -- the preview (worker thread) ------------------------------------------------------------
    def _schedule_preview(self) -> None:
        self._timer.start()

    def _draw_preview(self) -> None:
        if self.document is None:
            return
        self._generation += 1
        generation = self._generation
        snapshot = self.document.project.snapshot()
        retailer_id = self.product_edit.text().strip() or None
        self.worker.submit(lambda *a: preview(*a, locale=ad_locale_of(snapshot)),
                           lambda result, error: self._on_preview(generation, result, error),
                           snapshot, snapshot.catalog_format, retailer_id)

    def _on_preview(self, generation: int, result, error) -> None:
        if generation != self._generation:  # a newer edit is being drawn
            return
        if error is not None:
            self.note_label.setText(f"No preview: {error}")
            self.preview_drawn.emit(str(error))
            return
        image, note = result
        self.preview_label.set_image(pil_to_qimage(image))
        self.note_label.setText(note)
        self.preview_drawn.emit(note)

    def shutdown(self) -> None:
        self._timer.stop()
        self.worker.shutdown()
