"""The Presets menu: save the project's account settings as a preset, apply one (one undo step),
delete one. Presets live in the user's config folder (``dcstudio.core.model.presets``); the ad
account of a preset goes to the user's per-project publish account, never into the project."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QInputDialog, QMessageBox

from dcstudio.core.values.errors import DcError

if TYPE_CHECKING:
    from dcstudio.core.model.presets import PresetStore

# dcstudio.core.model.presets is imported when the menu is first used, not with the window.


class ApplyPresetCommand(QUndoCommand):
    """The preset's campaign and export settings, and its ad account for this project's folder."""

    def __init__(self, project, preset, settings):
        super().__init__(f"Apply preset {preset.name}")
        self.project, self.settings = project, settings
        self.old = (project.campaign, project.export)
        from dcstudio.core.model.presets import applied

        self.new = applied(preset, project.campaign, project.export)
        folder = project.folder
        self.account = None
        if preset.ad_account and folder is not None:
            self.account = (settings.publish_account(folder), preset.ad_account)

    def _set(self, values, account: str | None) -> None:
        campaign, export = values
        self.project.set_campaign(campaign)
        self.project.set_export_settings(export)
        if account is not None:
            self.settings.set_publish_account(self.project.folder, account)

    def redo(self) -> None:
        self._set(self.new, self.account[1] if self.account else None)

    def undo(self) -> None:
        self._set(self.old, self.account[0] if self.account else None)


class PresetNameDialog:
    """Asks the new preset's name; tests replace ``ask``."""

    @classmethod
    def ask(cls, parent, suggestion: str) -> str | None:
        name, ok = QInputDialog.getText(parent, "Save preset", "Preset name (kept in your settings, not in the "
                                        "project):", text=suggestion)
        return name.strip() if ok and name.strip() else None


class PresetMenu:
    def __init__(self, window, menu, store: PresetStore | None = None):
        self.window, self.menu = window, menu
        self._store = store  # made when the menu is first used: the config folder is looked up then
        self.apply_menu = menu.addMenu("&Apply")
        self.delete_menu = menu.addMenu("&Delete")
        menu.addSeparator()
        menu.addAction("&Save current as…", self.save_current)
        self.apply_menu.aboutToShow.connect(lambda: self._fill(self.apply_menu, self.apply))
        self.delete_menu.aboutToShow.connect(lambda: self._fill(self.delete_menu, self.delete))

    @property
    def store(self) -> PresetStore:
        if self._store is None:
            from dcstudio.core.model.presets import PresetStore

            self._store = PresetStore()
        return self._store

    @store.setter
    def store(self, store: PresetStore) -> None:
        self._store = store

    def _names(self) -> list[str] | None:
        try:
            return self.store.names()
        except DcError as exc:  # a broken presets file: named, left as it is
            self.window.show_problem(str(exc))
            return None

    def _fill(self, menu, slot) -> None:
        menu.clear()
        names = self._names()
        for name in names or []:
            menu.addAction(name, lambda n=name: slot(n))
        if not names:
            menu.addAction("No presets saved" if names is not None else "The presets file cannot be read") \
                .setEnabled(False)

    def apply(self, name: str) -> bool:
        document = self.window.document
        try:
            preset = self.store.get(name)
            command = ApplyPresetCommand(document.project, preset, self.window.settings)
        except (DcError, ValueError) as exc:
            self.window.show_problem(f"Preset {name!r} not applied: {exc}")
            return False
        document.push(command)
        account = f"; publish account {preset.ad_account}" if command.account else ""
        if preset.ad_account and not command.account:
            account = f"; save the project to remember its publish account {preset.ad_account}"
        self.window.statusBar().showMessage(f"Applied preset {name}{account}", 6000)
        return True

    def save_current(self) -> bool:
        document = self.window.document
        name = PresetNameDialog.ask(self.window, document.project.name)
        if not name:
            return False
        project = document.project
        account = self.window.settings.publish_account(project.folder) if project.folder else ""
        try:
            if name in self.store.names() and not self.confirm_replace(name):
                return False
            from dcstudio.core.model.presets import preset_from_project

            saved = self.store.save(preset_from_project(name, project, ad_account=account))
        except DcError as exc:
            self.window.show_problem(f"Preset not saved: {exc}")
            return False
        self.window.statusBar().showMessage(f"Saved preset {saved.name} to {self.store.path}", 6000)
        return True

    def confirm_replace(self, name: str) -> bool:
        return QMessageBox.question(self.window, "Replace preset?", f"A preset named {name!r} exists. Replace it?",
                                    QMessageBox.Yes | QMessageBox.Cancel, QMessageBox.Cancel) == QMessageBox.Yes

    def delete(self, name: str) -> bool:
        try:
            self.store.delete(name)
        except DcError as exc:
            self.window.show_problem(f"Preset not deleted: {exc}")
            return False
        self.window.statusBar().showMessage(f"Deleted preset {name}", 4000)
        return True
