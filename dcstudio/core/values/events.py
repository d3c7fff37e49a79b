"""A tiny observer: the model announces what changed so the GUI and linter need not poll."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class ChangeKind(str, Enum):
    """What a Change is about. A str, so it reads as its value in JSON and log lines; compare
    members (``change.kind is ChangeKind.ASSET_ADDED``): a misspelt member fails at once."""

    ASSET_ADDED = "asset_added"
    ASSET_CHANGED = "asset_changed"
    ASSET_REMOVED = "asset_removed"
    ASSET_MOVED = "asset_moved"
    SETTINGS_CHANGED = "settings_changed"  # detail["section"]: campaign, project, export or enhancements
    PINS_CHANGED = "pins_changed"
    EXCLUSIONS_CHANGED = "exclusions_changed"

    def __str__(self) -> str:
        return self.value


ASSET_KINDS = frozenset({ChangeKind.ASSET_ADDED, ChangeKind.ASSET_CHANGED, ChangeKind.ASSET_REMOVED,
                         ChangeKind.ASSET_MOVED})


@dataclass(frozen=True)
class Change:
    """One change to a project.

    kind: a ChangeKind member (a bare string is refused, so no misspelt kind goes unnoticed)
    pool: the pool name for asset changes (images, titles, ...), else None
    asset_id: the asset concerned, if any
    detail: extra facts (old index, new index, changed field names)
    """

    kind: ChangeKind
    pool: str | None = None
    asset_id: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        if not isinstance(self.kind, ChangeKind):
            raise TypeError(f"a change's kind is a ChangeKind member, not {self.kind!r}")


class Signal:
    """Listeners are called in the order they connected, synchronously, on the emitting thread."""

    def __init__(self) -> None:
        self._listeners: list[Callable[[Change], None]] = []

    def connect(self, listener: Callable[[Change], None]) -> None:
        if listener not in self._listeners:
            self._listeners.append(listener)

    def disconnect(self, listener: Callable[[Change], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def emit(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)
