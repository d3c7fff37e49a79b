"""The product previews of a catalog ad: an ``AdSpace`` (model/ad_space.py) of one ad per product
of a product set, which the grid, the tile loader, ``render_space`` and ``space_sheet`` take as
they take a project's combinations.

- The products: those the set's filter takes (catalog/filters.py, over the project's built
  catalog), in feed order (``row_number``): item i is the set's i-th product, numbered i + 1.
  Without a set, every product of the catalog.
- The format: the project's ``catalog_format`` (model/catalog_format.py; none: Meta's default, a
  carousel of products), its ``format_option`` (the SDK's AdCreativeLinkData.FormatOption):
  ``single_image`` shows the product's image; ``carousel_images_multi_items`` makes item i a
  carousel whose cards show products i, i+1, ... (up to ``CAROUSEL_CARDS``, wrapping round to the
  set's first products), as Meta fills a multi-product carousel. A placement that shows cards
  shows a single-image item with the next products as its other cards, as the combination space
  shows the image pool. A format the previews do not draw (a carousel of one product's images,
  slideshows...) is previewed as a single image (APPROXIMATION; ``preview_format``).
- The overlay and frame: each product picture gets a ``Decoration`` (what render/overlays.py
  ``decorate`` draws over it: the format, the product's values, the locale, whether the
  placement is Instagram's), registered in the space's sources under a digest of all of it, which
  is the picture's ``sha256`` in the ad: the tile cache key so holds the format, and an edit of
  the overlay draws the tiles again. The picture is the one the format picks
  (``additional_image_index``: ``product_image_url``).
- What an ad says: the catalog template (model/catalog_template.py) resolved for the product
  (catalog/template_text.py; prices through catalog/prices.py for the space's locale); the call
  to action is the template's type; the link line is the product's host. The media: the
  product's image_link through product_images.py, or a placeholder that says why.

The space holds the set's (row_number, id) pairs, read when it is built (one query: build it off
the GUI thread); a product's other columns are read when an ad of it is drawn, a page at a time,
each page on a read-only connection of its own. It pickles (worker processes) without them.
"""
from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from dcstudio.core.catalog.filters import compile_filter
from dcstudio.core.catalog.prices import DEFAULT_LOCALE, ad_locale
from dcstudio.core.catalog.product_images import ProductImage, ProductImages
from dcstudio.core.catalog.source import is_url
from dcstudio.core.catalog.store import PRODUCTS, CatalogError, CatalogStore, catalog_path
from dcstudio.core.catalog.template_text import resolve
from dcstudio.core.model.ad_content import AdContent
from dcstudio.core.model.assets import ImageAsset
from dcstudio.core.model.catalog_format import CAROUSEL_PRODUCTS, CatalogFormat, product_image_url
from dcstudio.core.model.catalog_template import CatalogTemplate
from dcstudio.core.model.product_tags import parse_template
from dcstudio.core.values.crops import Crop
from dcstudio.core.values.errors import BadInputError
from dcstudio.core.values.meta_enums import cta_label
from dcstudio.core.values.placements import placement as placement_of

# Meta's format_option values a catalog ad's preview draws (AdCreativeLinkData.FormatOption).
ProductFormat = Literal["single_image", "carousel_images_multi_items"]
SINGLE_IMAGE: ProductFormat = "single_image"
CAROUSEL_MULTI_ITEMS: ProductFormat = "carousel_images_multi_items"
PRODUCT_FORMATS: tuple[ProductFormat, ...] = (SINGLE_IMAGE, CAROUSEL_MULTI_ITEMS)
# A carousel takes 2 to 10 cards (Meta's carousel limit, as for combinations).
CAROUSEL_CARDS = 10
PRODUCT_PREFIX = "product:"  # a product's id in tile keys, problems and asset ids: "product:SKU-1"
ALL_PRODUCTS = "all products"  # how a space without a set names itself
_PAGE = 64  # product rows read together
_ROWS_KEPT = 4096
_CONTENTS_KEPT = 1024
_DECORATIONS_KEPT = 8 * _CONTENTS_KEPT  # each kept content's pictures (a carousel's cards too) keep theirs
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def preview_format(fmt: CatalogFormat | None) -> ProductFormat:
    """The format the previews draw for the project's ``catalog_format``: Meta's default (a
    carousel of products) without one; a format they do not draw is shown as a single image."""
    option = fmt.format_option if fmt is not None else CAROUSEL_PRODUCTS
    return option if option in PRODUCT_FORMATS else SINGLE_IMAGE


