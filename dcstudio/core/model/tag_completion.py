"""What to suggest while a product tag is being typed: after ``{{`` the tags, after a price tag its
options, after a ``|`` the transforms (the syntax and its source: product_tags.py).

``completion_at(text, cursor)`` reads the text before the cursor back to the ``{{`` that is still
open there and says which words fit, and which part of the text the chosen word replaces. The
window's template editor shows them in a popup; nothing here knows Qt.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from dcstudio.core.model.product_tags import OPTIONS, PRICE_FIELDS, PRODUCT_FIELDS, TRANSFORMS, URL_PARAMETERS

# What each word does, in the words of Meta's template docs (product_tags.py cites them).
TAG_HINTS = {
    "brand": "the feed's brand",
    "current_price": "the sale price while a sale is on, else the price",
    "description": "the feed's description",
    "name": "the feed's title",
    "price": "the feed's price",
    "retailer_id": "the feed's id",
    "url": "the feed's link",
    **{f"custom_label_{i}": f"the feed's custom_label_{i}" for i in range(5)},
}
OPTION_HINTS = {
    "raw": "the amount without the currency symbol",
    "strip_zeros": "no cents when they are zero",
    "round": "rounded to a whole amount",
}
TRANSFORM_HINTS = {
    "number_format": "a plain number, grouped for the ad's locale",
    "titleize": "Each Word Capitalized",
    "urlencode": "percent-encoded for a URL",
}
# The custom labels last: the others are what most templates show.
TAG_ORDER = tuple(sorted(PRODUCT_FIELDS, key=lambda f: (f.startswith("custom_label_"), f)))
URL_PARAMETER_HINT = "filled by Meta when the ad is clicked"

TAG, OPTION, TRANSFORM, CLOSE = "tag", "option", "transform", "close"
CLOSE_CHOICE_HINT = "end the tag"
_WORD_END = re.compile(r"[^\s|]*$")


@dataclass(frozen=True)
class Choice:
    word: str  # what goes into the text: "product.name", "strip_zeros", "| titleize", "}}"
    hint: str
    kind: str  # TAG, OPTION, TRANSFORM or CLOSE (the closing braces)


@dataclass(frozen=True)
class Completion:
    """The words that fit at the cursor; the chosen one replaces ``text[start:cursor]`` (the part
    of a word typed so far, ``prefix``)."""

    choices: tuple[Choice, ...]
    start: int
    prefix: str
    field: str | None  # the tag's product field when it is already written (options follow it)

    @property
    def kind(self) -> str:
        return self.choices[0].kind if self.choices else ""


def tag_choices(*, url: bool = False) -> tuple[Choice, ...]:
    tags = tuple(Choice(f"product.{f}", TAG_HINTS[f], TAG) for f in TAG_ORDER)
    if url:
        tags += tuple(Choice(p, URL_PARAMETER_HINT, TAG) for p in URL_PARAMETERS)
    return tags


def option_choices(field: str, used: tuple[str, ...] = ()) -> tuple[Choice, ...]:
    if field not in PRICE_FIELDS:
        return ()
    return tuple(Choice(o, OPTION_HINTS[o], OPTION) for o in OPTIONS if o not in used)


def transform_choices() -> tuple[Choice, ...]:
    return tuple(Choice(t, TRANSFORM_HINTS[t], TRANSFORM) for t in TRANSFORMS)


def open_tag_start(text: str, cursor: int) -> int | None:
    """Where the ``{{`` of the tag the cursor is in starts, or None when the cursor is outside one."""
    before = text[:cursor]
    start = before.rfind("{{")
    if start < 0 or "}}" in before[start + 2:] or "}" in before[start + 2:]:
        return None
    return start


def completion_at(text: str, cursor: int, *, url: bool = False) -> Completion | None:
    """The words that fit at ``cursor`` in ``text`` (None: the cursor is not inside a tag, or
    nothing fits there, as after an unknown tag)."""
    start = open_tag_start(text, cursor)
    if start is None:
        return None
    inner = text[start + 2:cursor]
    prefix = _WORD_END.search(inner).group()
    word_start = cursor - len(prefix)
    head, bar, last = inner.partition("|")
    field = _field_of(head)
    if bar:
        if field is None:
            return None
        done = inner.rpartition("|")[2].strip()
        if not done or done == prefix:  # the transform's word, being typed
            return Completion(transform_choices(), word_start, prefix, field)
        if prefix:
            return None  # a second word after a transform: the error line says so
        return Completion(after_field(field, ()), word_start, prefix, field)
    words = head.split()
    if not words or (len(words) == 1 and prefix):
        return Completion(tag_choices(url=url), word_start, prefix, None)
    if field is None:
        return None  # an unknown tag: the error line names it, no suggestion fits after it
    used = tuple(words[1:-1] if prefix else words[1:])
    return Completion(after_field(field, used, options=True), word_start, prefix, field)


def after_field(field: str, used: tuple[str, ...] = (), *, options: bool = False) -> tuple[Choice, ...]:
    """What may follow a tag's field (and its options so far): the closing braces first, then the
    options not used yet (``options``: none follow a transform), then the transforms after a bar."""
    close = (Choice("}}", CLOSE_CHOICE_HINT, CLOSE),)
    more = option_choices(field, used) if options else ()
    return close + more + tuple(Choice(f"| {c.word}", c.hint, c.kind) for c in transform_choices())


def _field_of(head: str) -> str | None:
    words = head.split()
    if not words or not words[0].startswith("product."):
        return None
    field = words[0][len("product."):]
    return field if field in PRODUCT_FIELDS else None


def matching(completion: Completion) -> tuple[Choice, ...]:
    """The choices whose word contains what was typed (case aside), those starting with it first."""
    typed = completion.prefix.lower()
    if not typed:
        return completion.choices
    hits = [c for c in completion.choices if typed in c.word.lower()]
    return tuple(sorted(hits, key=lambda c: not _bare(c.word).startswith(_bare(typed))))


def _bare(word: str) -> str:
    return word.lower().lstrip("| ").removeprefix("product.")
