"""The asset pools dock: one section per pool with add, remove, reorder, duplicate and a context
menu for approval, pins and "never together" exclusions."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QScrollArea,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dcstudio.core.model.assets import POOL_TITLES, TEXT_POOLS, Approval, CtaAsset, LinkAsset, TextAsset, VideoAsset
from dcstudio.core.model.catalog_template import is_catalog_ad
from dcstudio.core.model.customization import ChoicesUnreadable, ShowIn, read_choices
from dcstudio.core.values.events import ChangeKind
from dcstudio.core.values.profiles import DEFAULT_PROFILE, limits_for
from dcstudio.qt.commands import (
    POOL_NOUNS,
    AddAssetCommand,
    ExclusionCommand,
    MoveAssetCommand,
    RemoveAssetCommand,
    ReplaceAssetCommand,
    show_in_command,
)
from dcstudio.qt.document import follow_changes
from dcstudio.qt.pin_notice import push_pin
from dcstudio.qt.pool_delegate import CountedLineEdit, PoolDelegate
from dcstudio.qt.pool_model import PoolModel
from dcstudio.qt.primary_text import PrimaryTextDialog, PrimaryTextEdit
from dcstudio.qt.text_limits import limit_for

MIN_ROW_WIDTH = 150
MIN_PANEL_WIDTH = 240  # a row still shows a thumbnail, a name, the id and the size and crop
EDITOR_POOLS = ("images", "videos", "titles", "bodies", "descriptions", "call_to_actions", "link_urls")
CATALOG_AD_NOTE = ("A catalog ad: Meta fills its images and texts from the products, with the template in the "
                   "Ad tab. These pools are not sent, but for the first link: the shop's address, where the "
                   "carousel's end card leads.")
MULTI_LINE_POOLS = ("bodies",)  # edited in PrimaryTextEdit, not in a one-line field


class PoolListView(QListView):
    """A list that grows with its rows (the dock scrolls, not each list) and takes dropped files."""

    files_dropped = Signal(list)

    def __init__(self, accepts_files: bool, parent=None):
        super().__init__(parent)
        self.accepts_files = accepts_files
        self.setAcceptDrops(accepts_files)
        self.viewport().setAcceptDrops(accepts_files)
        self.setDropIndicatorShown(False)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.NoFrame)
        self.setMouseTracking(True)
        self.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed)
        self.setContextMenuPolicy(Qt.CustomContextMenu)

    def sizeHint(self) -> QSize:  # noqa: N802
        rows = self.model().rowCount() if self.model() else 0
        row_height = self.sizeHintForRow(0) if rows else 0
        return QSize(240, max(30, rows * row_height + 2))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        # Every row, but not its width: a narrow dock shortens the rows (the delegate elides).
        return QSize(MIN_ROW_WIDTH, self.sizeHint().height())

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if self.accepts_files and event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if self.accepts_files and event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802
        if self.accepts_files and event.mimeData().hasUrls():
            paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
            event.acceptProposedAction()
            if paths:
                self.files_dropped.emit(paths)
        else:
            super().dropEvent(event)


class PoolSection(QWidget):
    """Header (name, count, buttons) over the pool's list."""

    def __init__(self, pool: str, panel: PoolEditorPanel):
        super().__init__(panel)
        self.pool, self.panel = pool, panel
        self.model = PoolModel(pool, panel.push, self)
        self.title = QLabel()
        self.title.setObjectName("poolTitle")
        self.title.setWordWrap(True)  # "Calls to action 1 of 5" takes two lines in a narrow dock
        self.view = PoolListView(accepts_files=pool in ("images", "videos"))
        self.view.setModel(self.model)
        self.view.setItemDelegate(PoolDelegate(pool, self.view))
        self.buttons: dict[str, QToolButton] = {}
        header = QHBoxLayout()
        header.setContentsMargins(8, 10, 4, 2)
        header.addWidget(self.title)
        header.addStretch(1)
        add_tip = "Add video files (MP4, MOV)" if pool == "videos" else f"Add {POOL_NOUNS[pool]}"
        for name, glyph, tip in (("add", "+", add_tip),
                                 ("duplicate", "⧉", "Duplicate the selected asset"),
                                 ("up", "↑", "Move up"), ("down", "↓", "Move down"),
                                 ("remove", "−", "Remove the selected asset")):
            button = QToolButton()
            button.setText(glyph)
            button.setToolTip(tip)
            button.setAutoRaise(True)
            button.setFixedSize(26, 24)
            header.addWidget(button)
            self.buttons[name] = button
            if pool == "videos" and name == "add":  # beside the files: a video already in the ad account
                by_id = QToolButton()
                by_id.setText("#")
                by_id.setToolTip("Add a video already in the ad account, by its id")
                by_id.setAutoRaise(True)
                by_id.setFixedSize(26, 24)
                header.addWidget(by_id)
                self.buttons["add_by_id"] = by_id
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.view)
        self.entry: CountedLineEdit | PrimaryTextEdit | None = None
        if pool in MULTI_LINE_POOLS:  # line breaks are part of a primary text: Enter is a new line
            self.entry = PrimaryTextEdit(limit_for(None, pool))
            self.entry.setPlaceholderText(f"Type a new {POOL_NOUNS[pool]}; Enter starts a new line, "
                                          "Ctrl+Enter adds it")
            self.entry.submitted.connect(self.add_from_entry)
        elif pool in TEXT_POOLS:
            self.entry = CountedLineEdit(limit_for(None, pool))
            self.entry.setPlaceholderText(f"Type a new {POOL_NOUNS[pool]} and press Enter")
            self.entry.returnPressed.connect(self.add_from_entry)
        if self.entry is not None:
            wrap = QHBoxLayout()
            wrap.setContentsMargins(8, 2, 8, 4)
            wrap.addWidget(self.entry)
            layout.addLayout(wrap)
        self.buttons["add"].clicked.connect(self.add)
        if "add_by_id" in self.buttons:
            self.buttons["add_by_id"].clicked.connect(self.add_by_id)
        self.buttons["remove"].clicked.connect(self.remove_selected)
        self.buttons["duplicate"].clicked.connect(self.duplicate_selected)
        self.buttons["up"].clicked.connect(lambda: self.move_selected(-1))
        self.buttons["down"].clicked.connect(lambda: self.move_selected(+1))
        self.view.customContextMenuRequested.connect(self._on_context_menu)
        self.view.activated.connect(self._on_activated)
        self.view.files_dropped.connect(self.panel.import_images)
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            signal.connect(self._on_rows_changed)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        remove = QAction("Remove", self.view)
        remove.setShortcut(QKeySequence.Delete)
        remove.setShortcutContext(Qt.WidgetShortcut)
        remove.triggered.connect(self.remove_selected)
        self.view.addAction(remove)

    # -- state -------------------------------------------------------------------------------------
    def _on_rows_changed(self, *_) -> None:
        n = self.model.rowCount()
        project = self.model.project
        most = limits_for(project.profile if project is not None else DEFAULT_PROFILE).most.get(self.pool)
        count = f"{n} of {most}" if most is not None else f"{n}"
        self.title.setText(f"<b>{POOL_TITLES[self.pool]}</b> <span style='color:#6b7280'>{count}</span>")
        self.view.updateGeometry()
        self.panel.updateGeometry()  # a longer title can widen the column's minimum
        self._update_buttons()

    def follow_profile(self) -> None:
        """The counters and the "n of N" of the project's profile (after a change of profile)."""
        if self.entry is not None:
            self.entry.set_limit(limit_for(self.model.project, self.pool))
        self._on_rows_changed()
        self.view.viewport().update()  # the rows' "38/40 chars"

    def _update_buttons(self, *_) -> None:
        row = self.selected_row()
        has = row >= 0
        self.buttons["remove"].setEnabled(has)
        self.buttons["duplicate"].setEnabled(has and self.pool != "images")
        self.buttons["up"].setEnabled(has and row > 0)
        self.buttons["down"].setEnabled(has and row < self.model.rowCount() - 1)

    def selected_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() and self.view.selectionModel().isSelected(index) else -1

    def selected_id(self) -> str | None:
        row = self.selected_row()
        return self.model.asset_id(row) if row >= 0 else None

    def select(self, asset_id: str) -> bool:
        row = self.model.row_of(asset_id)
        if row < 0:
            return False
        self.view.setCurrentIndex(self.model.index(row))
        return True

    # -- actions -------------------------------------------------------------------------------------
    @property
    def project(self):
        return self.panel.document.project

    def add(self) -> None:
        from dcstudio.qt.asset_dialogs import CtaPickerDialog, LinkDialog  # the dialogs load when first used

        if self.pool == "images":
            self.panel.choose_images()
        elif self.pool == "call_to_actions":
            cta = CtaPickerDialog.ask(self, None)
            if cta:
                self._push_add(CtaAsset("", cta))
        elif self.pool == "link_urls":
            link = LinkDialog.ask(self)
            if link:
                self._push_add(LinkAsset("", link[0], link[1]))
        elif self.pool == "videos":
            self.panel.choose_videos()
        elif self.entry is not None:
            if self.entry.text().strip():
                self.add_from_entry()
            else:
                self.entry.setFocus()

    def add_by_id(self) -> None:
        from dcstudio.qt.asset_dialogs import VideoDialog

        video = VideoDialog.ask(self)
        if video:
            self._push_add(VideoAsset("", video_id=video[0], label=video[1]))

    def add_from_entry(self) -> None:
        text = self.entry.text().strip()
        if text:
            self._push_add(TextAsset("", text))
            self.entry.clear()

    def _push_add(self, asset) -> None:
        command = AddAssetCommand(self.project, self.pool, asset)
        self.panel.push(command)
        self.select(command.asset.id)

    def remove_selected(self) -> None:
        asset_id = self.selected_id()
        if asset_id:
            self.panel.push(RemoveAssetCommand(self.project, asset_id))

    def duplicate_selected(self) -> None:
        asset_id = self.selected_id()
        if asset_id and self.pool != "images":  # the same picture twice is a rejected duplicate
            asset = self.project.asset(asset_id)
            copy = replace(asset, id="", approval=Approval())
            command = AddAssetCommand(self.project, self.pool, copy, self.selected_row() + 1,
                                      f"Duplicate {asset_id}")
            self.panel.push(command)
            self.select(command.asset.id)

    def move_selected(self, step: int) -> None:
        asset_id = self.selected_id()
        if asset_id:
            row = self.selected_row() + step
            if 0 <= row < self.model.rowCount():
                self.panel.push(MoveAssetCommand(self.project, asset_id, row))
                self.select(asset_id)

    def edit(self, asset_id: str) -> None:
        """The pool's editor for one asset: crop, CTA list, link form, or inline text."""
        from dcstudio.qt.asset_dialogs import CtaPickerDialog, LinkDialog, VideoDialog

        asset = self.project.asset(asset_id)
        if self.pool == "images":
            self.panel.edit_crop(asset_id)
        elif self.pool == "call_to_actions":
            cta = CtaPickerDialog.ask(self, asset.type)
            if cta and cta != asset.type:
                self.panel.push(ReplaceAssetCommand(self.project, replace(asset, type=cta), f"Change {asset_id}"))
        elif self.pool == "link_urls":
            link = LinkDialog.ask(self, asset.website_url, asset.display_url)
            if link and link != (asset.website_url, asset.display_url):
                new = replace(asset, website_url=link[0], display_url=link[1])
                self.panel.push(ReplaceAssetCommand(self.project, new, f"Edit link {asset_id}"))
        elif self.pool == "videos" and asset.file:
            self.panel.choose_thumbnail(asset_id)
        elif self.pool == "videos":
            video = VideoDialog.ask(self, asset.video_id or "", asset.label)
            if video and video != (asset.video_id, asset.label):
                new = replace(asset, video_id=video[0], label=video[1])
                self.panel.push(ReplaceAssetCommand(self.project, new, f"Edit video {asset_id}"))
        elif self.pool in MULTI_LINE_POOLS:
            text = PrimaryTextDialog.ask(self, asset.text, limit_for(self.project, self.pool),
                                         f"Edit {asset_id}")
            if text is not None and text.strip() and text != asset.text:
                self.panel.push(ReplaceAssetCommand(self.project, replace(asset, text=text), f"Edit {asset_id}"))
        else:
            self.view.edit(self.model.index(self.model.row_of(asset_id)))

    def _on_activated(self, index) -> None:
        # One-line texts edit inline through the delegate; the others open their editor.
        if self.pool not in TEXT_POOLS or self.pool in MULTI_LINE_POOLS:
            self.edit(self.model.asset_id(index.row()))

    def set_approval(self, asset_id: str, state: str, note: str = "") -> None:
        asset = self.project.asset(asset_id)
        if asset.approval != Approval(state, note):
            verb = {"approved": "Approve", "rejected": "Reject", "draft": "Reset approval of"}[state]
            self.panel.push(ReplaceAssetCommand(self.project, replace(asset, approval=Approval(state, note)),
                                                f"{verb} {asset_id}"))

    def reject(self, asset_id: str) -> None:
        from dcstudio.qt.asset_dialogs import RejectNoteDialog

        asset = self.project.asset(asset_id)
        note = RejectNoteDialog.ask(self, asset.display_name, asset.approval.note)
        if note is not None:
            self.set_approval(asset_id, "rejected", note)

    def show_in(self, asset_id: str) -> None:
        """Asks where the asset shows and pushes the rules and labels that follow, as one step."""
        from dcstudio.qt.show_in_dialog import ShowInDialog

        project, asset = self.project, self.project.asset(asset_id)
        try:
            choices, note = read_choices(project.customization, project.pools), ""
        except ChoicesUnreadable as why:
            choices = {}
            note = (f"The project's customization rules are more than this window edits ({why}). "
                    "Choosing here replaces them with rules made from each asset's choice.")
        current = choices.get(asset_id, ShowIn())
        choice = ShowInDialog.ask(self, asset.display_name, current, note)
        if choice is None or (choice == current and not note):
            return
        command = show_in_command(project, choices, asset_id, choice)
        if command is not None:
            self.panel.push(command)

    def _on_context_menu(self, pos) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        self.view.setCurrentIndex(index)
        self.context_menu(self.model.asset_id(index.row())).exec(self.view.viewport().mapToGlobal(pos))

    def context_menu(self, asset_id: str) -> QMenu:
        project, menu = self.project, QMenu(self)
        edit_text = {"images": "Edit crop…", "videos": "Choose thumbnail…" if getattr(project.asset(asset_id), "file",
                                                                                      None) else "Edit video…",
                     "call_to_actions": "Change button…", "link_urls": "Edit link…"}
        menu.addAction(edit_text.get(self.pool, "Edit text"), lambda: self.edit(asset_id))
        menu.addSeparator()
        menu.addAction("Approve", lambda: self.set_approval(asset_id, "approved"))
        menu.addAction("Reject with a note…", lambda: self.reject(asset_id))
        menu.addAction("Back to draft", lambda: self.set_approval(asset_id, "draft"))
        menu.addSeparator()
        pinned = asset_id in project.pins
        pin = menu.addAction("Pinned (always used)" if pinned else "Pin (always use)",
                             lambda: self.panel.notice.emit(push_pin(self.panel.document, asset_id, not pinned)))
        pin.setCheckable(True)
        pin.setChecked(pinned)
        never = menu.addMenu("Never together with")
        for pool in EDITOR_POOLS:
            if pool == self.pool or not project.pools[pool]:
                continue
            sub = never.addMenu(POOL_TITLES[pool])
            for other in project.pools[pool]:
                excluded = frozenset((asset_id, other.id)) in project.exclusions
                action = sub.addAction(f"{other.id}: {other.display_name[:48]}")
                action.setCheckable(True)
                action.setChecked(excluded)
                action.triggered.connect(lambda _=False, o=other.id, e=excluded: self.panel.push(
                    ExclusionCommand(project, asset_id, o, not e)))
        menu.addAction("Show in…", lambda: self.show_in(asset_id))
        menu.addAction("Show its combinations", lambda: self.panel.show_combinations.emit(asset_id))
        menu.addSeparator()
        if self.pool != "images":
            menu.addAction("Duplicate", self.duplicate_selected)
        menu.addAction("Remove", lambda: self.panel.push(RemoveAssetCommand(project, asset_id)))
        return menu


