"""A tiny observer: the model announces what changed so the GUI and linter need not poll."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass(frozen=True)
class Change:
    """One change to a project.

    kind: asset_added, asset_changed, asset_removed, asset_moved, settings_changed,
          pins_changed, exclusions_changed, project_replaced
    pool: the pool name for asset changes (images, titles, ...), else None
    asset_id: the asset concerned, if any
    detail: extra facts (old index, new index, changed field names)
    """

    kind: str
    pool: str | None = None
    asset_id: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


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
