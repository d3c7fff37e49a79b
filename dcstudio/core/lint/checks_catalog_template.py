"""The catalog ad's template over the products it will show: a tag Meta does not know, a tag that
resolves empty for some products, a resolved text past its pool's length limits.

Counted with SQL over the built catalog (dcstudio.core.catalog.template_counts), per product set,
or over the whole catalog when it has no set; without a built catalog only the syntax is checked.
Lengths are those of the prices written for the template's locale (``locale``; en_US without one).
"""
from __future__ import annotations

from dcstudio.core.catalog.filters import FilterError, compile_filter
from dcstudio.core.catalog.store import CatalogError, CatalogStore
from dcstudio.core.catalog.template_counts import empty_tags, text_lengths
from dcstudio.core.model.catalog_template import TEXT_FIELD_POOLS
from dcstudio.core.model.product_tags import TemplateSyntaxError, parse_template
from dcstudio.core.values.profiles import META, text_limit

FIELD_NAMES = {"message": "primary text (message)", "name": "headline (name)", "description": "description"}
_FIX = "`dcstudio catalog template PROJECT --message ... --name ... --description ...`"


def check_catalog_template(ctx) -> None:
    template = getattr(ctx.project, "catalog_template", None)
    if template is None:
        return
    parsed = {}
    for name, text in template.texts().items():
        try:
            parsed[name] = parse_template(text, field=f"catalog_template.{name}")
        except TemplateSyntaxError as exc:
            ctx.report("catalog.template.syntax", f"the {FIELD_NAMES[name]}: {exc.problem} (at character "
                       f"{exc.position})", field=f"catalog_template.{name}",
                       hint=f"Use a tag from the tag list; set the text with {_FIX}.")
    for platform, url in template.template_url_spec.urls().items():
        try:
            parse_template(url, url=True)
        except TemplateSyntaxError as exc:
            ctx.report("catalog.template.syntax", f"template_url_spec {platform}: {exc.problem} (at character "
                       f"{exc.position})", field=f"catalog_template.template_url_spec.{platform}.url",
                       hint="Use product tags or Meta's URL parameters such as {{ad.id}}.")
    if not parsed or ctx.project.folder is None or getattr(ctx.project, "catalog", None) is None:
        return
    try:
        store = CatalogStore.open(ctx.project)
    except CatalogError:
        return
    with store:
        for scope, where, params in _scopes(ctx.project.catalog, store):
            for name, tpl in parsed.items():
                _count(ctx, store, name, tpl, scope, where, params, template.ad_locale)


def _scopes(catalog, store):
    sets = []
    for pset in catalog.product_sets:
        try:
            sql, params = compile_filter(pset.filter)
        except FilterError:
            continue  # the product-set rules name it
        sets.append((f" of product set {pset.name!r}", sql, params))
    return sets or [(" of the catalog", None, [])]


def _count(ctx, store, name, tpl, scope, where, params, locale) -> None:
    field = f"catalog_template.{name}"
    for hit in empty_tags(store, tpl, where_sql=where, params=params):
        examples = ", ".join(hit.examples)
        ctx.report("catalog.template.empty_tag",
                   f"{hit.tag.label} in the {FIELD_NAMES[name]} is empty for {hit.empty:,} of {hit.total:,} "
                   f"products{scope} (e.g. {examples})", field=field,
                   hint="Fill the field in the feed, or take the tag out of the text: an empty tag leaves a gap.")
    limit = text_limit(META, TEXT_FIELD_POOLS[name])
    if limit is None:
        return
    lengths = text_lengths(store, tpl, hard=limit.hard, recommended=limit.recommended, where_sql=where,
                           params=params, locale=locale)
    if lengths.over:
        worst = ", ".join(f"{rid} ({n})" for rid, n in lengths.examples)
        ctx.report("catalog.template.too_long",
                   f"the {FIELD_NAMES[name]} resolves past the hard limit of {limit.hard} characters for "
                   f"{lengths.over:,} of {lengths.total:,} products{scope}, the longest {lengths.longest} "
                   f"(e.g. {worst}); Meta refuses them", field=field,
                   hint="Shorten the text around the tags, or the feed values they show.")
    elif lengths.long:
        ctx.report("catalog.template.truncated",
                   f"the {FIELD_NAMES[name]} resolves longer than the recommended {limit.recommended} characters "
                   f"for {lengths.long:,} of {lengths.total:,} products{scope}, the longest {lengths.longest}; "
                   "people see it truncated", field=field,
                   hint="Shorten the text around the tags, or use shorter feed fields.")


CATALOG_TEMPLATE_CHECKS = (check_catalog_template,)
