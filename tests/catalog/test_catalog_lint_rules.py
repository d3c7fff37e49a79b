"""Every catalog rule, per profile: the rows that break it are exactly the rows it names, and the
rows beside them that pass are not named."""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from dcstudio.core.lint.catalog_lint import lint_catalog
from dcstudio.core.lint.catalog_values import LIMITS
from dcstudio.core.lint.rules import CATALOG_PROFILES, RULES
from tests.catalog.catalog_feeds import build_store, clean_row

MC, GM = CATALOG_PROFILES
IMAGE_RULES = {r for r in RULES if r.startswith("catalog.image.")}


@dataclass(frozen=True)
class Case:
    rule_id: str
    profile: str | None  # None: each profile of the rule
    bad: list[dict] = field(default_factory=list)  # each row's changes to a clean product
    good: list[dict] = field(default_factory=list)
    fix: str | None = None  # a text the fix of the first bad row holds


def _imgs(n: int) -> str:
    return ",".join(f"https://shop.example.com/extra/{i}.jpg" for i in range(n))


_CASES = [
    Case("catalog.required", MC, [{"brand": ""}, {"price": "  "}], [{"brand": "Acme"}]),
    Case("catalog.required.gmc", GM, [{"brand": ""}, {"availability": "preorder"}],
         [{"availability": "preorder", "availability_date": "2026-03-01T12:00+01:00"}, {"condition": ""}]),
    Case("catalog.length", MC, [{"id": "x" * 101}, {"title": "t" * 201}, {"custom_label_0": "c" * 101}],
         [{"id": "y" * 100}, {"title": "t" * 60}, {"description": "d" * 9999}], fix="shorten it to 100"),
    Case("catalog.length.gmc", GM, [{"id": "x" * 51}, {"brand": "b" * 71}, {"description": "d" * 5001}],
         [{"id": "y" * 50}, {"title": "t" * 150}]),
    Case("catalog.title.long", MC, [{"title": "t" * 66}], [{"title": "t" * 65}, {"title": "t" * 201}]),
    Case("catalog.enum.unknown", MC, [{"availability": "maybe"}, {"condition": "broken"}, {"gender": "boys"},
                                      {"age_group": "senior"}],
         [{"availability": "out of stock"}, {"gender": "unisex"}, {"age_group": "all ages"}, {"status": "archived"}]),
    Case("catalog.enum.unknown", GM, [{"condition": "cpo"}, {"age_group": "teen"}],
         [{"availability": "backorder", "availability_date": "2026-03-01T12:00+01:00"}, {"age_group": "kids"}]),
    Case("catalog.enum.sdk_only", MC, [{"availability": "preorder"}, {"condition": "used_like_new"},
                                       {"status": "staging"}],
         [{"condition": "refurbished"}, {"availability": "in stock"}], fix="in stock, out of stock"),
    Case("catalog.enum.spelling", MC, [{"availability": "in_stock"}, {"condition": "New"}],
         [{"availability": "in stock"}], fix="write in stock"),
    Case("catalog.enum.spelling", GM, [{"availability": "in stock"}, {"availability": "Out Of Stock"}],
         [{"availability": "out_of_stock"}], fix="write in_stock"),
    Case("catalog.price.syntax", MC, [{"price": "9,99 EUR"}, {"price": "$9.99"}, {"price": "9.99"},
                                      {"price": "9.99 XYZ"}, {"price": "1,299.00 USD"}, {"sale_price": "USD 5"},
                                      {"price": "9.99usd"}],
         [{"price": "9.99 EUR"}, {"price": "1299 JPY"}, {"sale_price": "5.00 USD"}], fix="write 9.99 EUR"),
    Case("catalog.price.syntax", GM, [{"price": "€9"}], [{"price": "9 EUR"}]),
    Case("catalog.sale_price.not_below", None, [{"sale_price": "19.99 USD"}, {"sale_price": "25.00 USD"},
                                              {"sale_price": "5.00 EUR"}],
         [{"sale_price": "15.00 USD"}, {"sale_price": "not a price"}]),
    Case("catalog.sale_date.syntax", None,
         [{"sale_price_effective_date": "2026-03-01"},
          {"sale_price_effective_date": "2026-02-30T00:00+01:00/2026-03-31T00:00+01:00"},
          {"sale_price_effective_date": "2026-03-01T00:00/2026-03-31T00:00"}],
         [{"sale_price_effective_date": "2026-03-01T00:00+01:00/2026-03-31T23:59+01:00"},
          {"sale_price_effective_date": "2026-03-01T00:00:00Z/2026-03-02T00:00:00Z"}]),
    Case("catalog.sale_date.order", None,
         [{"sale_price_effective_date": "2026-03-31T00:00+01:00/2026-03-01T00:00+01:00"},
          {"sale_price_effective_date": "2026-03-01T00:00+01:00/2026-03-01T00:00+01:00"}],
         [{"sale_price_effective_date": "2026-03-01T00:00+01:00/2026-03-01T00:01+01:00"}]),
    Case("catalog.id.duplicate", None, [{"id": "dup"}, {"id": "dup"}, {"id": "dup"}], [{"id": "dup2"}, {"id": "Dup"}]),
    Case("catalog.link.scheme", None, [{"link": "www.shop.example.com/x"}, {"image_link": "ftp://x.example/a.jpg"},
                                     {"link": "https://shop.example.com/a b"},
                                     {"additional_image_link": "ftp://x.example/1.jpg,https://x.example/2.jpg"}],
         [{"link": "http://shop.example.com/x?q=1#top"}, {"image_link": "https://127.0.0.1:8080/a.jpg"}],
         fix="https://www.shop.example.com/x"),
    Case("catalog.link.tracking", MC, [{"link": "https://shop.example.com/p?utm_source=google&color=red"},
                                       {"link": "https://shop.example.com/p?gclid=abc"}],
         [{"link": "https://shop.example.com/p?color=red&utm=1"}], fix="use https://shop.example.com/p?color=red"),
    Case("catalog.text.same_as_title", MC, [{"title": "Blue mug", "description": "blue mug "}],
         [{"title": "Blue mug", "description": "A blue mug for tea."}]),
    Case("catalog.text.all_caps", MC, [{"description": "BEST SHIRT EVER!"}], [{"description": "Best shirt, 100% USA"}]),
    Case("catalog.text.link", MC, [{"description": "More at https://shop.example.com"},
                                   {"description": "see www.shop.example.com"}],
         [{"description": "Made of linen: www is not a link."}]),
    Case("catalog.gtin.check_digit", None, [{"gtin": "4006381333932"}, {"gtin": "12345"}, {"gtin": "40063813339-31"}],
         [{"gtin": "4006381333931"}, {"gtin": "036000291452"}, {"gtin": "96385074"}, {"gtin": "00012345600012"}],
         fix="4006381333931"),
    Case("catalog.item_group.inconsistent", None,
         [{"item_group_id": "g1", "brand": "Acme", "color": "red"}, {"item_group_id": "g1", "brand": "Other",
                                                                     "color": "blue"},
          {"item_group_id": "g2", "color": "red", "size": "M"}, {"item_group_id": "g2", "color": "Red", "size": "M"}],
         [{"item_group_id": "g3", "color": "red", "size": "M"}, {"item_group_id": "g3", "color": "red", "size": "L"},
          {"item_group_id": "g4"}]),
    Case("catalog.images.too_many", MC, [{"additional_image_link": _imgs(21)}], [{"additional_image_link": _imgs(20)}]),
    Case("catalog.images.too_many", GM, [{"additional_image_link": _imgs(11)}], [{"additional_image_link": _imgs(10)}]),
    Case("catalog.shipping.syntax", MC, [{"shipping": "US-NY-9.99"}, {"shipping": "US:NY:Ground:9,99 USD"},
                                         {"shipping": "US:NY:Ground:9.99 USD,USA::Air:20 USD"},
                                         {"shipping": "US:NY:Ground:9.99 USD:1:2"}, {"shipping": "US::Air:9.99 XYZ"}],
         [{"shipping": "US:NY:Ground:9.99 USD"}, {"shipping": "US:::0.0 USD, CA:ON:Post:5 CAD"}]),
    Case("catalog.shipping.syntax", GM, [{"shipping": "US:CA:Overnight:16.00"}],
         [{"shipping": "US:CA:Overnight:16.00 USD:1:2:3:5"}]),
]


