"""An ad space as a Qt list model: one row per ad (a combination), nothing materialised.

``rowCount`` is ``len(space)``; ``data`` builds an item only for the rows the view asks about
(the visible ones) and asks the TileLoader for their tiles lazily. The model sees the space
only as an ``AdSpace`` (core/model/ad_space.py): a project's (``set_project``), or any other
(``set_space``).
"""
from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSize, Qt

from dcstudio.core.model.ad_space import AdItem, AdSpace, space_of
from dcstudio.core.model.customization import rule_locales
from dcstudio.core.values.events import ChangeKind
from dcstudio.core.values.placements import DEFAULT_PLACEMENT, PLACEMENT_TABLE
from dcstudio.qt.document import follow_changes
from dcstudio.qt.tile_loader import TileLoader, tile_key

STRUCTURAL_CHANGES = {ChangeKind.ASSET_ADDED, ChangeKind.ASSET_REMOVED, ChangeKind.ASSET_MOVED,
                      ChangeKind.PINS_CHANGED, ChangeKind.EXCLUSIONS_CHANGED}


class CombinationGridModel(QAbstractListModel):
    CombinationRole = Qt.UserRole + 1
    TileRole = Qt.UserRole + 2
    ExcludedRole = Qt.UserRole + 3
    RejectedRole = Qt.UserRole + 4  # the ids of the rejected assets a tile uses (left out of export)

    def __init__(self, loader: TileLoader, parent=None):
        super().__init__(parent)
        self.loader = loader
        self.project = None
        self.document = None
        self.placement = DEFAULT_PLACEMENT
        self.spec = PLACEMENT_TABLE[DEFAULT_PLACEMENT]  # the placement's facts, from the one table
        self.locale: int | None = None  # the language shown (a Meta locale id); None: the default one
        # The ads of the placement and language, exclusions left out, before any filter by asset:
        # what the status bar counts.
        self.shown_total = 0
        self.display_width = 220  # logical pixels of a tile
        self.device_pixel_ratio = 1.0
        self._count = 0
        self.excluded_count = 0  # greyed rows, when excluded combinations are shown
        self.filter_asset: str | None = None
        self.hide_excluded = False
        self.space: AdSpace | None = None
        self._given_space: AdSpace | None = None  # set_space's, shown when there is no project
        self._aspects: dict[str, float] = {}  # placement -> height/width of its drawn tiles
        self._rows: OrderedDict[int, AdItem] = OrderedDict()  # a few hundred recent rows
        self._key_rows: dict[tuple, int] = {}
        self._rejected_ids: frozenset[str] | None = None  # of the project as last rebuilt or refreshed
        loader.tile_ready.connect(self._on_tile_ready)

    # -- configuration ----------------------------------------------------------------------
    def set_document(self, document) -> None:
        """Shows ``document``'s project and follows its changes."""
        self.document = follow_changes(self.document, document, self.on_project_changed)
        self.set_project(document.project)

    def set_project(self, project) -> None:
        self.project = project
        self._given_space = None
        self.locale = None  # another project opens on its default language
        self.loader.clear()
        self.filter_asset = None
        self.rebuild()

    def set_space(self, space: AdSpace) -> None:
        """Shows ``space`` as it is: with no project there is no filter by asset and no greyed
        exclusions. ``space`` must not change while shown (see ad_space.py)."""
        self.project = None
        self._given_space = space
        self.loader.clear()
        self.filter_asset = None
        self.rebuild()

    def set_placement(self, placement: str) -> None:
        spec = PLACEMENT_TABLE.get(placement)
        if spec is not None and placement != self.placement:  # an unknown one (an old setting) is ignored
            self.placement, self.spec = placement, spec
            self.rebuild()

    def set_locale(self, locale: int | None) -> None:
        """Shows the assets the customization rules give viewers of ``locale`` (None: the
        default language); a locale the rules do not name shows the default one."""
        if locale != self.locale:
            self.locale = locale
            self.rebuild()

    def set_filter(self, asset_id: str | None) -> None:
        if asset_id != self.filter_asset:
            self.filter_asset = asset_id
            self.rebuild()

    def set_hide_excluded(self, hide: bool) -> None:
        if hide != self.hide_excluded:
            self.hide_excluded = hide
            self.rebuild()

    def set_display_width(self, width: int, device_pixel_ratio: float = 1.0) -> None:
        if (width, device_pixel_ratio) != (self.display_width, self.device_pixel_ratio):
            self.display_width, self.device_pixel_ratio = width, device_pixel_ratio
            self.rebuild()

    def rebuild(self) -> None:
        self.beginResetModel()
        self._rows.clear()
        self._key_rows.clear()
        self._rejected_ids = None
        self.excluded_count = 0
        if self.project is None:
            self.space = self._given_space
            self.shown_total = len(self.space) if self.space is not None else 0
        else:
            if self.locale not in rule_locales(self.project.customization.rules):
                self.locale = None  # its rule is gone (an edit, an undo): the default language
            space = self._project_space()
            self.space = space
            unfiltered = space if self.hide_excluded and not self.filter_asset else \
                space_of(self.project, placement=self.placement, locale=self.locale)
            self.shown_total = len(unfiltered)
            if not self.hide_excluded and self.project.exclusions:
                allowed = unfiltered.containing(self.filter_asset) if self.filter_asset else unfiltered
                self.excluded_count = len(space) - len(allowed)
        if self.space is not None:
            self.loader.set_space(self.space)
        self._count = len(self.space) if self.space is not None else 0
        self.endResetModel()

    def _project_space(self) -> AdSpace:
        # Over a snapshot: the loader's workers resolve items in it while the next edit is made.
        space = space_of(self.project.snapshot(), honour_exclusions=self.hide_excluded, placement=self.placement,
                         locale=self.locale)
        if self.filter_asset and self.project.find(self.filter_asset) is not None:
            space = space.containing(self.filter_asset)
        elif self.filter_asset:
            self.filter_asset = None
        return space

    def _refresh_space(self) -> None:
        """The same rows over a new snapshot, for an edit that changes what ads show, not which."""
        self.space = self._project_space()
        self._rejected_ids = None
        self.loader.set_space(self.space)

    def on_project_changed(self, change) -> None:
        """Structural edits rebuild the space; an edited asset re-renders only its tiles."""
        if self.project is None:
            return
        section = change.detail.get("section") if change.kind is ChangeKind.SETTINGS_CHANGED else None
        # The customization rules decide which assets each placement shows: its rows change.
        # Under customization rules an asset's labels decide the placements it shows in, so an
        # edited asset can add or remove rows too.
        relabelled = change.kind is ChangeKind.ASSET_CHANGED and bool(self.project.customization.rules)
        if change.kind in STRUCTURAL_CHANGES or section in ("project", "customization") or relabelled:
            if change.kind in (ChangeKind.ASSET_REMOVED, ChangeKind.ASSET_CHANGED) and change.asset_id:
                for stale in self.space.invalidated_by(change.asset_id):
                    self.loader.invalidate(stale)
            elif section == "project":
                # Every tile shows the project's name as its page name, and a tile's key holds
                # only asset ids: a rename (or its undo) would leave the old name on cached tiles.
                self.loader.clear()
            self.rebuild()
        elif change.kind is ChangeKind.ASSET_CHANGED:
            self._refresh_space()
            for stale in self.space.invalidated_by(change.asset_id):
                self.loader.invalidate(stale)
            if self.rowCount():
                self.dataChanged.emit(self.index(0), self.index(self.rowCount() - 1), [self.TileRole])
        elif change.kind is ChangeKind.SETTINGS_CHANGED:
            self._refresh_space()  # page name etc. in later renders

    # -- geometry -----------------------------------------------------------------------------
    @property
    def tile_aspect(self) -> float:
        # Until the first tile says, what the placement table assumes.
        return self._aspects.get(self.placement) or self.spec.tile_aspect

    def tile_size(self, width: int) -> QSize:
        return QSize(width, round(width * self.tile_aspect))

    # -- model ----------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else self._count  # views ask very often: no Python len()

    def combination(self, row: int) -> AdItem:
        combo = self._rows.get(row)
        if combo is None:
            combo = self.space[row]
            self._rows[row] = combo
            if len(self._rows) > 600:
                self._rows.popitem(last=False)
        return combo

    @property
    def render_size(self) -> int:
        """The renderer's size: the media width, a card's width for a carousel (its frame is
        ``card_divisor`` cards wide: rounded down, the frame is never wider than the tile)."""
        width = round(self.display_width * self.device_pixel_ratio)
        return max(100, int(width / self.spec.card_divisor))

    def key_for(self, row: int) -> tuple:
        physical = round(self.display_width * self.device_pixel_ratio)
        shown = self.space.tile_ids(self.combination(row), self.placement)
        return tile_key(self.placement, self.render_size, physical, self.device_pixel_ratio, shown)

    def is_excluded(self, combo: AdItem) -> bool:
        ids = set(combo.asset_ids())
        return any(pair <= ids for pair in self.project.exclusions) if self.project else False

    def rejected_in(self, combo: AdItem) -> list[str]:
        if self.project is None:
            return []
        if self._rejected_ids is None:  # asked for each tile at each paint: looked up once
            self._rejected_ids = frozenset(a.id for _, a in self.project.assets() if a.approval.state == "rejected")
        return [a for a in combo.asset_ids() if a in self._rejected_ids]

    def request(self, row: int) -> None:
        key = self.key_for(row)
        self._key_rows[key] = row
        self.loader.request(key, self.combination(row))

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < self._count:
            return None
        row = index.row()
        if role == Qt.DisplayRole:
            return self.combination(row).slug()
        if role == Qt.ToolTipRole:
            return self._describe(self.combination(row))
        if role == self.CombinationRole:
            return self.combination(row)
        if role == self.ExcludedRole:
            return self.is_excluded(self.combination(row))
        if role == self.RejectedRole:
            return self.rejected_in(self.combination(row))
        if role == self.TileRole:
            key = self.key_for(row)
            image = self.loader.tile(key)
            if image is None:
                self._key_rows[key] = row
                # A paint asks in reading order; it must not reorder what the grid queued.
                self.loader.request(key, self.combination(row), bump=False)
            return image
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.NoItemFlags
        return Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemNeverHasChildren

    def _describe(self, combo: AdItem) -> str:
        if self.project is None:
            return combo.slug()
        lines = []
        for name, asset_id in zip(combo.names, combo.ids, strict=False):
            asset = self.project.find(asset_id) if self.project else None
            lines.append(f"{name}: {asset.display_name if asset else asset_id} ({asset_id})")
        if combo.cards:
            lines.insert(0, "cards: " + ", ".join(combo.cards))
        if self.is_excluded(combo):
            lines.append("Excluded: holds a “never together” pair")
        rejected = self.rejected_in(combo)
        if rejected:
            lines.append(f"Rejected in review: {', '.join(rejected)} (left out of export and publish)")
        return "\n".join(lines)

    def _on_tile_ready(self, key) -> None:
        row = self._key_rows.get(key)
        if row is None or row >= self._count or self.key_for(row) != key:
            return
        image = self.loader.tile(key)
        if image is not None and hasattr(image, "width") and image.width() > 0 and key[0] == self.placement:
            aspect = image.height() / image.width()  # both in device pixels
            if abs(aspect - self.tile_aspect) > 0.01:
                self._aspects[self.placement] = aspect
                self.layoutAboutToBeChanged.emit()
                self.layoutChanged.emit()
        index = self.index(row)
        self.dataChanged.emit(index, index, [self.TileRole])
