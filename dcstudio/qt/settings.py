"""UI preferences behind one typed wrapper with declared keys. No secrets, no document data."""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from dcstudio.core.values.placements import DEFAULT_PLACEMENT

MAX_RECENT = 10
AUTOSAVE_SECONDS = (5, 600)  # the range Preferences offers; 30 s by default


class UiSettings:
    """Every QSettings key the window uses is declared here, with its type and default.

    Tests pass a ``QSettings(path, IniFormat)`` in a temporary folder, so a test never reads or
    writes the user's real preferences.
    """

    ORGANIZATION = "dcstudio"
    APPLICATION = "dcstudio"

    def __init__(self, settings: QSettings | None = None):
        self._s = settings or QSettings(QSettings.IniFormat, QSettings.UserScope,
                                        self.ORGANIZATION, self.APPLICATION)

    @classmethod
    def at(cls, path) -> UiSettings:
        """Preferences kept in one ini file (tests, portable installs)."""
        return cls(QSettings(str(path), QSettings.IniFormat))

    def _get(self, key: str, default, kind):
        value = self._s.value(key, default)
        if value is None:
            return default
        if kind is bool and isinstance(value, str):  # ini files store booleans as text
            return value.lower() in ("true", "1", "yes")
        try:
            return kind(value)
        except (TypeError, ValueError):
            return default

    # -- session ------------------------------------------------------------------------------
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
            value = [value] if value else []
        return [str(v) for v in (value or [])][:MAX_RECENT]

    def add_recent_project(self, path: str) -> None:
        items = [p for p in self.recent_projects if p != path]
        self._s.setValue("session/recent_projects", [path, *items][:MAX_RECENT])

    def clear_recent_projects(self) -> None:
        self._s.setValue("session/recent_projects", [])

    # -- window -------------------------------------------------------------------------------
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

    # -- preview grid -------------------------------------------------------------------------
    @property
    def placement(self) -> str:
        return self._get("grid/placement", DEFAULT_PLACEMENT, str)

    @placement.setter
    def placement(self, value: str) -> None:
        self._s.setValue("grid/placement", value)

    @property
    def tile_width(self) -> int:
        return max(120, min(480, self._get("grid/tile_width", 220, int)))

    @tile_width.setter
    def tile_width(self, value: int) -> None:
        self._s.setValue("grid/tile_width", int(value))

    @property
    def hide_excluded(self) -> bool:
        return self._get("grid/hide_excluded", False, bool)

    @hide_excluded.setter
    def hide_excluded(self, value: bool) -> None:
        self._s.setValue("grid/hide_excluded", bool(value))

    # -- files and autosave -------------------------------------------------------------------
    @property
    def default_folder(self) -> str:
        """Where file dialogs open when the project has no folder of its own ("" = the home folder)."""
        return self._get("files/default_folder", "", str)

    @default_folder.setter
    def default_folder(self, path: str) -> None:
        self._s.setValue("files/default_folder", str(path))

    @property
    def autosave_seconds(self) -> int:
        return max(AUTOSAVE_SECONDS[0], min(AUTOSAVE_SECONDS[1], self._get("autosave/interval_s", 30, int)))

    @autosave_seconds.setter
    def autosave_seconds(self, value: int) -> None:
        self._s.setValue("autosave/interval_s", int(value))

    # -- publish ------------------------------------------------------------------------------
    # The ad account last used for a project, keyed by its folder: a user's choice, not part of
    # the project (a colleague who opens the same folder publishes to their own account).
    @staticmethod
    def _project_key(folder) -> str:
        import hashlib
        from pathlib import Path

        return hashlib.sha256(str(Path(folder).resolve()).encode()).hexdigest()[:24]

    def publish_account(self, folder) -> str:
        return self._get(f"publish_accounts/{self._project_key(folder)}", "", str)

    def set_publish_account(self, folder, account: str) -> None:
        self._s.setValue(f"publish_accounts/{self._project_key(folder)}", account)

    def sync(self) -> None:
        self._s.sync()
