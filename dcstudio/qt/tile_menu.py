"""What a preview grid tile offers on a right-click or at its ×: open it large, exclude it (keep
two of its assets apart, or allow it again), pin one of its assets, copy its ids."""
from __future__ import annotations

from itertools import combinations as pairs_of

from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu

from dcstudio.qt.commands import ExclusionCommand
from dcstudio.qt.pin_notice import push_pin
from dcstudio.qt.tile_delegate import image_target, tile_rect
from dcstudio.qt.tile_loader import TileError


class TileMenus:
    """PreviewGrid's tile menus (a part of PreviewGrid, which holds the view, the model, the
    document the exclusions and pins are pushed to, and the ``notice`` signal)."""

    def close_hit(self, pos: QPoint) -> int | None:
        """The row whose drawn × (the mockup header's "hide ad") is at ``pos``, if any."""
        from dcstudio.core.render import close_box, mockup_width  # the renderer's geometry (no drawing)

        index = self.view.indexAt(pos)
        image = index.data(self.model.TileRole) if index.isValid() else None
        if image is None or isinstance(image, TileError) or image.isNull():
            return None
        target, _ = image_target(tile_rect(self.view.visualRect(index)), image)
        size = self.model.render_size
        scale = target.width() / mockup_width(self.model.placement, size)
        left, top, right, bottom = close_box(self.model.placement, size)
        box = QRectF(target.left() + left * scale, target.top() + top * scale,
                     (right - left) * scale, (bottom - top) * scale)
        return index.row() if box.contains(pos) else None

    def _on_context_menu(self, pos) -> None:
        index = self.view.indexAt(pos)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.show_menu(self.tile_menu(index.row()), self.view.viewport().mapToGlobal(pos))

    def show_menu(self, menu: QMenu, at) -> None:
        """Pops ``menu`` up without waiting for it (the grid keeps painting the tiles that arrive)."""
        if self.menu is not None:
            self.menu.deleteLater()
        self.menu = menu
        menu.popup(at)

    def tile_menu(self, row: int) -> QMenu:
        """Right-click on a tile: open it large, exclude it, pin its assets, copy its ids."""
        combo = self.model.combination(row)
        menu = QMenu(self)
        opening = menu.addAction("Open large preview", lambda: self._open_row(row))
        opening.setShortcut(QKeySequence(Qt.Key_Return))
        project = self.model.project
        if project is not None and self._document is not None:
            menu.addSeparator()
            self.exclusion_menu(row, menu.addMenu("Exclude this combination"))
            pins = menu.addMenu("Pin one of its assets")
            for asset_id in combo.ids:  # a carousel's cards are all its images: none to pin
                asset = project.find(asset_id)
                if asset is None:
                    continue
                pinned = asset_id in project.pins
                action = pins.addAction(f"{asset_id}: {asset.display_name[:40]}",
                                        lambda a=asset_id, p=pinned: self.pin(a, not p))
                action.setCheckable(True)
                action.setChecked(pinned)
        menu.addSeparator()
        menu.addAction("Copy its ids", lambda: self.copy_ids(row))
        return menu

    def exclusion_menu(self, row: int, menu: QMenu | None = None) -> QMenu:
        """The ways to exclude a combination: keep two of its assets apart ("never together",
        which leaves out every combination holding both), or, when it is excluded, allow it again."""
        menu = menu if menu is not None else QMenu(self)
        project = self.model.project
        if project is None or self._document is None:
            menu.addAction("Nothing to exclude here: no project").setEnabled(False)
            return menu
        combo = self.model.combination(row)
        ids = [a for a in combo.asset_ids() if project.find(a) is not None]
        inside = sorted(tuple(sorted(pair)) for pair in project.exclusions if pair <= set(ids))
        if inside:
            menu.addAction("Allow this combination again", lambda: self.allow(inside))
            menu.addSeparator()
        menu.addSection("Never show together")
        for a, b in pairs_of(ids, 2):
            if project.pool_of(a) == project.pool_of(b):
                continue
            apart = frozenset((a, b)) in project.exclusions
            action = menu.addAction(f"{a} and {b}", lambda a=a, b=b, e=apart: self._document.push(
                ExclusionCommand(project, a, b, not e)))
            action.setCheckable(True)
            action.setChecked(apart)
        return menu

    def allow(self, pairs) -> None:
        project, stack = self.model.project, self._document.undo_stack
        stack.beginMacro("Allow a combination again")
        for a, b in pairs:
            self._document.push(ExclusionCommand(project, a, b, False))
        stack.endMacro()

    def pin(self, asset_id: str, pinned: bool) -> None:
        self.notice.emit(push_pin(self._document, asset_id, pinned))

    def copy_ids(self, row: int) -> str:
        text = " ".join(self.model.combination(row).asset_ids())
        QGuiApplication.clipboard().setText(text)
        self.notice.emit(f"Copied {text}")
        return text

    def _open_row(self, row: int) -> None:
        self.select_row(row)
        self.open_current()
