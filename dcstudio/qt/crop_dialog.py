"""The crop editor: the image with a draggable, resizable rectangle locked to the crop key's ratio,
the cropped result live beside it, how each placement frames it, numeric fields and "reset to
centre". Enter is OK.

What the placements do with the crop is the renderer's (render/tiles.placement_box): Meta sends
the one crop everywhere; a feed of the crop's shape shows it, a feed of another shape re-frames
the picture to its own shape around the crop's centre, and Stories ignore crops altogether.

Coordinates are the asset's displayed pixel grid (EXIF orientation applied), as the core stores
them; the picture on screen may be decoded smaller, so it is scaled by loaded.width / asset.width.
"""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dcstudio.core.lint.checks_assets import META_MIN_WIDTH
from dcstudio.core.model.images import open_display_image
from dcstudio.core.render.tiles import placement_box
from dcstudio.core.values.crops import CROP_KEYS, DEPRECATED_CROP_KEYS, Crop, key_ratio
from dcstudio.core.values.placements import all_placements
from dcstudio.qt.workers import Worker, pil_to_qimage

HANDLE = 9
MIN_SIDE = 16
KEY_TITLES = {"100x100": "Square 1:1", "400x500": "Portrait 4:5", "90x160": "Vertical 9:16",
              "600x360": "Landscape 5:3", "400x150": "Banner 8:3", "100x72": "Wide 25:18",
              "191x100": "Wide link 1.91:1"}
FRAME_PX = 96  # the side of a placement's small preview


def key_title(key: str) -> str:
    """A crop shape in words ("Portrait 4:5"), never the platform's key ("400x500")."""
    return KEY_TITLES.get(key, "Custom shape")


def framing(asset, crop: Crop, spec) -> tuple[tuple[int, int, int, int], str]:
    """The rectangle of the picture a placement shows with this crop, and that in words."""
    if spec.shows_whole_picture:
        return (0, 0, asset.width, asset.height), "the whole picture: stories ignore crops"
    box = placement_box(replace(asset, crop=crop), spec.media_ratio)
    if box == crop.box():
        return box, "your crop as it is"
    return box, f"re-framed to {spec.media_ratio[0]}:{spec.media_ratio[1]} around your crop"


def resolution_warning(crop: Crop) -> str:
    """A warning when the crop is narrower than Instagram takes (the linter's rule, its number)."""
    if crop.width >= META_MIN_WIDTH:
        return ""
    return (f"Low resolution: the crop is {crop.width} px wide; Instagram wants at least {META_MIN_WIDTH} "
            "(1080 recommended). Widen the crop or use a larger image.")


