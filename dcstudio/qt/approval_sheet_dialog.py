"""File ▸ Approval sheet: the contact sheet PDF for review, or with "Approved only" just what
review cleared (approved assets and the combinations made only of them), as `dcstudio sheet
--approved-only` writes it."""
from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from dcstudio.core.render import contact_sheet
from dcstudio.core.values.errors import DcError
from dcstudio.qt.file_job import FileJob


class SheetPathChooser:
    """Asks where the PDF goes; tests replace ``ask``."""

    @classmethod
    def ask(cls, parent, start: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(parent, "Approval sheet", start, "PDF files (*.pdf)")
        if path and not path.lower().endswith(".pdf"):
            path += ".pdf"
        return path or None


class ApprovalSheetDialog(QDialog):
    def __init__(self, project, placement: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Approval sheet of {project.name} — dcstudio")
        self.project, self.placement = project, placement
        self.job = FileJob(self, lambda: Path(self.path_edit.text().strip()).parent)
        folder = Path(project.folder or Path.home())
        self.path_edit = QLineEdit(str(folder.parent / f"{folder.name}-approval.pdf"))
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._on_choose)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.approved_only_box = QCheckBox("Approved only: approved assets and the combinations made only of them")
        form = QFormLayout()
        form.addRow("Write to", row)
        form.addRow("", self.approved_only_box)
        self.status = QLabel(wordWrap=True)
        self.write_button = QPushButton("Write PDF")
        self.write_button.setDefault(True)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        self.write_button.clicked.connect(self.start)
        buttons = QHBoxLayout()
        buttons.addWidget(self.job.show_button)
        buttons.addStretch(1)
        buttons.addWidget(self.write_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Every combination in the {placement} placement, its assets named under each tile."))
        layout.addLayout(form)
        layout.addWidget(self.job.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(620, 220)

    @property
    def running(self) -> bool:
        return self.job.running

    def _on_choose(self) -> None:
        path = SheetPathChooser.ask(self, self.path_edit.text())
        if path:
            self.path_edit.setText(path)

    def start(self) -> None:
        target = self.path_edit.text().strip()
        if self.running or not target:
            return
        self.write_button.setEnabled(False)
        self.status.setText(f"Writing {target}…")
        job = partial(contact_sheet, self.project.snapshot(), target, placement=self.placement,
                      approved_only=self.approved_only_box.isChecked())
        self.job.start(job, self._on_done)

    def _on_done(self, result, error) -> None:
        self.write_button.setEnabled(True)
        if error is None:
            cleared = ", approved assets only" if self.approved_only_box.isChecked() else ""
            self.status.setText(f"Wrote {result.path} ({result.pages} pages, {result.combinations} "
                                f"combinations{cleared}).")
        elif isinstance(error, DcError):
            self.status.setText(f"Not written: {error}")
        else:
            self.status.setText(f"Not written: {type(error).__name__}: {error}")

    def reject(self) -> None:
        self.job.cancel()
        super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.job.shutdown()
        super().closeEvent(event)
