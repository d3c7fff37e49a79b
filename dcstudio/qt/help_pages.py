"""The Help menu's pages: the user guide and the rules (docs/*.md rendered as readable pages),
the keyboard shortcuts (read from the window's own actions, so the list cannot drift from the
keys that work) and About."""
from __future__ import annotations

from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMenu, QMessageBox, QTextBrowser, QVBoxLayout

import dcstudio
from dcstudio import __version__

LICENCE = "MIT"
USER_GUIDE, RULES = "user-guide.md", "rules.md"


def docs_dir() -> Path:
    """The guides: the installed package's copy (dcstudio/docs), or the source tree's docs/."""
    package = Path(dcstudio.__file__).resolve().parent
    for candidate in (package / "docs", package.parent / "docs"):
        if (candidate / USER_GUIDE).is_file():
            return candidate
    return package / "docs"


def read_doc(name: str) -> str:
    path = docs_dir() / name
    try:
        return path.read_text("utf-8")
    except OSError as exc:
        return f"# {name}\n\nThis page cannot be shown: {path} cannot be read ({exc.strerror or exc})."


class MarkdownPage(QDialog):
    """A page of Markdown, readable: headings, lists, tables and links (which open outside)."""

    def __init__(self, title: str, markdown: str, parent=None, base: Path | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"{title} — dcstudio")
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        if base is not None:
            self.browser.setSearchPaths([str(base)])
        self.browser.document().setDocumentMargin(18)
        self.browser.setMarkdown(markdown)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(820, 640)

    @classmethod
    def for_doc(cls, parent, title: str, name: str) -> MarkdownPage:
        return cls(title, read_doc(name), parent, base=docs_dir())


def _menu_title(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def _on_a_keyboard(keys: QKeySequence) -> bool:
    """Leaves out the platform's bindings to special keys few keyboards have (Undo, Open, F14...)."""
    return not keys.isEmpty() and all(keys[i].key().value < Qt.Key_F13.value for i in range(keys.count()))


def shortcut_rows(menu_bar) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every action of the menu bar that has a shortcut, in menu order."""
    rows: list[tuple[str, str, str]] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{path} ▸ {_menu_title(action.menu().title())}")
            elif typable := [k for k in action.shortcuts() if _on_a_keyboard(k)]:
                keys = ", ".join(k.toString(QKeySequence.NativeText) for k in typable)
                rows.append((path, _menu_title(action.text()), keys))

    for top in menu_bar.actions():
        if top.menu() is not None:
            walk(top.menu(), _menu_title(top.menu().title()))
    return rows


def shortcuts_markdown(menu_bar) -> str:
    lines = ["# Keyboard shortcuts", "", "| Menu | Command | Keys |", "|---|---|---|"]
    for menu, command, keys in shortcut_rows(menu_bar):
        lines.append(f"| {menu} | {command} | {keys} |")
    return "\n".join(lines) + "\n"


def about_html() -> str:
    import platform  # only About needs it

    return (f"<h2>dcstudio {__version__}</h2>"
            "<p>A desktop studio for Meta dynamic creative: build the pools, see every combination, "
            "check them against the platform's rules, export or publish.</p>"
            f"<p>Licence: {LICENCE}. The bundled fonts are under the SIL Open Font License 1.1 and "
            "the Apache License 2.0 (resources/fonts).</p>"
            f"<p>Qt {qVersion()} · PySide6 {PySide6.__version__} · Python {platform.python_version()}</p>")


def show_page(window, page: str) -> MarkdownPage:
    """Opens one Help page beside the window (not modal: it can stay open while working)."""
    if page == "shortcuts":
        dialog = MarkdownPage("Keyboard shortcuts", shortcuts_markdown(window.menuBar()), window)
    else:
        title, name = {"guide": ("User guide", USER_GUIDE), "rules": ("Rules", RULES)}[page]
        dialog = MarkdownPage.for_doc(window, title, name)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.show()
    return dialog


def fill_help_menu(window, menu: QMenu) -> None:
    def add(text, slot, keys=None) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(slot)
        if keys is not None:
            action.setShortcuts(keys)
        return action

    add("&User guide", lambda: show_page(window, "guide"), QKeySequence.HelpContents)
    add("The &rules the checks apply", lambda: show_page(window, "rules"))
    add("&Keyboard shortcuts", lambda: show_page(window, "shortcuts"))
    menu.addSeparator()
    add("&About dcstudio", lambda: QMessageBox.about(window, "About dcstudio", about_html())) \
        .setMenuRole(QAction.AboutRole)