class CropCanvas(QWidget):
    crop_changed = Signal(object)  # Crop

    def __init__(self, image_width: int, image_height: int, crop: Crop, parent=None):
        super().__init__(parent)
        self.iw, self.ih = image_width, image_height
        self.crop = crop.clamped(image_width, image_height)
        self.image: QImage | None = None
        self._drag = None  # ("move", dx, dy) or ("resize", anchor_x, anchor_y)
        self.setMinimumSize(420, 420)
        self.setMouseTracking(True)

    @property
    def ratio(self) -> float:
        return float(key_ratio(self.crop.key))

    def set_image(self, image: QImage) -> None:
        self.image = image
        self.update()

    def set_crop(self, crop: Crop) -> None:
        crop = crop.clamped(self.iw, self.ih)
        if crop != self.crop:
            self.crop = crop
            self.update()
            self.crop_changed.emit(crop)

    # -- mapping between widget and image pixels ---------------------------------------------------
    def _frame(self) -> QRectF:
        scale = min((self.width() - 24) / self.iw, (self.height() - 24) / self.ih)
        w, h = self.iw * scale, self.ih * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def to_image(self, point: QPointF) -> tuple[float, float]:
        frame = self._frame()
        return ((point.x() - frame.left()) * self.iw / frame.width(),
                (point.y() - frame.top()) * self.ih / frame.height())

    def to_widget(self, x: float, y: float) -> QPointF:
        frame = self._frame()
        return QPointF(frame.left() + x * frame.width() / self.iw, frame.top() + y * frame.height() / self.ih)

    def crop_rect(self) -> QRectF:
        c = self.crop
        return QRectF(self.to_widget(c.left, c.top), self.to_widget(c.right, c.bottom))

    # -- interaction ---------------------------------------------------------------------------------
    def _corner_at(self, pos: QPointF):
        r = self.crop_rect()
        corners = {(0, 0): r.topLeft(), (1, 0): r.topRight(), (0, 1): r.bottomLeft(), (1, 1): r.bottomRight()}
        for (cx, cy), p in corners.items():
            if abs(p.x() - pos.x()) <= HANDLE and abs(p.y() - pos.y()) <= HANDLE:
                return cx, cy
        return None

    def mousePressEvent(self, event) -> None:  # noqa: N802
        pos = event.position()
        corner = self._corner_at(pos)
        c = self.crop
        if corner is not None:
            anchor_x = c.left if corner[0] == 1 else c.right
            anchor_y = c.top if corner[1] == 1 else c.bottom
            self._drag = ("resize", anchor_x, anchor_y)
        elif self.crop_rect().contains(pos):
            x, y = self.to_image(pos)
            self._drag = ("move", x - c.left, y - c.top)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        pos = event.position()
        if self._drag is None:
            corner = self._corner_at(pos)
            if corner is not None:
                self.setCursor(Qt.SizeFDiagCursor if corner in ((0, 0), (1, 1)) else Qt.SizeBDiagCursor)
            else:
                self.setCursor(Qt.SizeAllCursor if self.crop_rect().contains(pos) else Qt.ArrowCursor)
            return
        x, y = self.to_image(pos)
        if self._drag[0] == "move":
            self.move_to(x - self._drag[1], y - self._drag[2])
        else:
            self.resize_from(self._drag[1], self._drag[2], x, y)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        self._drag = None

    def move_to(self, left: float, top: float) -> None:
        c = self.crop
        self.set_crop(Crop(round(left), round(top), c.width, c.height, c.key))

    def resize_from(self, anchor_x: float, anchor_y: float, x: float, y: float) -> None:
        """The corner opposite ``anchor`` follows (x, y); the key's ratio holds; the image bounds it."""
        ratio = self.ratio
        right, down = x >= anchor_x, y >= anchor_y
        room_w = (self.iw - anchor_x) if right else anchor_x
        room_h = (self.ih - anchor_y) if down else anchor_y
        w = max(abs(x - anchor_x), abs(y - anchor_y) * ratio, MIN_SIDE)
        w = min(w, room_w, room_h * ratio)
        h = w / ratio
        left = anchor_x if right else anchor_x - w
        top = anchor_y if down else anchor_y - h
        self.set_crop(Crop(round(left), round(top), max(1, round(w)), max(1, round(h)), self.crop.key))

    # -- painting ------------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        p.fillRect(self.rect(), QColor("#2b2f36"))
        frame = self._frame()
        if self.image is None:
            p.setPen(QColor("#c9cdd3"))
            p.drawText(self.rect(), Qt.AlignCenter, "Loading the image…")
            return
        p.setRenderHint(QPainter.SmoothPixmapTransform)
        p.drawImage(frame, self.image)
        crop = self.crop_rect()
        shade = QPainterPath()
        shade.addRect(frame)
        hole = QPainterPath()
        hole.addRect(crop)
        p.fillPath(shade.subtracted(hole), QColor(0, 0, 0, 140))
        p.setPen(QPen(QColor("white"), 1.5))
        p.drawRect(crop)
        p.setPen(QPen(QColor(255, 255, 255, 90), 1))
        for i in (1, 2):  # rule of thirds
            x = crop.left() + crop.width() * i / 3
            y = crop.top() + crop.height() * i / 3
            p.drawLine(QPointF(x, crop.top()), QPointF(x, crop.bottom()))
            p.drawLine(QPointF(crop.left(), y), QPointF(crop.right(), y))
        p.setPen(Qt.NoPen)
        p.setBrush(QColor("white"))
        for corner in (crop.topLeft(), crop.topRight(), crop.bottomLeft(), crop.bottomRight()):
            p.drawRect(QRectF(corner.x() - HANDLE / 2, corner.y() - HANDLE / 2, HANDLE, HANDLE))