def product_id(retailer_id: str) -> str:
    return PRODUCT_PREFIX + retailer_id


@dataclass(frozen=True)
class ProductItem:
    """One ad: product ``retailer_id`` (a carousel: the cards' retailer ids, its own first)."""

    index: int
    retailer_id: str
    cards: tuple[str, ...] = ()

    def products(self) -> tuple[str, ...]:
        return self.cards or (self.retailer_id,)

    def slug(self) -> str:
        return ("carousel " if self.cards else "") + self.retailer_id

    def asset_ids(self) -> tuple[str, ...]:
        return tuple(product_id(r) for r in self.products())

    def as_dict(self) -> dict:
        out: dict = {"retailer_id": self.retailer_id}
        if self.cards:
            out["cards"] = list(self.cards)
        return out


@dataclass(frozen=True)
class Decoration:
    """What is drawn over one product picture in one placement (render/overlays.py ``decorate``):
    the format's overlay and frame, the product's store values, the ad's locale, the project folder
    (the frame's file is there), the space's moment (a sale on or off) and whether the placement is
    Instagram's (no overlay there). ``source_sha256``: the undecorated picture's."""

    fmt: CatalogFormat
    values: tuple[tuple[str, object], ...]
    locale: str
    folder: Path | None
    now: datetime
    instagram: bool
    source_sha256: str


@dataclass(frozen=True)
class ProductSources:
    """MediaSources of a product space: a product's image is named by its absolute path;
    ``decorations``: sha256 of a decorated picture in an ad -> its Decoration."""

    folder: None = None
    file_problems: dict | None = None
    decorations: dict | None = None

    def resolve(self, relative: str) -> Path:
        return Path(relative)


