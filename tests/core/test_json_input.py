"""parse_json names where a refused value sits, even where json.loads gives no position."""
from __future__ import annotations

import pytest

from dcstudio.core.values.json_input import MAX_DEPTH, JsonInputError, parse_json


@pytest.mark.parametrize("text, field, words", [
    ('{"a": [1, ' + "9" * 5000 + "]}", "a[1]", "integer of 5000 digits"),
    ('{"a": {"b": 1e999}}', "a.b", "too large"),
    ('{"a": {"b": -1e999}}', "a.b", "too large"),
    ('[0, NaN]', "[1]", "NaN"),
    ('{"x": {"k": ' + "[" * 5000 + "]" * 5000 + "}}", "x.k" + "[0]" * (MAX_DEPTH - 2), "deeper"),
    ('{"q\\"": ' + '{"a":' * 3000 + "1" + "}" * 3000 + "}", 'q".a.a', "deeper"),
    ('{"t": "a\\udc00"}', "t", "lone surrogate"),
])
def test_the_field_of_a_refused_value_is_named(text, field, words):
    with pytest.raises(JsonInputError) as info:
        parse_json(text)
    assert info.value.field.startswith(field) and words in info.value.problem, info.value


def test_finite_numbers_and_a_bom_are_read():
    assert parse_json(b"\xef\xbb\xbf" + b'{"a": [1e308, -0.5, 12345678901234567890]}') == \
        {"a": [1e308, -0.5, 12345678901234567890]}
