"""What the project file says about its product catalog: the feed's source, its hash, the
profile its lint follows, the column mapping and the product sets.

The rows themselves never go in the project file (nor the undo stack): they live in
``<project>/catalog/products-<key>.duckdb``, a cache rebuilt from the feed (dcstudio.core.catalog).
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Which rule set a catalog's lint applies: Meta's feed reference or Google Merchant Center's.
CATALOG_PROFILES = ("meta-catalog", "google-merchant")
DEFAULT_CATALOG_PROFILE = "meta-catalog"

CATALOG_DIR = "catalog"
CATALOG_DB = "products.duckdb"  # the one store of the first releases (now keyed: catalog.store_files)


@dataclass(frozen=True)
class ProductSet:
    """A named product set: Meta's filter JSON, exported exactly as it is here."""

    name: str
    filter: dict = field(default_factory=dict)


@dataclass(frozen=True)
class CatalogSpec:
    """source: the feed's local path (as given) or its https:// URL
    sha256: the hash of the feed's bytes (as fetched, before decompression) at the last import
    profile: one of CATALOG_PROFILES
    mapping: feed column -> store column, for the columns whose name is not the store's own
             (``g:price`` -> ``price``, ``Preis`` -> ``price``)
    product_sets: in the order the user made them; names are unique
    """

    source: str
    sha256: str
    profile: str = DEFAULT_CATALOG_PROFILE
    mapping: dict[str, str] = field(default_factory=dict)
    product_sets: tuple[ProductSet, ...] = ()

    def __post_init__(self):
        if self.profile not in CATALOG_PROFILES:
            raise ValueError(f"catalog profile must be one of {', '.join(CATALOG_PROFILES)}, not {self.profile!r}")
        names = [s.name for s in self.product_sets]
        for name in names:
            if names.count(name) > 1:
                raise ValueError(f"two product sets are named {name!r}")

    def product_set(self, name: str) -> ProductSet | None:
        return next((s for s in self.product_sets if s.name == name), None)