class ProductSpace:
    """``rows``: the set's (row_number, retailer id) pairs in feed order."""

    ad_noun = "product"  # what the grid and the status bar count

    def __init__(self, *, name: str, page_name: str, store_path: Path, template: CatalogTemplate,
                 rows: list[tuple[int, str]], images: ProductImages, fmt: ProductFormat | None = None,
                 locale: str = DEFAULT_LOCALE, set_name: str | None = None, now: datetime | None = None,
                 catalog_format: CatalogFormat | None = None, folder: Path | None = None,
                 _indexes: list[int] | None = None):
        fmt = fmt or preview_format(catalog_format)
        if fmt not in PRODUCT_FORMATS:
            raise BadInputError(f"format {fmt!r}: use one of {', '.join(PRODUCT_FORMATS)}")
        self.name, self.page_name = name, page_name
        self.store_path = Path(store_path)
        self.template, self.format, self.locale = template, fmt, locale
        self.set_name = set_name
        # What the ad draws over its pictures; None when there is nothing to draw (Meta's default).
        decorated = catalog_format is not None and (catalog_format.image_overlay is not None
                                                    or catalog_format.frame is not None)
        self.catalog_format = catalog_format
        self.decorated = decorated
        self.folder = Path(folder) if folder is not None else None
        self.now = now or datetime.now(UTC)  # one moment for the whole space: a sale is on or off in all its ads
        self.images = images
        self.sources = ProductSources(file_problems={}, decorations={})
        self._rows = rows
        self._position = {rid: k for k, (_, rid) in enumerate(rows)}
        self._row_pos = {r: k for k, (r, _) in enumerate(rows)}
        self._indexes = list(range(len(rows))) if _indexes is None else _indexes
        self._setup()

    def _setup(self) -> None:
        self._loc = ad_locale(self.locale)
        self._parsed = {f: _parsed(getattr(self.template, f)) for f in ("message", "name", "description")}
        self._products: OrderedDict[int, dict] = OrderedDict()
        self._contents: OrderedDict[tuple, AdContent] = OrderedDict()
        self._lock = threading.Lock()
        stamp = repr((self.template, self.format, self.catalog_format, self.locale, self.page_name,
                      self.now.date())).encode()
        self._stamp = "template:" + hashlib.sha256(stamp).hexdigest()[:16]

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        for key in ("_loc", "_parsed", "_products", "_contents", "_lock"):
            state.pop(key, None)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._setup()

    # -- building -------------------------------------------------------------------------------
    @classmethod
    def build(cls, project, *, product_set: str | None = None, fmt: ProductFormat | None = None,
              locale: str | None = None, fetch: bool = True, cache: Path | None = None,
              now: datetime | None = None) -> ProductSpace:
        """The space of ``project``'s catalog ad over ``product_set`` (a name; None: the first
        set, or every product when there is none), in ``fmt`` (None: the project's format, as
        ``preview_format`` draws it), prices for ``locale`` (None: the template's). BadInputError
        when the project has no catalog, no template, no such set or no built catalog."""
        catalog, template = project.catalog, project.catalog_template
        if catalog is None:
            raise BadInputError(f"project {project.name!r} has no catalog: import a feed first "
                                "(dcstudio catalog import PROJECT FEED)")
        if template is None:
            raise BadInputError(f"project {project.name!r} has no catalog ad template: set one with "
                                "`dcstudio catalog template PROJECT --message ...`")
        chosen = None
        if product_set is not None:
            chosen = catalog.product_set(product_set.strip())
            if chosen is None:
                known = ", ".join(repr(s.name) for s in catalog.product_sets) or "none"
                raise BadInputError(f"no product set named {product_set!r} (the catalog's sets: {known})")
        elif catalog.product_sets:
            chosen = catalog.product_sets[0]
        sql, params = compile_filter(chosen.filter if chosen else {})
        path = catalog_path(project)
        try:
            with CatalogStore.open(path) as store:
                rows = store.query(f"SELECT row_number, id FROM {PRODUCTS} WHERE {sql} ORDER BY row_number", params)
        except CatalogError as exc:
            raise BadInputError(f"{exc}; or `dcstudio catalog refresh PROJECT` to read the feed again") from None
        seen: set[str] = set()
        unique = []
        for row_number, rid in rows:
            rid = rid or f"row-{row_number}"  # the lint names a product without an id
            if rid not in seen:  # Meta ignores repeated ids; the first stands for them here
                seen.add(rid)
                unique.append((int(row_number), rid))
        name = f"{project.name} \u2014 {chosen.name if chosen else ALL_PRODUCTS}"
        images = ProductImages(feed_folder(project), cache, fetch=fetch)
        return cls(name=name, page_name=project.name, store_path=path, template=template, rows=unique,
                   images=images, fmt=fmt, locale=locale or template.ad_locale,
                   set_name=chosen.name if chosen else None, now=now,
                   catalog_format=getattr(project, "catalog_format", None), folder=project.folder)

    # -- the AdSpace protocol -------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._indexes)

    def __getitem__(self, index: int) -> ProductItem:
        k = self._indexes[index]
        rid = self._rows[k][1]
        if self.format == CAROUSEL_MULTI_ITEMS:
            return ProductItem(k, rid, self._following(k))
        return ProductItem(k, rid)

    def _following(self, k: int) -> tuple[str, ...]:
        n = len(self._rows)
        return tuple(self._rows[(k + j) % n][1] for j in range(min(CAROUSEL_CARDS, n)))

    def containing(self, asset_id: str) -> ProductSpace:
        rid = asset_id.removeprefix(PRODUCT_PREFIX)
        keep = [k for k in self._indexes if rid in self._item_at(k).products()]
        clone = ProductSpace.__new__(ProductSpace)
        clone.__dict__.update(self.__getstate__())
        clone._indexes = keep
        clone._setup()
        return clone

    def _item_at(self, k: int) -> ProductItem:
        rid = self._rows[k][1]
        return ProductItem(k, rid, self._following(k)) if self.format == CAROUSEL_MULTI_ITEMS else ProductItem(k, rid)

    def invalidated_by(self, asset_id: str) -> tuple[str, ...]:
        return (asset_id,)

    def shown_products(self, item: ProductItem, placement: str) -> tuple[str, ...]:
        """The retailer ids ``item`` shows in ``placement``, in order."""
        if placement_of(placement).shows_cards:
            return item.cards or self._following(item.index)
        return (item.retailer_id,)

    def content(self, item: ProductItem, placement: str) -> AdContent:
        """Reads the products (and fetches their images): call it off the GUI thread."""
        key = (item.index, item.cards, placement)
        with self._lock:
            kept = self._contents.get(key)
        if kept is not None:  # a tile drawn again (another size, a scroll back) resolves nothing
            return kept
        content = self._resolved(item, placement)
        with self._lock:
            self._contents[key] = content
            while len(self._contents) > _CONTENTS_KEPT:
                self._contents.popitem(last=False)
        return content

    def _resolved(self, item: ProductItem, placement: str) -> AdContent:
        shown = self.shown_products(item, placement)
        products = self._read([self._rows[self._position[r]][0] for r in shown])
        first = products[0]
        instagram = _instagram_only(placement)
        media = tuple(self._media(rid, p, instagram) for rid, p in zip(shown, products, strict=True))
        texts = {f: self._text(f, first) for f in self._parsed}
        cards = ()
        if len(products) > 1:  # each card names its own product (Meta fills name and description per card)
            cards = tuple((self._text("name", p) or None, self._text("description", p) or None) for p in products)
        return AdContent(page_name=self.page_name, media=media, title=texts["name"] or None,
                         body=texts["message"] or None, description=texts["description"] or None,
                         cta=cta_label(self.template.call_to_action_type) or None,
                         display_url=_host(first.get("link")), card_texts=cards)

    def _text(self, field: str, product: dict) -> str:
        parsed = self._parsed[field]
        return resolve(parsed, product, locale=self._loc, now=self.now) if parsed is not None else \
            getattr(self.template, field)

    def tile_ids(self, item: ProductItem, placement: str) -> tuple[str, ...]:
        return tuple(product_id(r) for r in self.shown_products(item, placement)) + (self._stamp,)

    def file_slug(self, item: ProductItem) -> str:
        slug = _UNSAFE.sub("-", item.retailer_id).strip("-")[:60] or f"row{self._rows[item.index][0]}"
        return f"carousel_{slug}" if item.cards else slug

    def caption(self, item: ProductItem) -> tuple[str, str]:
        product = self._read([self._rows[item.index][0]])[0]
        title = (product.get("title") or "").strip()
        head = f"#{item.index + 1}  {item.retailer_id}" + (f"  {title[:60]}" if title else "")
        rest = "  \u00b7  ".join(v for v in ((product.get("price") or "").strip(),
                                             (product.get("availability") or "").strip()) if v)
        if item.cards:
            rest = f"carousel of {len(item.cards)}" + (f"  \u00b7  {rest}" if rest else "")
        return head, rest

    def name_of(self, asset_id: str) -> str:
        rid = asset_id.removeprefix(PRODUCT_PREFIX)
        k = self._position.get(rid)
        if k is None:
            return rid
        return (self._read([self._rows[k][0]])[0].get("title") or "").strip() or rid

    # -- products and their pictures ------------------------------------------------------------
    def product(self, retailer_id: str) -> dict:
        """The store row of a product of the set, as {column: value}; KeyError for another."""
        return self._read([self._rows[self._position[retailer_id]][0]])[0]

    def image_of(self, retailer_id: str) -> ProductImage:
        """The picture of a product of the set (fetched when needed: off the GUI thread)."""
        return self.images.get(product_image_url(self.product(retailer_id), self.catalog_format))

    def _media(self, rid: str, product: dict, instagram: bool = False) -> ImageAsset:
        picture = self.images.get(product_image_url(product, self.catalog_format))
        asset_id = product_id(rid)
        if picture.problem or picture.path is None:
            self.sources.file_problems[asset_id] = picture.problem or "no image"
            return ImageAsset(asset_id, "", "", 1000, 1000, Crop.centered(1000, 1000), label=rid)
        self.sources.file_problems.pop(asset_id, None)
        sha256 = picture.sha256
        if self.decorated:
            sha256 = self._decoration(picture.sha256, product, instagram)
        return ImageAsset(asset_id, str(picture.path), sha256, picture.width, picture.height,
                          Crop.centered(picture.width, picture.height), label=rid)

    def _decoration(self, source_sha256: str, product: dict, instagram: bool) -> str:
        """Registers what is drawn over this picture; returns the digest that names it."""
        values = tuple(sorted((k, v) for k, v in product.items() if k != "row_number"))
        frame = self.catalog_format.frame
        frame_stat = None
        if frame is not None and self.folder is not None:
            try:  # a frame saved again over the same name draws the tiles again
                st = (self.folder / frame.file).stat()
                frame_stat = (st.st_mtime_ns, st.st_size)
            except OSError:
                frame_stat = None
        key = repr((source_sha256, self.catalog_format, values, self.locale, instagram, self.now.date(), frame_stat))
        digest = "decorated:" + hashlib.sha256(key.encode()).hexdigest()
        decorations = self.sources.decorations
        with self._lock:
            decorations[digest] = Decoration(self.catalog_format, values, self.locale, self.folder, self.now,
                                             instagram, source_sha256)
            while len(decorations) > _DECORATIONS_KEPT:  # dicts keep their order: the oldest go first
                decorations.pop(next(iter(decorations)))
        return digest

    def _read(self, row_numbers: list[int]) -> list[dict]:
        with self._lock:
            found = {r: self._products.get(r) for r in row_numbers}
        missing = [r for r, product in found.items() if product is None]
        if missing:
            found.update(self._load(missing))
        return [found[r] for r in row_numbers]

    def _load(self, wanted: list[int]) -> dict[int, dict]:
        numbers = set(wanted)
        start = self._row_pos.get(wanted[0], 0)  # and the rows after it: the grid asks for them next
        numbers.update(r for r, _ in self._rows[start:start + _PAGE])
        columns, rows = _query(self.store_path, f"SELECT * FROM {PRODUCTS} WHERE row_number IN "
                               "(SELECT unnest(?::BIGINT[]))", [sorted(numbers)])
        read = {}
        for row in rows:
            product = dict(zip(columns, row, strict=True))
            read[int(product["row_number"])] = product
        if any(r not in read for r in wanted):
            raise BadInputError(f"{self.store_path}: the catalog changed while it was shown; show it again")
        with self._lock:
            self._products.update(read)
            while len(self._products) > _ROWS_KEPT:
                self._products.popitem(last=False)
        return read


