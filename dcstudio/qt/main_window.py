"""The studio window (layout and wiring only)."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from dcstudio.core.combinations import CombinationSpace
from dcstudio.qt.pool_overview import PoolOverview


class MainWindow(QMainWindow):
    def __init__(self, project, parent=None):
        super().__init__(parent)
        self.project = project
        self.pools = PoolOverview()
        self.summary = QLabel()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.summary)
        layout.addWidget(self.pools)
        self.setCentralWidget(central)
        self.resize(900, 640)
        project.changed.connect(self._on_project_changed)
        self._refresh()

    def _on_project_changed(self, change) -> None:
        self._refresh()

    def _refresh(self) -> None:
        p = self.project
        self.setWindowTitle(f"{p.name} — dcstudio")
        count = CombinationSpace.from_project(p).count
        self.summary.setText(f"<b>{p.name}</b> · {p.ad_format} · {p.campaign.objective} · "
                             f"{count:,} combinations")
        self.pools.show_project(p)
        problems = len(p.file_problems)
        self.statusBar().showMessage(f"{problems} asset file problem(s)" if problems else "Ready")
