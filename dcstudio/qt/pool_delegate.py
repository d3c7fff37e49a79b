"""How a pool's rows look, and their inline text editor with a live character counter."""
from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import QLabel, QLineEdit, QStyle, QStyledItemDelegate

from dcstudio.core.model.assets import TEXT_POOLS, ImageAsset, TextAsset
from dcstudio.core.values.meta_enums import cta_label
from dcstudio.core.values.profiles import TextLimit
from dcstudio.qt.pool_model import PoolModel
from dcstudio.qt.text_limits import STATE_COLORS, counter_text, describe, limit_for, state_of

SEVERITY_COLORS = {"error": QColor("#c53030"), "warning": QColor("#d69e2e"), "info": QColor("#3182ce")}
APPROVAL_COLORS = {"approved": QColor("#2f855a"), "rejected": QColor("#c53030"), "draft": QColor("#8a9099")}


class CountedLineEdit(QLineEdit):
    """A line edit with "38/40" at its right end: grey, amber past recommended, red past the limit."""

    def __init__(self, limit: TextLimit | None, parent=None):
        super().__init__(parent)
        self.limit = limit  # None: the profile does not send these texts; only counted
        self.counter = QLabel(self)
        self.counter.setAttribute(Qt.WA_TransparentForMouseEvents)
        self.textChanged.connect(self._update_counter)
        self._update_counter(self.text())

    def set_limit(self, limit: TextLimit | None) -> None:
        """Another profile's limit (the project's profile changed)."""
        if limit != self.limit:
            self.limit = limit
            self._update_counter(self.text())

    @property
    def state(self) -> str:
        return state_of(self.limit, len(self.text()))

    def _update_counter(self, text: str) -> None:
        n = len(text)
        state = state_of(self.limit, n)
        # A palette and a font, not a style sheet: a style sheet on the label sends it through
        # the slower style-sheet engine, and a window has one of these per text pool.
        palette = self.counter.palette()
        palette.setColor(QPalette.WindowText, STATE_COLORS[state])
        self.counter.setPalette(palette)
        font = self.counter.font()
        font.setBold(state != "ok")
        self.counter.setFont(font)
        self.counter.setContentsMargins(0, 0, 6, 0)
        self.counter.setText(counter_text(self.limit, n))
        self.counter.setToolTip(describe(self.limit, n))
        self.counter.adjustSize()
        self.setTextMargins(0, 0, self.counter.width() + 2, 0)
        self._place_counter()

    def _place_counter(self) -> None:
        self.counter.move(self.width() - self.counter.width() - 2, (self.height() - self.counter.height()) // 2)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._place_counter()


def _worst(findings) -> str | None:
    for severity in ("error", "warning", "info"):
        if any(f.severity == severity for f in findings):
            return severity
    return None


class PoolDelegate(QStyledItemDelegate):
    """Two lines per asset: what it is, then id, length, approval and pin; a lint dot at the right."""

    THUMB = 48

    def __init__(self, pool: str, parent=None):
        super().__init__(parent)
        self.pool = pool

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        return QSize(200, 60 if self.pool == "images" else 46)

    def createEditor(self, parent, option, index):  # noqa: N802
        if self.pool not in TEXT_POOLS or self.pool == "bodies":  # primary text: PrimaryTextDialog
            return None
        editor = CountedLineEdit(limit_for(index.model().project, self.pool), parent)
        editor.setFrame(True)
        return editor

    def setEditorData(self, editor, index) -> None:  # noqa: N802
        # Qt calls this again whenever the row's data changes (a lint result arriving, say);
        # only the first call may fill the editor, or it would wipe what is being typed.
        if getattr(editor, "filled", False):
            return
        editor.filled = True
        editor.setText(index.data(Qt.EditRole) or "")

    def setModelData(self, editor, model, index) -> None:  # noqa: N802
        model.setData(index, editor.text(), Qt.EditRole)

    def updateEditorGeometry(self, editor, option, index) -> None:  # noqa: N802
        editor.setGeometry(option.rect.adjusted(4, 4, -4, -4))

    def paint(self, painter: QPainter, option, index) -> None:
        asset = index.data(PoolModel.AssetRole)
        if asset is None:
            return
        rect = option.rect
        painter.save()
        painter.setRenderHint(QPainter.Antialiasing)
        selected = bool(option.state & QStyle.State_Selected)
        if selected:
            painter.fillRect(rect, QColor("#dbe7fd"))
        elif option.state & QStyle.State_MouseOver:
            painter.fillRect(rect, QColor("#f0f3f8"))
        painter.setPen(QColor("#e6e8ec"))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        left = rect.left() + 8
        if self.pool == "images":
            thumb_rect = QRect(left, rect.top() + (rect.height() - self.THUMB) // 2, self.THUMB, self.THUMB)
            thumb = index.data(PoolModel.ThumbnailRole)
            if thumb is not None:
                scaled = thumb.size().scaled(thumb_rect.size(), Qt.KeepAspectRatio)
                target = QRect(0, 0, scaled.width(), scaled.height())
                target.moveCenter(thumb_rect.center())
                painter.drawImage(target, thumb)
            else:
                painter.fillRect(thumb_rect, QColor("#e2e5ea"))
            left = thumb_rect.right() + 10
        findings = index.data(PoolModel.LintRole) or []
        problem = index.data(PoolModel.ProblemRole)
        worst = "error" if problem else _worst(findings)
        badge_space = 26
        text_rect = QRect(left, rect.top() + 5, rect.right() - left - badge_space, rect.height() // 2 - 3)
        meta_rect = QRect(left, rect.center().y() + 1, text_rect.width(), rect.height() // 2 - 5)

        title = self._headline(asset)
        painter.setPen(QColor("#1f2328") if asset.approval.state != "rejected" else QColor("#8a9099"))
        painter.drawText(text_rect, Qt.AlignLeft | Qt.AlignVCenter,
                         painter.fontMetrics().elidedText(title, Qt.ElideRight, text_rect.width()))
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() - 1.5))
        painter.setFont(small)
        x = meta_rect.left()
        for text, color in self._meta_parts(asset, index, problem):
            width = painter.fontMetrics().horizontalAdvance(text)
            if x + width > meta_rect.right():
                break
            painter.setPen(color)
            painter.drawText(QRect(x, meta_rect.top(), width + 2, meta_rect.height()), Qt.AlignVCenter, text)
            x += width + 10
        if worst:
            dot = QRect(rect.right() - 20, rect.center().y() - 6, 12, 12)
            painter.setPen(Qt.NoPen)
            painter.setBrush(SEVERITY_COLORS[worst])
            painter.drawEllipse(dot)
        painter.restore()

    def _headline(self, asset) -> str:
        if isinstance(asset, TextAsset):
            return asset.text.replace("\n", " ⏎ ") or "(empty)"
        if self.pool == "call_to_actions":
            return cta_label(asset.type) or "No button"
        if self.pool == "link_urls":
            return asset.website_url
        return asset.display_name

    def _meta_parts(self, asset, index, problem):
        """Id, then the states people act on (approval, pin, file problem), then the details."""
        grey = QColor("#6b7280")
        state = asset.approval.state
        parts = [(asset.id, grey),
                 ("Approved" if state == "approved" else "Rejected" if state == "rejected" else "Draft",
                  APPROVAL_COLORS[state])]
        if index.data(PoolModel.PinnedRole):
            parts.append(("Pinned", QColor("#6b46c1")))
        if problem:
            parts.append(("File problem", SEVERITY_COLORS["error"]))
        show_in = index.data(PoolModel.ShowInRole)
        if show_in:
            parts.append((show_in, QColor("#2b6cb0")))
        if isinstance(asset, ImageAsset):
            shape = "" if asset.crop.key == "100x100" else f" · crop {asset.crop.key}"
            parts.append((f"{asset.width}×{asset.height}{shape}", grey))
        elif isinstance(asset, TextAsset) and self.pool in TEXT_POOLS:
            limit = limit_for(index.model().project, self.pool)
            n = len(asset.text)
            parts.insert(1, (f"{counter_text(limit, n)} chars", STATE_COLORS[state_of(limit, n)]))
        elif self.pool == "call_to_actions":
            parts.append((asset.type, grey))
        elif self.pool == "link_urls" and asset.display_url:
            parts.append((f"shows {asset.display_url}", grey))
        elif self.pool == "videos" and asset.video_id:
            parts.append((f"video id {asset.video_id}", grey))
        return parts