CASES = [c if c.profile else Case(c.rule_id, p, c.bad, c.good, c.fix)
         for c in _CASES for p in ((c.profile,) if c.profile else RULES[c.rule_id].profiles)]


def test_every_catalog_rule_has_a_case_for_each_of_its_profiles():
    covered = {(c.rule_id, c.profile) for c in CASES}
    wanted = {(r.id, p) for r in RULES.values() for p in r.profiles if p in CATALOG_PROFILES
              and r.id not in IMAGE_RULES}
    assert wanted - covered == set()
    assert covered - wanted == set()  # a case under a profile the rule does not belong to


@pytest.mark.parametrize("case", CASES, ids=[f"{c.profile}:{c.rule_id}" for c in CASES])
def test_rule_names_exactly_the_rows_that_break_it(tmp_path, case):
    rows = [clean_row(case.profile, 0)]
    for n, change in enumerate(case.bad + case.good, start=1):
        row = clean_row(case.profile, n)
        row.update(change)
        rows.append(row)
    bad_rows = set(range(2, 2 + len(case.bad)))
    with build_store(tmp_path / "p", rows, case.profile) as store:
        report = lint_catalog(store)
    assert report.profile == case.profile
    hits = [f for f in report.findings if f.rule_id == case.rule_id]
    assert {f.row for f in hits} == bad_rows, [(f.row, f.value, f.message) for f in hits]
    assert report.counts[case.rule_id] == len(hits)
    rule = RULES[case.rule_id]
    for f in hits:
        assert f.severity == rule.severity and f.source == rule.source
        assert f.message and f.fix and f.column
        assert f.line == f.row + 1  # one header line, no line breaks inside values
    if case.fix:
        assert case.fix in hits[0].fix, hits[0].fix
    # The clean product breaks nothing.
    assert [f.rule_id for f in report.findings if f.row == 1] == []