class CropDialog(QDialog):
    def __init__(self, project, asset, parent=None):
        super().__init__(parent)
        self.asset = asset
        self.setWindowTitle(f"Crop {asset.id}: {asset.display_name}")
        self.canvas = CropCanvas(asset.width, asset.height, asset.crop)
        self.preview = QLabel()
        self.preview.setFixedSize(200, 200)
        self.preview.setAlignment(Qt.AlignCenter)
        self.preview.setStyleSheet("background: #f4f5f7; border: 1px solid #dcdfe4;")
        self.key_box = QComboBox()
        for key in CROP_KEYS:
            if key not in DEPRECATED_CROP_KEYS:
                self.key_box.addItem(key_title(key), key)
        if asset.crop.key in DEPRECATED_CROP_KEYS:
            self.key_box.addItem(f"{key_title(asset.crop.key)} (no longer accepted)", asset.crop.key)
        self.left, self.top, self.width_box = QSpinBox(), QSpinBox(), QSpinBox()
        self.left.setRange(0, asset.width)
        self.top.setRange(0, asset.height)
        self.width_box.setRange(1, asset.width)
        for box in (self.left, self.top, self.width_box):
            box.setSuffix(" px")
            box.setKeyboardTracking(False)
        self.height_label = QLabel()
        self.reset_button = QPushButton("Reset to centre")
        self.reset_button.setAutoDefault(False)  # Enter is OK, wherever the focus is
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.Ok)
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.warning = QLabel(wordWrap=True)
        self.warning.setStyleSheet("color: #975a16; background: #fff7e6; padding: 4px;")
        self.warning.setVisible(False)
        # One small preview per placement: what people see of the picture there.
        self.frames: dict[str, tuple[QLabel, QLabel]] = {}
        frames = QHBoxLayout()
        for spec in all_placements():
            picture, words = QLabel(), QLabel(wordWrap=True)
            w, h = spec.media_ratio  # the frame has the placement's shape; a story letterboxes the picture
            picture.setFixedSize(round(FRAME_PX * min(1, w / h)), round(FRAME_PX * min(1, h / w)))
            picture.setAlignment(Qt.AlignCenter)
            picture.setStyleSheet("background: #2b2f36;")
            words.setFixedWidth(FRAME_PX + 8)
            words.setStyleSheet("color: #4a5160; font-size: 11px;")
            cell = QVBoxLayout()
            cell.addWidget(picture, 0, Qt.AlignHCenter)
            cell.addWidget(words)
            cell.addStretch(1)
            frames.addLayout(cell)
            self.frames[spec.id] = (picture, words)
        form = QFormLayout()
        form.addRow("Shape", self.key_box)
        form.addRow("Left", self.left)
        form.addRow("Top", self.top)
        form.addRow("Width", self.width_box)
        form.addRow("Height", self.height_label)
        side = QVBoxLayout()
        side.addWidget(QLabel("<b>Result</b>"))
        side.addWidget(self.preview)
        side.addLayout(form)
        side.addWidget(self.reset_button)
        side.addWidget(self.warning)
        side.addWidget(QLabel(f"<span style='color:#6b7280'>Image {asset.width}×{asset.height} px. Meta sends "
                              "this one crop to every placement, and each frames it its own way:</span>",
                              wordWrap=True))
        side.addLayout(frames)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.canvas, 1)
        row.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(buttons)
        self.resize(980, 640)

        self.key_box.setCurrentIndex(self.key_box.findData(asset.crop.key))
        self.key_box.currentIndexChanged.connect(self._on_key)
        self.reset_button.clicked.connect(self.reset_to_centre)
        self.left.valueChanged.connect(self._on_numbers)
        self.top.valueChanged.connect(self._on_numbers)
        self.width_box.valueChanged.connect(self._on_numbers)
        self.canvas.crop_changed.connect(self._show)
        self._show(self.canvas.crop)
        self._worker = Worker(1, self)
        # Resolved on the worker, so a path the project refuses is shown like an unreadable file.
        self._worker.submit(lambda: pil_to_qimage(open_display_image(project.resolve(asset.file),
                                                                     min_size=(1000, 1000))),
                            self._on_loaded)

    def _on_loaded(self, image, error) -> None:
        if error is not None:
            self.preview.setText(f"Cannot show the image:\n{error}")
            self.preview.setWordWrap(True)
            return
        self.canvas.set_image(image)
        self._show(self.canvas.crop)

    @property
    def crop(self) -> Crop:
        return self.canvas.crop

    def reset_to_centre(self) -> None:
        self.canvas.set_crop(Crop.centered(self.asset.width, self.asset.height, self.crop.key))

    def _on_key(self) -> None:
        key = self.key_box.currentData()
        c = self.crop
        fresh = Crop.centered(self.asset.width, self.asset.height, key)
        # Keep the rectangle's centre where the person put it.
        cx, cy = c.left + c.width / 2, c.top + c.height / 2
        self.canvas.set_crop(Crop(round(cx - fresh.width / 2), round(cy - fresh.height / 2),
                                  fresh.width, fresh.height, key))
        self.canvas.update()

    def _on_numbers(self) -> None:
        width = self.width_box.value()
        height = max(1, round(width / self.canvas.ratio))
        if height > self.asset.height:
            height = self.asset.height
            width = round(height * self.canvas.ratio)
        self.canvas.set_crop(Crop(self.left.value(), self.top.value(), width, height, self.crop.key))

    def _show(self, crop: Crop) -> None:
        for box, value in ((self.left, crop.left), (self.top, crop.top), (self.width_box, crop.width)):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)
        self.height_label.setText(f"{crop.height} px")
        warning = resolution_warning(crop)
        self.warning.setText(warning)
        self.warning.setVisible(bool(warning))
        specs = {spec.id: spec for spec in all_placements()}
        for placement_id, (_picture, words) in self.frames.items():
            spec = specs[placement_id]
            _box, said = framing(self.asset, crop, spec)
            words.setText(f"<b>{spec.title}</b><br>{said}")
        image = self.canvas.image
        if image is None:
            return
        s = image.width() / self.asset.width

        def part_of(box) -> QPixmap:
            left, top, right, bottom = box
            return QPixmap.fromImage(image.copy(QRect(round(left * s), round(top * s),
                                                      max(1, round((right - left) * s)),
                                                      max(1, round((bottom - top) * s)))))

        self.preview.setPixmap(part_of(crop.box()).scaled(self.preview.size() * 0.96, Qt.KeepAspectRatio,
                                                          Qt.SmoothTransformation))
        for placement_id, (picture, _words) in self.frames.items():
            box, _said = framing(self.asset, crop, specs[placement_id])
            picture.setPixmap(part_of(box).scaled(picture.size(), Qt.KeepAspectRatio, Qt.SmoothTransformation))

    def done(self, result: int) -> None:
        self._worker.shutdown()
        super().done(result)

    @classmethod
    def ask(cls, parent, project, asset) -> Crop | None:
        dialog = cls(project, asset, parent)
        return dialog.crop if dialog.exec() == QDialog.Accepted else None
