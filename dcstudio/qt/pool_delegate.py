"""How a pool's rows look, and their inline text editor with a live character counter."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QLabel, QLineEdit, QStyle, QStyledItemDelegate

from dcstudio.core.model.assets import TEXT_POOLS, ImageAsset, TextAsset
from dcstudio.core.values.meta_enums import cta_label
from dcstudio.core.values.profiles import TextLimit
from dcstudio.qt.pin_notice import left_out_by_pins
from dcstudio.qt.plain_fill import fill_rect
from dcstudio.qt.pool_model import PoolModel
from dcstudio.qt.text_limits import STATE_COLORS, counter_text, describe, limit_for, state_of

SEVERITY_COLORS = {"error": QColor("#c53030"), "warning": QColor("#d69e2e"), "info": QColor("#3182ce")}
BADGE_COLORS = {"Best": QColor("#2f855a"), "Low": QColor("#c53030"), "Learning": QColor("#8a6d1f")}  # insights
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


PART_GAP = 10  # pixels between two texts of a row's second line


@dataclass(frozen=True)
class MetaPart:
    """One text of a row's second line. ``short`` is what it says in a narrow dock; a ``keep``
    part (the id, the size and crop, the character count) is shortened last and never dropped."""

    text: str
    color: QColor
    short: str = ""
    keep: bool = False


def fit_parts(parts: list[MetaPart], width: int, metrics: QFontMetrics) -> list[tuple[str, QColor]]:
    """The texts that fill ``width``: in full where they fit; else short forms; else the others
    elided to share what the kept ones leave; else only the kept ones, the last elided."""
    def total(texts) -> int:
        shown = [t for t in texts if t]
        return sum(metrics.horizontalAdvance(t) for t in shown) + PART_GAP * max(0, len(shown) - 1)

    def result(texts):
        return [(t, p.color) for t, p in zip(texts, parts, strict=True) if t]

    texts = [p.text for p in parts]
    if total(texts) <= width:
        return result(texts)
    texts = [p.short or p.text for p in parts]
    if total(texts) <= width:
        return result(texts)
    kept = [t if p.keep else "" for t, p in zip(texts, parts, strict=True)]
    others = [i for i, p in enumerate(parts) if not p.keep]
    share = (width - total(kept) - PART_GAP * len(others)) // max(1, len(others))
    ellipsis = metrics.horizontalAdvance("…")
    if others and share >= 2 * ellipsis:
        for i in others:
            texts[i] = metrics.elidedText(texts[i], Qt.ElideRight, share)
        if total(texts) <= width:
            return result(texts)
    texts = kept
    last = max(i for i, t in enumerate(texts) if t)
    room = width - total(texts[:last]) - (PART_GAP if any(texts[:last]) else 0)
    texts[last] = metrics.elidedText(texts[last], Qt.ElideRight, max(ellipsis, room))
    return result(texts)


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
        project = index.model().project
        left_out = project is not None and asset.id in left_out_by_pins(project, self.pool)
        painter.save()
        painter.setRenderHint(QPainter.Antialiasing)
        selected = bool(option.state & QStyle.State_Selected)
        if selected:
            fill_rect(painter, rect, QColor("#dbe7fd"))
        elif option.state & QStyle.State_MouseOver:
            fill_rect(painter, rect, QColor("#f0f3f8"))
        painter.setPen(QColor("#e6e8ec"))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        left = rect.left() + 8
        if left_out:  # a pin of its pool leaves it out of every combination: dimmed, and said below
            painter.setOpacity(0.45)
        if self.pool in ("images", "videos"):
            thumb_rect = QRect(left, rect.top() + (rect.height() - self.THUMB) // 2, self.THUMB, self.THUMB)
            thumb = index.data(PoolModel.ThumbnailRole)
            if thumb is not None:
                scaled = thumb.size().scaled(thumb_rect.size(), Qt.KeepAspectRatio)
                target = QRect(0, 0, scaled.width(), scaled.height())
                target.moveCenter(thumb_rect.center())
                painter.drawImage(target, thumb)
            else:
                fill_rect(painter, thumb_rect, QColor("#e2e5ea"))
            left = thumb_rect.right() + 10
        findings = index.data(PoolModel.LintRole) or []
        problem = index.data(PoolModel.ProblemRole)
        worst = "error" if problem else _worst(findings)
        badge_space = 26
        text_rect = QRect(left, rect.top() + 5, rect.right() - left - badge_space, rect.height() // 2 - 3)
        meta_rect = QRect(left, rect.center().y() + 1, text_rect.width(), rect.height() // 2 - 5)

        badge = index.data(PoolModel.InsightsRole)
        if badge in BADGE_COLORS:  # the insights label, at the end of the first line
            text_rect.setWidth(text_rect.width() - self._draw_badge(painter, option, badge, text_rect) - 6)
        title = self._headline(asset)
        painter.setPen(QColor("#1f2328") if asset.approval.state != "rejected" else QColor("#8a9099"))
        painter.drawText(text_rect, Qt.AlignLeft | Qt.AlignVCenter,
                         painter.fontMetrics().elidedText(title, Qt.ElideRight, text_rect.width()))
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() - 1.5))
        painter.setFont(small)
        x = meta_rect.left()
        metrics = painter.fontMetrics()
        parts = self._meta_parts(asset, index, problem)
        if left_out:
            parts.insert(1, MetaPart("Left out by a pin", QColor("#6b46c1"), short="Pinned out", keep=True))
        for text, color in fit_parts(parts, meta_rect.width(), metrics):
            width = metrics.horizontalAdvance(text)
            painter.setPen(color)
            painter.drawText(QRect(x, meta_rect.top(), width + 2, meta_rect.height()), Qt.AlignVCenter, text)
            x += width + PART_GAP
        if worst:
            dot = QRect(rect.right() - 20, rect.center().y() - 6, 12, 12)
            painter.setPen(Qt.NoPen)
            painter.setBrush(SEVERITY_COLORS[worst])
            painter.drawEllipse(dot)
        painter.restore()

    @staticmethod
    def _draw_badge(painter: QPainter, option, badge: str, line: QRect) -> int:
        """A rounded label at the right end of ``line``; returns its width."""
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() - 2))
        small.setBold(True)
        metrics = QFontMetrics(small)
        width = metrics.horizontalAdvance(badge) + 10
        pill = QRect(line.right() - width, line.center().y() - metrics.height() // 2 - 1, width, metrics.height() + 2)
        painter.save()
        painter.setFont(small)
        painter.setPen(Qt.NoPen)
        painter.setBrush(BADGE_COLORS[badge])
        painter.drawRoundedRect(pill, 4, 4)
        painter.setPen(QColor("white"))
        painter.drawText(pill, Qt.AlignCenter, badge)
        painter.restore()
        return width

    def _headline(self, asset) -> str:
        if isinstance(asset, TextAsset):
            return asset.text.replace("\n", " ⏎ ") or "(empty)"
        if self.pool == "call_to_actions":
            return cta_label(asset.type) or "No button"
        if self.pool == "link_urls":
            return asset.website_url
        return asset.display_name

    def meta_texts(self, option, index) -> list[str]:
        """The second line's texts as ``paint`` draws them in ``option.rect``."""
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() - 1.5))
        left = option.rect.left() + 8 + (self.THUMB + 10 if self.pool == "images" else 0)
        width = option.rect.right() - left - 26
        parts = self._meta_parts(index.data(PoolModel.AssetRole), index, index.data(PoolModel.ProblemRole))
        return [text for text, _ in fit_parts(parts, width, QFontMetrics(small))]

    def _meta_parts(self, asset, index, problem) -> list[MetaPart]:
        """Id, then the states people act on (approval, pin, file problem), then the details."""
        grey = QColor("#6b7280")
        state = asset.approval.state
        approval = "Approved" if state == "approved" else "Rejected" if state == "rejected" else "Draft"
        parts = [MetaPart(asset.id, grey, keep=True), MetaPart(approval, APPROVAL_COLORS[state])]
        if index.data(PoolModel.PinnedRole):
            parts.append(MetaPart("Pinned", QColor("#6b46c1")))
        if problem:
            parts.append(MetaPart("File problem", SEVERITY_COLORS["error"], short="Problem", keep=True))
        show_in = index.data(PoolModel.ShowInRole)
        if show_in:
            parts.append(MetaPart(show_in, QColor("#2b6cb0")))
        if isinstance(asset, ImageAsset):
            size = f"{asset.width}×{asset.height}"
            if asset.crop.key == "100x100":
                parts.append(MetaPart(size, grey, keep=True))
            else:
                parts.append(MetaPart(f"{size} · crop {asset.crop.key}", grey, short=f"{size} · {asset.crop.key}",
                                      keep=True))
        elif isinstance(asset, TextAsset) and self.pool in TEXT_POOLS:
            limit = limit_for(index.model().project, self.pool)
            n = len(asset.text)
            counter = counter_text(limit, n)
            parts.insert(1, MetaPart(f"{counter} chars", STATE_COLORS[state_of(limit, n)], short=counter, keep=True))
        elif self.pool == "call_to_actions":
            parts.append(MetaPart(asset.type, grey))
        elif self.pool == "link_urls" and asset.display_url:
            parts.append(MetaPart(f"shows {asset.display_url}", grey, short=asset.display_url))
        elif self.pool == "videos" and asset.video_id:
            parts.append(MetaPart(f"video id {asset.video_id}", grey, short=asset.video_id))
        return parts
