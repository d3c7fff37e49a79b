"""The Campaign tab's placements: Advantage+ (Meta chooses), or the publisher platforms and
positions ticked here, in the targeting's own shape (meta_positions.POSITION_KEYS)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from dcstudio.core.values.meta_positions import POSITION_KEYS, PUBLISHER_PLATFORMS
from dcstudio.qt.form_fields import with_problem

COLUMNS = 2
DEFAULT_MANUAL = {"publisher_platforms": ["facebook", "instagram"]}  # where a switch to manual starts


def words(name: str) -> str:
    return name.replace("fb_", "Facebook ").replace("ig_", "Instagram ").replace("_", " ").capitalize()


def describe(placements: dict | None) -> str:
    """Placements in the form's words, for an undo text."""
    if placements is None:
        return "Advantage+"
    platforms = placements.get("publisher_platforms") or []
    return ", ".join(words(p) for p in platforms) or "none"


def _grid(names, parent: QWidget) -> tuple[QGridLayout, dict[str, QCheckBox]]:
    grid = QGridLayout(parent)
    grid.setContentsMargins(0, 0, 0, 0)
    boxes = {}
    for i, name in enumerate(names):
        boxes[name] = QCheckBox(words(name))
        grid.addWidget(boxes[name], i // COLUMNS, i % COLUMNS)
    return grid, boxes


class PlacementsSection(QGroupBox):
    changed = Signal(object, str, str)  # the new placements (None: Advantage+), words, value in words

    def __init__(self, parent=None):
        super().__init__("Placements", parent)
        self._placements: dict | None = None
        self.advantage = QCheckBox("Advantage+ placements (Meta chooses where)")
        self.manual = QWidget()
        manual = QVBoxLayout(self.manual)
        manual.setContentsMargins(0, 0, 0, 0)
        platforms = QWidget()
        _grid_layout, self.platforms = _grid(PUBLISHER_PLATFORMS, platforms)
        manual.addWidget(QLabel("Platforms"))
        manual.addWidget(platforms)
        self.position_groups: dict[str, QGroupBox] = {}
        self.positions: dict[str, dict[str, QCheckBox]] = {}
        for key, (platform, names) in POSITION_KEYS.items():
            group = QGroupBox(f"{words(platform)} positions (none ticked: all of them)")
            _grid_layout, self.positions[key] = _grid(names, group)
            self.position_groups[key] = group
            manual.addWidget(group)
        column = QVBoxLayout(self)
        body, self.problem = with_problem(self.advantage)
        column.addWidget(body)
        column.addWidget(self.manual)
        self.problem_lines = {"campaign.placements": self.problem}

        self.advantage.toggled.connect(self._on_advantage)
        for box in self.platforms.values():
            box.toggled.connect(self._on_manual)
        for boxes in self.positions.values():
            for box in boxes.values():
                box.toggled.connect(self._on_manual)

    def widgets(self):
        return (self.advantage, *self.platforms.values(), *(b for g in self.positions.values() for b in g.values()))

    def set_placements(self, placements: dict | None) -> None:
        """Shows ``placements``; no box says it was toggled."""
        self._placements = placements
        spec = placements or {}
        boxes = self.widgets()
        was = [box.blockSignals(True) for box in boxes]
        try:
            self.advantage.setChecked(placements is None)
            for name, box in self.platforms.items():
                box.setChecked(name in (spec.get("publisher_platforms") or ()))
            for key, group in self.positions.items():
                for name, box in group.items():
                    box.setChecked(name in (spec.get(key) or ()))
        finally:
            for box, blocked in zip(boxes, was, strict=True):
                box.blockSignals(blocked)
        self._show_groups()

    def _show_groups(self) -> None:
        manual = not self.advantage.isChecked()
        self.manual.setVisible(manual)
        for key, group in self.position_groups.items():
            group.setVisible(manual and self.platforms[POSITION_KEYS[key][0]].isChecked())

    def value(self) -> dict | None:
        if self.advantage.isChecked():
            return None
        platforms = [name for name, box in self.platforms.items() if box.isChecked()]
        spec: dict = {"publisher_platforms": platforms}
        for key, (platform, _names) in POSITION_KEYS.items():
            ticked = [name for name, box in self.positions[key].items() if box.isChecked()]
            if platform in platforms and ticked:
                spec[key] = ticked
        return spec

    def _on_advantage(self, on: bool) -> None:
        if not on and self._placements is None:
            self.set_placements(dict(DEFAULT_MANUAL))
            self._placements = None
        self._commit()

    def _on_manual(self, _on: bool) -> None:
        self._commit()

    def _commit(self) -> None:
        self._show_groups()
        value = self.value()
        if value != self._placements:
            self.changed.emit(value, "Placements", describe(value))