def test_a_missing_required_column_is_one_finding_for_the_feed(tmp_path):
    columns = [c for c in ("id", "title", "description", "availability", "condition", "price", "link", "image_link")]
    rows = [clean_row(MC, n) for n in range(3)]
    with build_store(tmp_path / "p", rows, MC, columns) as store:
        report = lint_catalog(store)
    [f] = report.findings
    assert (f.rule_id, f.row, f.line, f.column) == ("catalog.required", None, None, "brand")
    assert "no brand column" in f.message and report.counts == {"catalog.required": 1}


def test_duplicate_ids_name_every_row(tmp_path):
    rows = [clean_row(MC, n) for n in range(5)]
    for n in (1, 3, 4):
        rows[n]["id"] = "same"
    with build_store(tmp_path / "p", rows) as store:
        hits = [f for f in lint_catalog(store).findings if f.rule_id == "catalog.id.duplicate"]
    assert [f.row for f in hits] == [2, 4, 5]
    assert all("on 3 rows (2, 4, 5)" in f.message for f in hits)


def test_a_value_with_line_breaks_gives_the_line_it_starts_on(tmp_path):
    rows = [clean_row(MC, n) for n in range(3)]
    rows[0]["description"] = "first line\nsecond line\nthird"
    rows[2]["price"] = "9,99 EUR"
    with build_store(tmp_path / "p", rows) as store:
        [f] = [f for f in lint_catalog(store).findings if f.rule_id == "catalog.price.syntax"]
    assert (f.row, f.line, f.column, f.value) == (3, 6, "price", "9,99 EUR")


def test_findings_per_rule_are_capped_but_counted(tmp_path):
    rows = [clean_row(MC, n) for n in range(30)]
    for row in rows:
        row["price"] = "9,99 EUR"
    with build_store(tmp_path / "p", rows) as store:
        report = lint_catalog(store, max_per_rule=10)
    assert report.counts["catalog.price.syntax"] == 30 and report.truncated == ("catalog.price.syntax",)
    assert [f.row for f in report.findings if f.rule_id == "catalog.price.syntax"] == list(range(1, 11))


def test_the_numbers_match_the_sdk_enums():
    from facebook_business.adobjects.productitem import ProductItem

    def values(cls):
        return {v for k, v in vars(cls).items() if not k.startswith("_")}

    enums = LIMITS[MC].enums
    for name, cls in (("availability", ProductItem.Availability), ("condition", ProductItem.Condition),
                      ("gender", ProductItem.Gender), ("age_group", ProductItem.AgeGroup)):
        documented, sdk_only = enums[name]
        assert set(documented) | set(sdk_only) == values(cls), name
    assert set(enums["status"][1]) == values(ProductItem.Visibility)


def test_the_profile_comes_from_the_import_and_a_bad_one_is_refused(tmp_path):
    from dcstudio.core.values.errors import BadInputError

    with build_store(tmp_path / "p", [clean_row(GM, 0)], GM) as store:
        assert lint_catalog(store).profile == GM
        assert lint_catalog(store, MC).profile == MC
        with pytest.raises(BadInputError, match="catalog profile 'tiktok'"):
            lint_catalog(store, "tiktok")


def test_cancel_stops_the_lint(tmp_path):
    import threading

    from dcstudio.core.values.errors import Cancelled

    cancel = threading.Event()
    cancel.set()
    with build_store(tmp_path / "p", [clean_row(MC, 0)]) as store, pytest.raises(Cancelled):
        lint_catalog(store, cancel=cancel)