class PoolEditorPanel(QScrollArea):
    """Every pool, stacked, in one scrolling column (the left dock)."""

    show_combinations = Signal(str)  # asset id
    problem = Signal(str)  # a message for the window's message bar
    notice = Signal(str)  # what an action did ("Pinning img2 leaves 48 of 384 combinations"), for the status bar

    def __init__(self, images, parent=None):
        super().__init__(parent)
        self.images = images  # ImageActions: file dialog, import, paste, crop, thumbnails
        self.document = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.NoFrame)
        body = QWidget()
        body.setObjectName("poolPanel")
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 12)
        column.setSpacing(6)
        # A catalog ad takes its images and texts from the products: said over the pools, which it does not send.
        self.catalog_note = QLabel(CATALOG_AD_NOTE)
        self.catalog_note.setObjectName("catalogAdNote")
        self.catalog_note.setWordWrap(True)
        self.catalog_note.setContentsMargins(8, 6, 8, 6)
        self.catalog_note.setStyleSheet("background: #e8f1fd; color: #1e3a8a;")
        self.catalog_note.hide()
        column.addWidget(self.catalog_note)
        self.sections: dict[str, PoolSection] = {}
        for pool in EDITOR_POOLS:
            section = PoolSection(pool, self)
            self.sections[pool] = section
            column.addWidget(section)
        column.addStretch(1)
        self.setWidget(body)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)  # see minimumSizeHint

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        # As narrow as its widest header (with room for the vertical scrollbar), so that nothing
        # in it needs to scroll sideways.
        scrollbar = self.style().pixelMetric(QStyle.PM_ScrollBarExtent)
        width = self.widget().minimumSizeHint().width() + scrollbar + 2 * self.frameWidth()
        return QSize(max(MIN_PANEL_WIDTH, width), super().minimumSizeHint().height())

    def set_document(self, document) -> None:
        for section in self.sections.values():  # the rows follow first, then their thumbnails
            section.model.set_document(document)
            section.follow_profile()
        self.document = follow_changes(self.document, document, self._on_document_changed)
        self.catalog_note.setVisible(is_catalog_ad(document.project))
        self.images.load_thumbnails(document.project, self.sections["images"].model)
        self.images.load_thumbnails(document.project, self.sections["videos"].model, "videos")

    def thumbnails_done(self) -> bool:
        """Every image that can be shown has its thumbnail in the list (or the reason it cannot)."""
        project = self.document.project
        model = self.sections["images"].model
        return all(a.id in model.thumbnails or a.id in model.thumbnail_problems
                   for a in project.pools["images"] if a.id not in project.file_problems)

    def _on_document_changed(self, change) -> None:
        if change.kind is ChangeKind.PINS_CHANGED:  # a pin dims the assets it leaves out, in every pool
            for section in self.sections.values():
                section.view.viewport().update()
        if change.kind is ChangeKind.SETTINGS_CHANGED:
            self.catalog_note.setVisible(is_catalog_ad(self.document.project))
        if change.kind is ChangeKind.SETTINGS_CHANGED and change.detail.get("section") == "project":
            for section in self.sections.values():  # the counters of the new profile
                section.follow_profile()
        if change.pool in ("images", "videos") and change.kind in (ChangeKind.ASSET_ADDED, ChangeKind.ASSET_CHANGED):
            self.images.load_thumbnails(self.document.project, self.sections[change.pool].model, change.pool)

    def set_findings(self, by_asset: dict[str, list]) -> None:
        for section in self.sections.values():
            section.model.set_findings(by_asset)

    def set_badges(self, by_asset: dict[str, str]) -> None:
        """The insights labels on the rows (Best, Low, Learning; Good goes unmarked)."""
        for section in self.sections.values():
            section.model.set_badges(by_asset)

    def push(self, command) -> None:
        self.document.push(command)

    def select_asset(self, asset_id: str) -> bool:
        for section in self.sections.values():
            if section.select(asset_id):
                self.ensureWidgetVisible(section.view)
                section.view.setFocus()
                return True
        return False

    # -- images -------------------------------------------------------------------------------------
    def choose_images(self) -> None:
        self.images.choose_and_import(self)

    def import_images(self, paths) -> None:
        self.images.import_files(self.document, paths)

    def edit_crop(self, asset_id: str) -> None:
        self.images.edit_crop(self, self.document, asset_id)

    # -- videos -------------------------------------------------------------------------------------
    def choose_videos(self) -> None:
        from dcstudio.qt.video_actions import VideoFileDialog

        paths = VideoFileDialog.ask(self, start=self.images.start_folder())
        if paths:
            self.images.import_files(self.document, paths)

    def choose_thumbnail(self, asset_id: str) -> None:
        from dcstudio.qt.video_actions import choose_thumbnail

        choose_thumbnail(self, self.document, asset_id, self.images.worker)
