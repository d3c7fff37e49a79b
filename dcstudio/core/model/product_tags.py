"""Meta's product template tags: the syntax of ``{{product.name | titleize}}`` in a catalog ad's texts.

Source: Meta's Marketing API docs, Advantage+ catalog ads ("Dynamic Ads" ads template, template
tags; read in the mirror nermalcat69/meta-business-api, see
/work/shared/reference/catalog-insights-video-packaging.md section 1b), with Smartly's help page
"Template tags in dynamic ads" for the transforms' examples:

- a tag is ``{{product.FIELD}}`` with FIELD one of brand, current_price, description, name (the
  feed's title), price, retailer_id (the feed's id), url (the feed's link), custom_label_0..4;
- options follow the field, separated by spaces: ``{{product.current_price strip_zeros}}``;
  ``raw`` (the amount without the currency symbol), ``strip_zeros`` (no cents when they are zero)
  and ``round`` (rounded to a whole amount) apply to the two price fields;
- transforms follow a ``|`` and apply left to right: ``{{product.url | urlencode | urlencode}}``;
  ``number_format``, ``titleize`` and ``urlencode``;
- spaces inside the braces do not matter (``{{ product.name }}``).

Meta's dynamic URL parameters (``{{ad.id}}``, ``{{campaign.name}}``, ...) are not product tags: in a
URL template they pass through untouched for Meta to fill; in a text they are refused like any
other unknown tag. This module only parses (model floor); dcstudio.core.catalog.template_text
resolves a parsed template for a product.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from dcstudio.core.values.errors import BadInputError

TEXT_FIELDS = ("brand", "description", "name", "retailer_id", "url",
               *(f"custom_label_{i}" for i in range(5)))
PRICE_FIELDS = ("current_price", "price")
PRODUCT_FIELDS = tuple(sorted((*TEXT_FIELDS, *PRICE_FIELDS)))
OPTIONS = ("raw", "strip_zeros", "round")
TRANSFORMS = ("number_format", "titleize", "urlencode")
# Meta's dynamic URL parameters, filled by Meta at click time (url_tags docs): kept as written.
URL_PARAMETERS = ("ad.id", "ad.name", "adset.id", "adset.name", "campaign.id", "campaign.name",
                  "placement", "site_source_name")

# The feed column each tag reads (the store's names).
FEED_COLUMN = {"brand": "brand", "description": "description", "name": "title", "retailer_id": "id",
               "url": "link", "price": "price", "current_price": "price",
               **{f"custom_label_{i}": f"custom_label_{i}" for i in range(5)}}

_TAG = re.compile(r"\{\{(.*?)\}\}", re.S)
_WORD = re.compile(r"\S+")


class TemplateSyntaxError(BadInputError):
    """A template names a tag, option or transform Meta does not know, or leaves a tag open.
    ``name`` is the offending word, ``position`` its 1-based character in the text."""

    def __init__(self, problem: str, name: str, position: int, field: str = ""):
        self.problem = problem
        self.name = name
        self.position = position
        self.field = field
        where = f"{field}: " if field else ""
        super().__init__(f"{where}{problem} (at character {position})")


@dataclass(frozen=True)
class Tag:
    field: str  # one of PRODUCT_FIELDS
    options: tuple[str, ...] = ()
    transforms: tuple[str, ...] = ()
    start: int = 0  # offset of "{{" in the text
    source: str = ""  # the tag as written

    @property
    def is_price(self) -> bool:
        return self.field in PRICE_FIELDS

    @property
    def label(self) -> str:
        """The tag in its canonical spelling, for messages: ``{{product.price strip_zeros | titleize}}``."""
        inner = " ".join((f"product.{self.field}", *self.options))
        return "{{" + " | ".join((inner, *self.transforms)) + "}}"


@dataclass(frozen=True)
class Passthrough:
    """A Meta URL parameter such as ``{{ad.id}}``, left for Meta to fill."""

    source: str


@dataclass(frozen=True)
class ParsedTemplate:
    text: str
    parts: tuple[str | Tag | Passthrough, ...]

    @property
    def tags(self) -> tuple[Tag, ...]:
        return tuple(p for p in self.parts if isinstance(p, Tag))

    @property
    def literal_length(self) -> int:
        return sum(len(p) if isinstance(p, str) else len(p.source) if isinstance(p, Passthrough) else 0
                   for p in self.parts)


def parse_template(text: str, *, field: str = "", url: bool = False) -> ParsedTemplate:
    """Splits a template into literal text and tags. Raises TemplateSyntaxError naming the first
    unknown tag, option or transform (or an unclosed ``{{``) and its position. ``url``: a URL
    template, where Meta's dynamic URL parameters are allowed."""
    parts: list[str | Tag | Passthrough] = []
    pos = 0
    for m in _TAG.finditer(text):
        if m.start() > pos:
            parts.append(text[pos:m.start()])
        parts.append(_tag(m, field, url))
        pos = m.end()
    rest = text[pos:]
    if "{{" in rest:
        at = pos + rest.index("{{")
        raise TemplateSyntaxError("a tag opened with {{ is never closed with }}", "{{", at + 1, field)
    if rest:
        parts.append(rest)
    return ParsedTemplate(text, tuple(parts))


def _tag(m: re.Match, field: str, url: bool) -> Tag | Passthrough:
    inner_start = m.start(1)
    inner = m.group(1)
    if "{{" in inner:
        raise TemplateSyntaxError("a tag opened with {{ is never closed with }}", "{{", m.start() + 1, field)
    segments = []  # (text, offset) of each part between the pipes
    offset = inner_start
    for seg in inner.split("|"):
        segments.append((seg, offset))
        offset += len(seg) + 1
    head, head_at = segments[0]
    words = [(w.group(), head_at + w.start()) for w in _WORD.finditer(head)]
    if not words:
        raise TemplateSyntaxError("an empty tag {{}}", m.group(), m.start() + 1, field)
    name, name_at = words[0]
    if url and name in URL_PARAMETERS and len(words) == 1 and len(segments) == 1:
        return Passthrough(m.group())
    if not name.startswith("product.") or name[len("product."):] not in PRODUCT_FIELDS:
        known = ", ".join(f"product.{f}" for f in PRODUCT_FIELDS)
        extra = f"; in URLs also {', '.join(URL_PARAMETERS)}" if url else ""
        raise TemplateSyntaxError(f"unknown tag {name!r}: the tags are {known}{extra}", name, name_at + 1, field)
    product_field = name[len("product."):]
    options = []
    for word, at in words[1:]:
        if word not in OPTIONS:
            raise TemplateSyntaxError(f"unknown option {word!r} in {{{{{name} ...}}}}: the options are "
                                      f"{', '.join(OPTIONS)}", word, at + 1, field)
        if product_field not in PRICE_FIELDS:
            raise TemplateSyntaxError(f"the option {word!r} applies only to product.price and "
                                      f"product.current_price, not {name}", word, at + 1, field)
        options.append(word)
    transforms = []
    for seg, seg_at in segments[1:]:
        words = [(w.group(), seg_at + w.start()) for w in _WORD.finditer(seg)]
        if not words:
            raise TemplateSyntaxError(f"an empty transform after | in {{{{{name} ...}}}}", "|", seg_at, field)
        word, at = words[0]
        if word not in TRANSFORMS or len(words) > 1:
            bad, bad_at = (word, at) if word not in TRANSFORMS else words[1]
            raise TemplateSyntaxError(f"unknown transform {bad!r} in {{{{{name} ...}}}}: the transforms are "
                                      f"{', '.join(TRANSFORMS)}", bad, bad_at + 1, field)
        transforms.append(word)
    return Tag(product_field, tuple(options), tuple(transforms), m.start(), m.group())


def template_problem(text: str, *, field: str = "", url: bool = False) -> TemplateSyntaxError | None:
    """The first syntax problem of a template, or None."""
    try:
        parse_template(text, field=field, url=url)
    except TemplateSyntaxError as exc:
        return exc
    return None