def _instagram_only(placement: str) -> bool:
    """Whether Meta shows ``placement`` on Instagram only (where it draws no image overlay)."""
    keys = {key for key, _ in placement_of(placement).meta_positions}
    return keys == {"instagram_positions"}


def _parsed(text: str):
    """The parsed template, or None for a text with a syntax error: shown as written (the lint
    names the error)."""
    if not text:
        return None
    try:
        return parse_template(text)
    except BadInputError:
        return None


def _host(link: str | None) -> str:
    if not link:
        return ""
    try:
        host = urlsplit(link.strip()).hostname or ""
    except ValueError:
        return link.strip()[:40]
    return host.removeprefix("www.")


def feed_folder(project) -> Path | None:
    """The folder a catalog's local image links are read from: its feed's (None for a URL feed)."""
    source = project.catalog.source if project.catalog else None
    if not source or is_url(source):
        return None
    path = Path(source)
    if not path.is_absolute() and project.folder is not None:
        path = Path(project.folder) / path
    return path.parent


# -- reading the store ---------------------------------------------------------------------------------
def _query(path: Path, sql: str, params: list) -> tuple[list[str], list[tuple]]:
    """(column names, rows) of one query on a read-only connection of its own, closed at once: a
    page of products is read in milliseconds, and no thread holds the file open (a refresh
    replaces it; Windows refuses to replace an open file)."""
    import duckdb

    if not path.is_file():
        raise BadInputError(f"{path}: the catalog is gone; import the feed again")
    con = duckdb.connect(str(path), read_only=True)
    try:
        cursor = con.execute(sql, params)
        return [d[0] for d in cursor.description], cursor.fetchall()
    finally:
        con.close()
