"""Adding, replacing and removing the product sets of a catalog: each returns a new CatalogSpec
to set on the project (``project.set_catalog``, undoable in the window), never edits one."""
from __future__ import annotations

from dataclasses import replace

from dcstudio.core.catalog.filters import check_filter
from dcstudio.core.model.catalog_spec import CatalogSpec, ProductSet
from dcstudio.core.values.errors import BadInputError

# Meta's product set names are free text; a longer one is no name a list shows whole.
MAX_NAME = 200


def set_name(name: str) -> str:
    """The name as saved (trimmed); BadInputError when it is empty, too long or has control characters."""
    text = name.strip() if isinstance(name, str) else ""
    if not text:
        raise BadInputError("a product set needs a name")
    if len(text) > MAX_NAME:
        raise BadInputError(f"product set name {text[:40]!r}...: at most {MAX_NAME} characters")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        raise BadInputError(f"product set name {text!r}: no line breaks or control characters")
    return text


def add_product_set(spec: CatalogSpec, name: str, filter: dict, *, replace_existing: bool = False) -> CatalogSpec:
    """The spec with the set added at the end (or, with ``replace_existing``, in the place of the
    set of that name). FilterError for a bad filter; BadInputError for a bad or taken name."""
    name = set_name(name)
    check_filter(filter)
    new = ProductSet(name, filter)
    sets = list(spec.product_sets)
    for i, old in enumerate(sets):
        if old.name == name:
            if not replace_existing:
                raise BadInputError(f"there is already a product set named {name!r}: remove it first, "
                                    f"or replace it")
            sets[i] = new
            return replace(spec, product_sets=tuple(sets))
    return replace(spec, product_sets=(*sets, new))


def remove_product_set(spec: CatalogSpec, name: str) -> CatalogSpec:
    name = name.strip()
    if spec.product_set(name) is None:
        known = ", ".join(repr(s.name) for s in spec.product_sets) or "none"
        raise BadInputError(f"no product set named {name!r} (the catalog's sets: {known})")
    return replace(spec, product_sets=tuple(s for s in spec.product_sets if s.name != name))
