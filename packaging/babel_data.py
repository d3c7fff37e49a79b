"""Babel's locale data in the desktop bundle: only what the catalog prices read, for Meta's languages.

Babel ships CLDR's data for 1,148 locales (31 MB of pickles); the studio reads it in one place,
dcstudio/core/catalog/prices.py, to format a price and a number for an ad's locale. The bundle keeps:

- the locales of Meta's ad languages (``prices.ad_languages()``: de, de_DE, de_CH... for German),
  their parents (CLDR's parent chain, down to ``root``), and nothing of the others, which
  ``ad_locale`` refuses in every install anyway;
- in each kept locale, only the sections prices.py's Babel calls read (``KEPT_SECTIONS``): the
  currency and decimal patterns, the number symbols, the currency symbols and names; not the names
  of languages, territories, time zones and units, nor the dates, which are most of each file.

tests/packaging/test_babel_data.py formats every price and number the studio can be asked for, in
every kept locale, with the pruned data in a fresh interpreter, and compares it with the full data.
"""
from __future__ import annotations

import pickle
from collections.abc import Iterable
from pathlib import Path

# What format_currency, format_decimal, parse_pattern(...).apply and Locale.parse read (apply looks
# up the currency's name for a "¤¤¤" pattern even when there is none).
KEPT_SECTIONS = frozenset({
    "locale_id", "currency_formats", "currency_symbols", "currency_names", "currency_names_plural",
    "currency_unit_patterns", "decimal_formats",
    "percent_formats", "scientific_formats", "number_symbols", "numbering_systems",
    "default_numbering_system", "plural_form", "character_order",
})
ROOT = "root"


def babel_dir() -> Path:
    import babel

    return Path(babel.__file__).parent


def parent_of(identifier: str, parent_exceptions: dict[str, str]) -> str | None:
    """CLDR's parent locale, as babel.localedata.load follows it (``en_150`` -> ``en_001`` ->
    ``en`` -> ``root``)."""
    if identifier == ROOT:
        return None
    if identifier in parent_exceptions:
        return parent_exceptions[identifier]
    parts = identifier.split("_")
    return "_".join(parts[:-1]) if len(parts) > 1 else ROOT


def kept_locales(identifiers: Iterable[str], languages: Iterable[str],
                 parent_exceptions: dict[str, str]) -> list[str]:
    """Of Babel's locale identifiers, those of ``languages`` and every parent they load."""
    languages = set(languages)
    kept = set()
    for identifier in identifiers:
        if identifier.split("_")[0] not in languages:
            continue
        name: str | None = identifier
        while name is not None and name not in kept:
            kept.add(name)
            name = parent_of(name, parent_exceptions)
    kept.add(ROOT)
    return sorted(kept)


def pruned(data: dict) -> dict:
    return {key: value for key, value in data.items() if key in KEPT_SECTIONS}


def write_locale_data(out_dir: Path, languages: Iterable[str], source: Path | None = None) -> list[Path]:
    """The pruned ``<locale>.dat`` files for ``languages`` in ``out_dir``; returns their paths."""
    from babel.core import get_global

    source = source or babel_dir() / "locale-data"
    identifiers = [p.stem for p in source.glob("*.dat")]
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.dat"):
        old.unlink()
    written = []
    for identifier in kept_locales(identifiers, languages, get_global("parent_exceptions")):
        with open(source / f"{identifier}.dat", "rb") as f:
            data = pickle.load(f)
        target = out_dir / f"{identifier}.dat"
        target.write_bytes(pickle.dumps(pruned(data), protocol=pickle.HIGHEST_PROTOCOL))
        written.append(target)
    return written


def is_locale_data(bundle_path: str) -> bool:
    """A file of babel/locale-data/ as PyInstaller's hook for Babel collects it."""
    path = bundle_path.replace("\\", "/")
    return path.startswith("babel/locale-data/") and path.endswith(".dat")
