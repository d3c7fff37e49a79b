"""Which DuckDB file holds the rows of a catalog: ``<project>/catalog/products-<key>.duckdb``, the
key made from the ``CatalogSpec``'s feed hash and column mapping (what decides the rows).

Keyed files, not one ``products.duckdb`` replaced on each import: the project file and its undo
stack hold only the spec, so a spec must find its own rows whatever happened since. Undoing an
import in the window (or reopening a project saved before the last import, or recovering an
autosave) opens the rows of the spec it comes back to, and redo those of the newer one; nothing
is copied or moved on undo, and no open file is replaced under a reader. The stores no spec needs
any more are removed by ``prune_stores`` when the window closes the document and after the CLI
saves an import.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from dcstudio.core.model.catalog_spec import CATALOG_DB, CATALOG_DIR
from dcstudio.core.values.errors import DcError

STORE_PREFIX = "products-"
STORE_SUFFIX = ".duckdb"


def store_key(spec) -> str:
    """16 hex digits of the feed's sha256 and the mapping: the same feed read the same way gives
    the same rows (the profile and the product sets do not change them)."""
    text = spec.sha256 + "\n" + json.dumps(dict(spec.mapping), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def catalog_folder(project_or_folder) -> Path:
    """``<folder>/catalog`` of a project, a project folder or its dcstudio.json."""
    folder = getattr(project_or_folder, "folder", project_or_folder)
    if folder is None:
        raise DcError("the project has no folder yet: save it before importing a catalog")
    folder = Path(folder)
    if folder.suffix == ".json":
        folder = folder.parent
    return folder / CATALOG_DIR


def store_path(project_or_folder, spec) -> Path:
    """Where the rows of ``spec`` are (or go)."""
    return catalog_folder(project_or_folder) / f"{STORE_PREFIX}{store_key(spec)}{STORE_SUFFIX}"


def stores_in(folder: Path) -> list[Path]:
    """The catalog stores of a catalog folder, newest first (temporary files not among them)."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.is_file() and p.suffix == STORE_SUFFIX
             and (p.name.startswith(STORE_PREFIX) or p.name == CATALOG_DB)]
    return sorted(found, key=lambda p: p.stat().st_mtime_ns, reverse=True)


def find_store(project_or_folder) -> Path:
    """The store to read. With a spec (a project's ``catalog``): the spec's own file, which may
    not exist (then nobody has imported that feed into this folder, or its store was removed).
    A store of the first releases, ``products.duckdb``, is taken over when it holds that feed.
    Without a spec (a bare folder, a scratch import): the store imported last."""
    spec = getattr(project_or_folder, "catalog", None)
    folder = catalog_folder(project_or_folder)
    if spec is None:
        stores = stores_in(folder)
        return stores[0] if stores else folder / CATALOG_DB
    path = store_path(project_or_folder, spec)
    legacy = folder / CATALOG_DB
    if not path.is_file() and legacy.is_file() and _holds_feed(legacy, spec.sha256):
        os.replace(legacy, path)
    return path


def prune_stores(project_or_folder, keep: Iterable) -> list[Path]:
    """Removes the stores of the folder that none of the specs ``keep`` (None among them is
    skipped) reads; returns them. One still open elsewhere (Windows refuses) stays for next time."""
    folder = catalog_folder(project_or_folder)
    wanted = {store_path(project_or_folder, spec).name for spec in keep if spec is not None}
    removed = []
    for path in stores_in(folder):
        if path.name in wanted:
            continue
        try:
            path.unlink()
            Path(str(path) + ".wal").unlink(missing_ok=True)
            removed.append(path)
        except OSError:
            pass
    return removed


def _holds_feed(path: Path, sha256: str) -> bool:
    import duckdb

    try:
        with duckdb.connect(str(path), read_only=True) as con:
            row = con.execute("SELECT value FROM catalog_info WHERE key = 'sha256'").fetchone()
    except duckdb.Error:
        return False
    return bool(row) and row[0] == sha256
