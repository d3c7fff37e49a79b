"""File > Export: where to write the bundle, previews or not, progress, cancel, lint errors.

The export runs on a worker thread over a snapshot of the project (the default exporter of the
project's platform, from ``core.platforms.registry``; a platform with none gets a message and no
Export button); progress comes back through ``call_on_gui``, so the window keeps drawing. Entry
point for the main window: ``run_export_dialog(parent, project)``.
"""
from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from dcstudio.core.model.approval import left_out_sentence
from dcstudio.core.platforms.exporters import ZIP, LintErrors
from dcstudio.core.platforms.meta.export.target import aside_pattern, inspect_target
from dcstudio.core.platforms.registry import NoExporter, exporter_for
from dcstudio.core.values.errors import Cancelled, DcError
from dcstudio.qt.file_job import FileJob


class OutputChooser:
    """Asks where the bundle goes; tests replace ``ask``."""

    @classmethod
    def ask(cls, parent, as_zip: bool, start: str) -> str | None:
        start = proposed_start(start, as_zip)
        if as_zip:
            path, _ = QFileDialog.getSaveFileName(parent, "Export to a zip file", start, "Zip files (*.zip)")
            if path and not path.lower().endswith(".zip"):
                path += ".zip"
        else:
            path = QFileDialog.getExistingDirectory(parent, "Export into a folder", start)
        return path or None


def proposed_start(target: str, as_zip: bool) -> str:
    """What a chooser opens on: for a zip, the target with a file name ending in .zip (so the
    dialog proposes one); for a folder, the nearest folder of the target that exists."""
    path = Path(target) if target else Path.home()
    if as_zip:
        if path.is_dir() and not (path / ".dcstudio-export.json").exists():
            return str(path / "export.zip")
        return str(path if path.suffix.lower() == ".zip" else path.with_name(path.name + ".zip"))
    while not path.is_dir() and path.parent != path:
        path = path.parent
    return str(path)


def folder_to_show(target: str) -> Path:
    """The folder "Show in folder" opens: the export folder itself, or the folder holding the zip."""
    path = Path(target)
    return path.parent if path.suffix.lower() == ".zip" else path


def default_target(project) -> str:
    folder = project.folder or Path.home()
    slug = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in project.name).strip("-") or "project"
    return str(Path(folder).parent / f"{slug}-export")


