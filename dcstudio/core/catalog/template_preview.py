"""One template field as a designer previews it for one product: the resolved text (template_text.py),
every unknown tag, option or transform it holds (not only the first, as the parser stops at), the
tags that come out empty for this product, and the length against the field's pool limit
(values/profiles.py, through catalog_template.TEXT_FIELD_POOLS, as the template lint counts it).

A tag that cannot be read stays in the resolved text as written, so the rest of the text still
shows what Meta would fill in.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from dcstudio.core.catalog.prices import DEFAULT_LOCALE, ad_locale
from dcstudio.core.catalog.template_text import resolve
from dcstudio.core.model.catalog_template import TEXT_FIELD_POOLS
from dcstudio.core.model.product_tags import TemplateSyntaxError, parse_template
from dcstudio.core.values.profiles import META, TextLimit, text_limit

_TAG = re.compile(r"\{\{(.*?)\}\}", re.S)  # product_tags' own pattern: the same tags, one at a time


@dataclass(frozen=True)
class FieldPreview:
    text: str  # resolved for the product; an unreadable tag kept as written
    problems: tuple[TemplateSyntaxError, ...]  # positions are 1-based in the template
    empty: tuple[str, ...]  # the labels of the tags this product leaves empty
    limit: TextLimit | None  # the pool's length limit (None: a URL, or a field without one)

    @property
    def length(self) -> int:
        return len(self.text)

    @property
    def state(self) -> str:
        """"ok", "long" (past the recommended length) or "over" (past the hard limit)."""
        return "ok" if self.limit is None else self.limit.state(self.length)


def field_limit(name: str) -> TextLimit | None:
    """The length limit of a template text field (message, name, description), as Meta takes it."""
    pool = TEXT_FIELD_POOLS.get(name)
    return text_limit(META, pool) if pool else None


def template_problems(text: str, *, url: bool = False, field: str = "") -> tuple[TemplateSyntaxError, ...]:
    """Every syntax problem of a template, one per tag, in the order they come."""
    return _read(text, {}, url=url, field=field, locale=None, now=None)[1]


def preview_field(name: str, text: str, product: Mapping | None, *, locale=DEFAULT_LOCALE, url: bool = False,
                  now: datetime | None = None) -> FieldPreview:
    """``name``: message, name, description or a template_url_spec URL (``url`` True);
    ``product`` maps the store's column names to the feed's values (None: no product to fill)."""
    loc = ad_locale(locale) if isinstance(locale, str) else locale
    resolved, problems, empty = _read(text, product, url=url, field=name, locale=loc, now=now)
    return FieldPreview(resolved, problems, empty, None if url else field_limit(name))


def _read(text: str, product: Mapping | None, *, url: bool, field: str, locale, now):
    out, problems, empty = [], [], []
    pos = 0
    for m in _TAG.finditer(text):
        out.append(text[pos:m.start()])
        pos = m.end()
        try:
            parsed = parse_template(m.group(), url=url)
        except TemplateSyntaxError as exc:
            problems.append(TemplateSyntaxError(exc.problem, exc.name, m.start() + exc.position, field))
            out.append(m.group())
            continue
        if product is None or locale is None:
            out.append(m.group())
            continue
        value = resolve(parsed, product, locale=locale, now=now)
        if parsed.tags and not value:
            empty.append(parsed.tags[0].label)
        out.append(value)
    rest = text[pos:]
    if "{{" in rest:
        at = pos + rest.index("{{")
        problems.append(TemplateSyntaxError("a tag opened with {{ is never closed with }}", "{{", at + 1, field))
    out.append(rest)
    return "".join(out), tuple(problems), tuple(dict.fromkeys(empty))
