"""One pool of the project as a Qt list model.

The model keeps its own list of asset ids and turns the project's change events into
beginInsertRows / endRemoveRows / beginMoveRows, so views never see a row count that disagrees
with what they were told. Edits made through ``setData`` become undo commands.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from dcstudio.core.model.customization import ChoicesUnreadable, read_choices
from dcstudio.core.values.events import ChangeKind
from dcstudio.qt.commands import POOL_NOUNS, ReplaceAssetCommand
from dcstudio.qt.document import follow_changes

EDITABLE_POOLS = ("titles", "bodies", "descriptions")


class PoolModel(QAbstractListModel):
    AssetRole = Qt.UserRole + 1
    LintRole = Qt.UserRole + 2  # list of findings about the asset
    PinnedRole = Qt.UserRole + 3
    ProblemRole = Qt.UserRole + 4  # a missing or changed file
    ThumbnailRole = Qt.UserRole + 5
    ShowInRole = Qt.UserRole + 6  # where the asset shows: "Stories and Reels · French (France)", "" everywhere
    InsightsRole = Qt.UserRole + 7  # the insights label of the asset: "Best", "Low", "Learning", "Good" or None

    def __init__(self, pool: str, push: Callable, parent=None):
        super().__init__(parent)
        self.pool = pool
        self.push = push
        self.project = None
        self.document = None
        self._ids: list[str] = []
        self.findings: dict[str, list] = {}
        self.badges: dict[str, str] = {}  # asset id -> its insights label (kept across resets: ids are stable)
        self.thumbnails: dict[str, object] = {}  # asset id -> QPixmap/QImage, for images
        self.thumbnail_problems: dict[str, str] = {}  # asset id -> why its picture cannot be shown
        self._choices = None  # read_choices of the project, False when unreadable; None: not read yet

    def set_document(self, document) -> None:
        """Shows this pool of ``document``'s project and follows its changes."""
        self.document = follow_changes(self.document, document, self.on_project_changed)
        self.set_project(document.project)

    def set_project(self, project) -> None:
        self.beginResetModel()
        if project is not self.project:
            self.thumbnails = {}  # another project's img1 is another picture
            self.thumbnail_problems = {}
        self.project = project
        self._choices = None
        self._ids = [a.id for a in project.pools[self.pool]] if project else []
        self.findings = {}
        self.endResetModel()

    def set_findings(self, by_asset: dict[str, list]) -> None:
        self.findings = by_asset
        if self._ids:
            self.dataChanged.emit(self.index(0), self.index(len(self._ids) - 1), [self.LintRole])

    def set_badges(self, by_asset: dict[str, str]) -> None:
        self.badges = by_asset
        if self._ids:
            self.dataChanged.emit(self.index(0), self.index(len(self._ids) - 1), [self.InsightsRole])

    def set_thumbnail(self, asset_id: str, image) -> None:
        self.thumbnails[asset_id] = image
        if asset_id in self._ids:
            row = self._ids.index(asset_id)
            self.dataChanged.emit(self.index(row), self.index(row), [self.ThumbnailRole, Qt.DecorationRole])

    def set_thumbnail_problem(self, asset_id: str, reason: str) -> None:
        """The picture cannot be shown (an image over the pixel limit, a damaged file): the row
        keeps its grey square and its tooltip says why."""
        self.thumbnail_problems[asset_id] = reason
        if asset_id in self._ids:
            row = self._ids.index(asset_id)
            self.dataChanged.emit(self.index(row), self.index(row), [Qt.ToolTipRole])

    def asset_id(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, asset_id: str) -> int:
        return self._ids.index(asset_id) if asset_id in self._ids else -1

    # -- change events -------------------------------------------------------------------------
    def on_project_changed(self, change) -> None:
        if self.project is None:
            return
        self._choices = None  # the rules or any asset's labels may have changed
        current = [a.id for a in self.project.pools[self.pool]]
        if change.kind is ChangeKind.ASSET_ADDED and change.pool == self.pool:
            row = current.index(change.asset_id)
            self.beginInsertRows(QModelIndex(), row, row)
            self._ids = current
            self.endInsertRows()
        elif change.kind is ChangeKind.ASSET_REMOVED and change.pool == self.pool:
            row = self._ids.index(change.asset_id)
            self.beginRemoveRows(QModelIndex(), row, row)
            self._ids = current
            self.endRemoveRows()
            self.thumbnails.pop(change.asset_id, None)
            self.thumbnail_problems.pop(change.asset_id, None)
        elif change.kind is ChangeKind.ASSET_MOVED and change.pool == self.pool:
            old, new = change.detail["from"], change.detail["to"]
            # Qt's destination is the row the item goes before, counted before the move.
            self.beginMoveRows(QModelIndex(), old, old, QModelIndex(), new + 1 if new > old else new)
            self._ids = current
            self.endMoveRows()
        elif change.kind is ChangeKind.ASSET_CHANGED and change.pool == self.pool:
            row = self._ids.index(change.asset_id)
            if {"sha256", "thumbnail"} & set(change.detail.get("fields", ())):
                self.thumbnails.pop(change.asset_id, None)
                self.thumbnail_problems.pop(change.asset_id, None)
            self.dataChanged.emit(self.index(row), self.index(row))
        elif change.kind is ChangeKind.PINS_CHANGED and change.asset_id in self._ids:
            row = self._ids.index(change.asset_id)
            self.dataChanged.emit(self.index(row), self.index(row), [self.PinnedRole])
        elif current != self._ids:  # anything else that reshaped this pool (a replaced project)
            self.set_project(self.project)
        if self._ids and (change.detail.get("section") == "customization"
                          or "adlabels" in change.detail.get("fields", ())):
            # One asset's labels or the rules say where every row of every pool shows.
            self.dataChanged.emit(self.index(0), self.index(len(self._ids) - 1), [self.ShowInRole])

    # -- model ------------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        asset_id = self._ids[index.row()]
        asset = self.project.find(asset_id)
        if asset is None:
            return None
        if role == Qt.DisplayRole:
            return asset.display_name
        if role == Qt.EditRole:
            return getattr(asset, "text", asset.display_name)
        if role == Qt.ToolTipRole:
            return self._tooltip(asset)
        if role == self.AssetRole:
            return asset
        if role == self.LintRole:
            return self.findings.get(asset_id, [])
        if role == self.PinnedRole:
            return asset_id in self.project.pins
        if role == self.ProblemRole:
            return self.project.file_problems.get(asset_id)
        if role in (self.ThumbnailRole, Qt.DecorationRole):
            return self.thumbnails.get(asset_id)
        if role == self.ShowInRole:
            return self.show_in_text(asset)
        if role == self.InsightsRole:
            return self.badges.get(asset_id)
        return None

    def choices(self):
        """Each asset's ShowIn as the project's rules give it, or None when the rules are more than
        the window's choices (read once per change of the project)."""
        if self._choices is None:
            try:
                self._choices = read_choices(self.project.customization, self.project.pools)
            except ChoicesUnreadable:
                self._choices = False
        return self._choices if self._choices is not False else None

    def show_in_text(self, asset) -> str:
        choices = self.choices()
        if choices is None:  # rules the window does not edit: say what the asset carries
            return f"label {', '.join(asset.adlabels)}" if asset.adlabels else ""
        choice = choices.get(asset.id)
        return choice.describe() if choice else ""

    def setData(self, index, value, role=Qt.EditRole) -> bool:  # noqa: N802
        if role != Qt.EditRole or not index.isValid() or self.pool not in EDITABLE_POOLS:
            return False
        asset = self.project.find(self._ids[index.row()])
        text = str(value)
        if asset is None or text == asset.text:
            return False
        if not text.strip():
            return False  # an empty text is never what anyone meant; remove the asset instead
        noun = POOL_NOUNS[self.pool]
        self.push(ReplaceAssetCommand(self.project, replace(asset, text=text), f"Edit {noun} {asset.id}"))
        return True

    def flags(self, index):
        if not index.isValid():
            return Qt.NoItemFlags
        flags = Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemNeverHasChildren
        if self.pool in EDITABLE_POOLS:
            flags |= Qt.ItemIsEditable
        return flags

    def _tooltip(self, asset) -> str:
        lines = [f"{asset.id}: {asset.display_name}"]
        if asset.approval.state != "draft":
            lines.append(f"{asset.approval.state.capitalize()}"
                         + (f": {asset.approval.note}" if asset.approval.note else ""))
        problem = self.project.file_problems.get(asset.id)
        if problem:
            lines.append(f"File problem: {problem}")
        elif asset.id in self.thumbnail_problems:
            lines.append(f"Cannot show the picture: {self.thumbnail_problems[asset.id]}")
        show_in = self.show_in_text(asset)
        if show_in:
            lines.append(f"Shows in: {show_in}")
        for finding in self.findings.get(asset.id, []):
            lines.append(f"{finding.severity}: {finding.message}")
        return "\n".join(lines)
