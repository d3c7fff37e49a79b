"""UI preferences behind one typed wrapper with declared keys. No secrets, no document data."""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings


class UiSettings:
    """Every QSettings key the window uses is declared here, with its type and default."""

    ORGANIZATION = "dcstudio"
    APPLICATION = "dcstudio"

    def __init__(self, settings: QSettings | None = None):
        self._s = settings or QSettings(QSettings.IniFormat, QSettings.UserScope, self.ORGANIZATION, self.APPLICATION)

    def _get(self, key: str, default, kind):
        value = self._s.value(key, default)
        if value is None:
            return default
        try:
            return kind(value)
        except (TypeError, ValueError):
            return default

    @property
    def last_project(self) -> str:
        return self._get("session/last_project", "", str)

    @last_project.setter
    def last_project(self, path: str) -> None:
        self._s.setValue("session/last_project", path)

    @property
    def recent_projects(self) -> list[str]:
        value = self._s.value("session/recent_projects", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])][:10]

    def add_recent_project(self, path: str) -> None:
        items = [p for p in self.recent_projects if p != path]
        self._s.setValue("session/recent_projects", [path, *items][:10])

    @property
    def window_geometry(self) -> QByteArray:
        return self._get("window/geometry", QByteArray(), QByteArray)

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self._s.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray:
        return self._get("window/state", QByteArray(), QByteArray)

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._s.setValue("window/state", value)

    def sync(self) -> None:
        self._s.sync()