class ExportDialog(QDialog):
    """Emits ``exported(path)`` when a bundle has been written."""

    exported = Signal(str)

    def __init__(self, project, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Export {project.name} — dcstudio")
        self.project = project
        self.plan: dict | None = None
        self.moved_aside: list = []  # where the run moved an earlier export (set on the worker thread)
        self.job = FileJob(self, lambda: folder_to_show(self.target_edit.text().strip()))
        try:
            self.exporter = exporter_for(project)
        except NoExporter as exc:
            self.exporter, self.no_exporter = None, str(exc)
        self._build_ui()
        self._show_summary()

    @property
    def running(self) -> bool:
        return self.job.running

    @property
    def cancel_event(self):
        return self.job.cancel_event

    def _build_ui(self) -> None:
        self.summary = QLabel(wordWrap=True)
        self.target_edit = QLineEdit(default_target(self.project))
        self.folder_button = QPushButton("Folder…")
        self.zip_button = QPushButton("Zip file…")
        row = QHBoxLayout()
        row.addWidget(self.target_edit, 1)
        row.addWidget(self.folder_button)
        row.addWidget(self.zip_button)
        self.previews_box = QCheckBox("Include previews (contact sheet PDF and one mockup per combination)")
        self.previews_box.setChecked(True)
        self.force_box = QCheckBox("Export even with lint errors")
        form = QFormLayout()
        form.addRow("Write to", row)
        form.addRow("", self.previews_box)
        form.addRow("", self.force_box)
        self.progress = self.job.progress
        self.status = QLabel(wordWrap=True)
        self.errors = QPlainTextEdit(readOnly=True)
        self.errors.setVisible(False)
        self.export_button = QPushButton("Export")
        self.export_button.setDefault(True)
        self.close_button = QPushButton("Close")
        self.show_button = self.job.show_button
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.errors, 1)
        layout.addLayout(buttons)
        self.folder_button.clicked.connect(lambda: self._on_choose(False))
        self.zip_button.clicked.connect(lambda: self._on_choose(True))
        self.export_button.clicked.connect(self.start_export)
        self.close_button.clicked.connect(self._on_close_or_cancel)
        self.resize(640, 360)

    def _show_summary(self) -> None:
        if self.exporter is None:
            self.summary.setText(f"Nothing to export: {self.no_exporter}.")
            self.export_button.setVisible(False)
            for widget in (self.target_edit, self.folder_button, self.zip_button, self.previews_box, self.force_box):
                widget.setEnabled(False)
            return
        self.zip_button.setVisible(ZIP in self.exporter.targets)
        try:
            self.summary.setText(self.exporter.describe(self.project))
        except DcError as exc:
            self.summary.setText(str(exc))

    # -- actions --------------------------------------------------------------------------
    def _on_choose(self, as_zip: bool) -> None:
        path = OutputChooser.ask(self, as_zip, self.target_edit.text())
        if path:
            self.target_edit.setText(path)

    def start_export(self) -> None:
        target = self.target_edit.text().strip()
        if self.running or self.exporter is None:
            return
        if not target:
            self.status.setText("Choose where to write the bundle.")
            return
        try:
            earlier = inspect_target(Path(target), self.project.folder)
        except DcError as exc:  # the project's folder, a folder of other files, ...
            self.status.setText(f"Not exported: {exc}")
            return
        if earlier and not self.confirm_replace(target):
            self.status.setText(f"Not exported: {target} was left as it was.")
            return
        self.plan = None
        self.moved_aside = []
        self.errors.clear()
        self.errors.setVisible(False)
        self.export_button.setEnabled(False)
        self.close_button.setText("Cancel")
        self.status.setText(f"Exporting to {target}…")
        job = partial(self.exporter.write, self.project.snapshot(), target, force=self.force_box.isChecked(),
                      previews=self.previews_box.isChecked(), replace=earlier, on_replace=self.moved_aside.append)
        self.job.start(job, self._on_done)

    def confirm_replace(self, target: str) -> bool:
        """Asks before an earlier export is moved aside; Cancel is the default."""
        aside = aside_pattern(Path(target))
        text = (f"{target} holds an earlier export.\n\nReplace it? The earlier export, with its previews and "
                f"contact sheet and any files added to it, is moved aside to {aside} next to it; nothing is "
                "deleted.")
        return QMessageBox.question(self, "Replace the earlier export?", text,
                                    QMessageBox.Yes | QMessageBox.Cancel, QMessageBox.Cancel) == QMessageBox.Yes

    def show_in_folder(self) -> QUrl:
        """Opens the exported folder (a zip's folder) in the file manager."""
        return self.job.show_in_folder()

    def cancel(self) -> None:
        if self.job.cancel():
            self.status.setText("Cancelling…")

    def _on_close_or_cancel(self) -> None:
        if self.running:
            self.cancel()
        else:
            self.reject()

    def _on_done(self, plan, error) -> None:
        self.export_button.setEnabled(True)
        self.close_button.setText("Close")
        target = self.target_edit.text().strip()
        if error is None:
            self.plan = plan
            s = plan["summary"]
            moved = f" The earlier export was moved aside to {self.moved_aside[0]}." if self.moved_aside else ""
            held = left_out_sentence(s.get("left_out", ()))
            held = f" {held[0].upper()}{held[1:]}." if held else ""
            self.status.setText(f"Exported to {target}: {s['adsets']} ad set(s), {s['images']} image(s), "
                                f"{s['ads']} ad(s).{held} Open README.md there for the next steps.{moved}")
            self.exported.emit(target)
        elif isinstance(error, LintErrors):
            self.status.setText(f"Not exported: the linter found {len(error.findings)} error(s) the API would "
                                "reject. Fix them, or tick \u201cExport even with lint errors\u201d.")
            self.errors.setPlainText("\n".join(f"{f.rule_id}: {f.message}" for f in error.findings))
            self.errors.setVisible(True)
        elif isinstance(error, Cancelled):
            self.status.setText("Export cancelled; nothing was written.")
        elif isinstance(error, DcError):
            self.status.setText(f"Not exported: {error}")
        else:
            self.status.setText(f"Export failed unexpectedly: {type(error).__name__}: {error}")
            raise error

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.cancel()
        self.job.shutdown()
        super().closeEvent(event)

    def reject(self) -> None:
        self.cancel()
        self.job.shutdown()
        super().reject()


def run_export_dialog(parent, project) -> ExportDialog:
    """Opens the export dialog (window-modal, not blocking) and returns it."""
    dialog = ExportDialog(project, parent)
    dialog.open()
    return dialog
