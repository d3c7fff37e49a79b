"""The bundle's pruned Babel data formats every price the studio can be asked for as the full data
does (packaging/babel_data.py). No bundle build: the pruned data goes next to a copy of Babel's
code, and a fresh interpreter that sees only that copy formats with it."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from babel import localedata

from dcstudio.core.catalog.prices import ad_languages, ad_locale, format_price, number_format
from dcstudio.core.values.ad_locales import META_LOCALES
from dcstudio.core.values.errors import BadInputError
from tests.packaging.conftest import load

ROOT = Path(__file__).resolve().parents[2]
CURRENCIES = ("USD", "EUR", "JPY", "KWD", "GBP", "CHF", "INR", "BRL", "SAR", "CNY")
AMOUNTS = ("1234567.5", "0.5", "-42", "1234")


def askable_locales() -> list[str]:
    """Every locale the prices accept: Babel's locales of Meta's ad languages, and Meta's own codes
    that CLDR knows by another name (es_LA, ar_AR)."""
    names = [i for i in localedata.locale_identifiers() if i.split("_")[0] in ad_languages()]
    names += [n for n in META_LOCALES if _accepted(n)]
    return sorted(set(names))


def _accepted(name: str) -> bool:
    try:
        ad_locale(name)
    except BadInputError:
        return False
    return True


FORMAT_ALL = r"""
import json, sys
from decimal import Decimal
sys.path[:0] = [sys.argv[1], sys.argv[2]]
import babel
assert babel.__file__.startswith(sys.argv[1]), babel.__file__
from dcstudio.core.catalog.prices import format_price, number_format
names, currencies, amounts = json.loads(sys.stdin.read())
out = {}
for name in names:
    rows = out[name] = []
    for currency in currencies:
        for amount in amounts:
            a = Decimal(amount)
            rows.append([format_price(a, currency, name), format_price(a, currency, name, strip_zeros=True),
                         format_price(a, currency, name, round_amount=True)])
    rows.append([number_format(amount, name) for amount in amounts])
print(json.dumps(out))
"""


def formatted(names) -> dict:
    out = {}
    for name in names:
        rows = out[name] = []
        for currency in CURRENCIES:
            for amount in AMOUNTS:
                a = Decimal(amount)
                rows.append([format_price(a, currency, name), format_price(a, currency, name, strip_zeros=True),
                             format_price(a, currency, name, round_amount=True)])
        rows.append([number_format(amount, name) for amount in AMOUNTS])
    return out


@pytest.fixture(scope="module")
def pruned_babel(tmp_path_factory):
    """A copy of Babel's code with the bundle's locale data, as the spec builds it."""
    babel_data = load("babel_data")
    site = tmp_path_factory.mktemp("site")
    shutil.copytree(babel_data.babel_dir(), site / "babel", ignore=shutil.ignore_patterns("locale-data", "__pycache__"))
    written = babel_data.write_locale_data(site / "babel" / "locale-data", ad_languages())
    return site, written


def test_every_askable_locale_formats_as_with_the_full_data(pruned_babel):
    site, _ = pruned_babel
    names = askable_locales()
    assert len(names) > 500 and {"en_US", "de_CH", "es_LA", "ar_AR", "ja_JP", "zh_TW", "fil_PH"} <= set(names)
    done = subprocess.run([sys.executable, "-I", "-c", FORMAT_ALL, str(site), str(ROOT)],
                          input=json.dumps([names, CURRENCIES, AMOUNTS]), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout)
    expected = formatted(names)
    wrong = [name for name in names if got[name] != expected[name]]
    assert not wrong, (wrong[:5], got[wrong[0]][:2], expected[wrong[0]][:2]) if wrong else None


def test_the_pruned_data_is_a_fraction_of_babels(pruned_babel):
    site, written = pruned_babel
    full = sum(p.stat().st_size for p in (load("babel_data").babel_dir() / "locale-data").glob("*.dat"))
    kept = sum(p.stat().st_size for p in written)
    assert kept < full / 10, (kept, full)
    names = {p.stem for p in written}
    assert {"root", "en", "en_001", "en_150", "de", "de_CH", "es_419", "zh_Hant", "zh_Hant_TW"} <= names
    assert not names & {"haw", "haw_US", "chr", "yue"}  # languages Meta shows no ads in


def test_the_kept_locales_follow_cldrs_parents():
    kept = load("babel_data").kept_locales(["en_150", "az_Arab_IR", "fr_CA", "haw_US"], ["en", "az", "fr"],
                                           {"en_150": "en_001", "az_Arab": "root"})
    assert kept == ["az_Arab", "az_Arab_IR", "en", "en_001", "en_150", "fr", "fr_CA", "root"]


def test_a_locale_of_another_language_is_refused_in_every_install():
    with pytest.raises(BadInputError, match="haw_US"):
        ad_locale("haw_US")
    assert str(ad_locale("es_LA")) == "es_419" and str(ad_locale("ar-AR")) == "ar"


def test_the_bundle_spec_swaps_babels_locale_data():
    babel_data = load("babel_data")
    assert babel_data.is_locale_data("babel/locale-data/de_CH.dat")
    assert not babel_data.is_locale_data("babel/global.dat")
    assert not babel_data.is_locale_data("babel/locale-data/LICENSE")
