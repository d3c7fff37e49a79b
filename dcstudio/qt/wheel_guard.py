"""The mouse wheel scrolls a form; it never changes a combo box or spin box it happens to pass over.

A value changed by scrolling past it is a setting nobody chose (scrolling the Campaign tab once
flipped "Image brightness and contrast" to Opt out). Such a widget takes the wheel only once it
has focus (a click or Tab); until then the wheel scrolls the form around it.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QApplication, QComboBox, QWidget

GUARDED = (QComboBox, QAbstractSpinBox)


class WheelGuard(QObject):
    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() != QEvent.Wheel or not isinstance(watched, GUARDED) or watched.hasFocus():
            return False
        area = _scroll_area_of(watched)
        if area is not None:  # the form still scrolls under the pointer
            QApplication.sendEvent(area.verticalScrollBar(), event)
        return True


def _scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


def guard_wheel(root: QWidget, guard: WheelGuard | None = None) -> WheelGuard:
    """Guards every combo box and spin box under ``root`` (call again after adding more: a widget
    is guarded once). The wheel no longer gives them focus either."""
    guard = guard or root.findChild(WheelGuard, "wheelGuard") or WheelGuard(root)
    guard.setObjectName("wheelGuard")
    for widget in root.findChildren(QWidget):
        if isinstance(widget, GUARDED) and not widget.property("wheelGuarded"):
            widget.setFocusPolicy(Qt.StrongFocus)
            widget.installEventFilter(guard)
            widget.setProperty("wheelGuarded", True)
    return guard
