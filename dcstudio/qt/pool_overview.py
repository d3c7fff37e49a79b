"""A read-only tree of the project's pools: what the first window shows."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTreeView

from dcstudio.core.meta_enums import cta_label

_POOL_TITLES = {
    "images": "Images", "videos": "Videos", "titles": "Headlines", "bodies": "Primary texts",
    "descriptions": "Descriptions", "call_to_actions": "Calls to action", "link_urls": "Links",
}


def _describe(pool: str, asset) -> str:
    if pool == "images":
        return f"{asset.display_name}  ({asset.width}x{asset.height})"
    if pool == "call_to_actions":
        return f"{cta_label(asset.type) or '(no button)'}  [{asset.type}]"
    if pool == "link_urls":
        return asset.website_url
    return asset.display_name


class PoolOverview(QTreeView):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setHeaderHidden(False)
        self.setUniformRowHeights(True)
        self._model = QStandardItemModel(self)
        self._model.setHorizontalHeaderLabels(["Asset", "Id", "Approval"])
        self.setModel(self._model)

    def show_project(self, project) -> None:
        self._model.removeRows(0, self._model.rowCount())
        for pool, title in _POOL_TITLES.items():
            items = project.pools[pool]
            head = QStandardItem(f"{title} ({len(items)})")
            head.setEditable(False)
            for asset in items:
                row = [QStandardItem(_describe(pool, asset)), QStandardItem(asset.id),
                       QStandardItem(asset.approval.state)]
                for cell in row:
                    cell.setEditable(False)
                if asset.id in project.file_problems:
                    row[0].setToolTip(project.file_problems[asset.id])
                    row[0].setForeground(Qt.red)
                head.appendRow(row)
            self._model.appendRow([head, QStandardItem(""), QStandardItem("")])
        self.expandAll()
        self.resizeColumnToContents(0)
