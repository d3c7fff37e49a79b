"""The template editor's core: what fits at the cursor inside a tag, and one field previewed for one
product (resolved text, every unknown name, empty tags, the length against the pool limit)."""
from __future__ import annotations

import pytest

from dcstudio.core.catalog.template_preview import field_limit, preview_field, template_problems
from dcstudio.core.model.product_tags import OPTIONS, PRODUCT_FIELDS, TRANSFORMS, URL_PARAMETERS
from dcstudio.core.model.tag_completion import CLOSE, OPTION, TAG, TRANSFORM, completion_at, matching
from dcstudio.core.values.profiles import META, text_limit

NBSP = "\xa0"
PRODUCT = {"id": "NW-1", "title": "trail shoe", "brand": "", "description": "Light.", "link": "https://s.example/p/1",
           "price": "1234.50 EUR", "sale_price": ""}


def words(text: str, *, url: bool = False) -> list[str] | None:
    found = completion_at(text, len(text), url=url)
    return None if found is None else [c.word for c in matching(found)]


def test_after_two_braces_every_product_tag_is_offered_the_custom_labels_last():
    found = completion_at("Buy {{", 6)
    assert found.kind == TAG and found.start == 6 and found.prefix == ""
    offered = [c.word for c in found.choices]
    assert sorted(offered) == sorted(f"product.{f}" for f in PRODUCT_FIELDS)
    assert offered[-5:] == [f"product.custom_label_{i}" for i in range(5)]
    assert all(c.hint for c in found.choices)


def test_what_is_typed_narrows_the_tags_those_starting_with_it_first():
    assert words("{{na") == ["product.name"]
    assert words("{{ product.pr")[0] == "product.price"
    assert words("{{price") == ["product.price", "product.current_price"]
    found = completion_at("x {{ product.na", 15)
    assert found.start == 5 and found.prefix == "product.na"


def test_after_a_price_tag_its_options_and_the_transforms_are_offered():
    assert words("{{product.price ") == ["}}", *OPTIONS, *(f"| {t}" for t in TRANSFORMS)]
    assert words("{{product.current_price raw ") == ["}}", "strip_zeros", "round", *(f"| {t}" for t in TRANSFORMS)]
    assert words("{{product.price str") == ["strip_zeros"]
    kinds = {c.kind for c in completion_at("{{product.price ", 16).choices}
    assert kinds == {CLOSE, OPTION, TRANSFORM}


def test_a_text_tag_takes_no_option_only_transforms():
    assert words("{{product.name ") == ["}}", *(f"| {t}" for t in TRANSFORMS)]


def test_after_a_bar_the_transforms_and_after_a_transform_another_bar():
    assert words("{{product.name |") == list(TRANSFORMS)
    assert words("{{product.name | tit") == ["titleize"]
    assert words("{{product.url | urlencode ") == ["}}", *(f"| {t}" for t in TRANSFORMS)]
    assert words("{{product.url | urlencode x") is None


def test_nothing_outside_a_tag_or_after_an_unknown_one():
    assert words("plain text") is None
    assert words("{{product.name}} and ") is None
    assert words("{{brandd ") is None
    assert words("{{ad.id ") is None


def test_a_url_field_offers_metas_url_parameters_too():
    assert set(URL_PARAMETERS) <= set(words("{{", url=True))
    assert not set(URL_PARAMETERS) & set(words("{{"))


def test_a_field_resolves_for_the_product_with_babel_prices_and_the_ads_locale():
    found = preview_field("name", "{{product.name | titleize}} {{product.price}}", PRODUCT, locale="de_DE")
    assert found.text == f"Trail Shoe 1.234,50{NBSP}€" and not found.problems
    assert preview_field("name", "{{product.price}}", PRODUCT, locale="en_US").text == "€1,234.50"


def test_every_unknown_tag_and_option_is_named_with_its_position_and_the_rest_still_resolves():
    text = "{{product.nme}} by {{product.price strip_zero}} for {{product.name}}"
    found = preview_field("message", text, PRODUCT)
    expected = [("product.nme", 3), ("strip_zero", text.index("strip_zero") + 1)]
    assert [(p.name, p.position) for p in found.problems] == expected
    assert "unknown tag 'product.nme'" in found.problems[0].problem
    assert "unknown option 'strip_zero'" in found.problems[1].problem
    assert found.text == "{{product.nme}} by {{product.price strip_zero}} for trail shoe"
    assert [p.name for p in template_problems("{{product.name}} {{x")] == ["{{"]


def test_a_tag_empty_for_this_product_is_named():
    found = preview_field("description", "{{product.brand}} {{product.name}}", PRODUCT)
    assert found.empty == ("{{product.brand}}",)


def test_the_length_is_counted_against_the_pool_limit_meta_takes():
    assert field_limit("name") == text_limit(META, "titles")
    assert field_limit("message") == text_limit(META, "bodies")
    long_title = {**PRODUCT, "title": "x" * 300}
    found = preview_field("name", "{{product.name}}", long_title)
    assert found.length == 300 and found.state == "over"
    assert preview_field("name", "{{product.name}}", PRODUCT).state == "ok"
    assert preview_field("web", "https://x/{{product.retailer_id}}", PRODUCT, url=True).limit is None


@pytest.mark.parametrize("text", ["{{product.url | urlencode}}&a={{ad.id}}", "{{ campaign.name }}"])
def test_url_parameters_pass_through_in_a_url(text):
    found = preview_field("web", text, PRODUCT, url=True)
    assert not found.problems and "{{" in found.text


def test_without_a_product_the_tags_stay_as_written_and_the_problems_are_still_found():
    found = preview_field("name", "{{product.name}} {{product.nope}}", None)
    assert found.text == "{{product.name}} {{product.nope}}"
    assert [p.name for p in found.problems] == ["product.nope"]
