"""`dcstudio catalog template PROJECT [--message T] [--name T] [--description T] [--cta TYPE]
[--end-card | --no-end-card] [--web-url U] [--ios-url U] [--android-url U] [--format F] [--overlay T ...]
[--frame FILE ...]`: the catalog ad's template, format, overlay and frame (format_options.py)."""
from __future__ import annotations

import argparse
from dataclasses import replace

from dcstudio.commands._common import open_project
from dcstudio.commands.catalog.format_options import add_format_arguments, format_changed, new_format
from dcstudio.core.model.catalog_template import CatalogTemplate, TemplateUrlSpec
from dcstudio.core.model.product_tags import PRODUCT_FIELDS, parse_template
from dcstudio.core.model.project_folder import save_project
from dcstudio.core.values.errors import BadInputError
from dcstudio.core.values.meta_enums import CALL_TO_ACTION_TYPES

TEXTS = ("message", "name", "description")
URLS = ("web", "ios", "android")


def add_parser(sub) -> None:
    tags = ", ".join("{{product." + f + "}}" for f in PRODUCT_FIELDS)
    p = sub.add_parser("template", help="set the catalog ad's template texts (with product tags)",
                       description="Sets the catalog ad's template: the message (primary text), name (headline) "
                                   "and description, with Meta's product tags " + tags + ", the options raw, "
                                   "strip_zeros and round (prices) and the transforms | number_format, "
                                   "| titleize and | urlencode. An unknown tag, option or transform is refused "
                                   "naming it and its position (exit 2, nothing saved). Fields not given "
                                   "stay as they are; an empty text clears one.")
    p.add_argument("project", help="project folder")
    for name, label in (("message", "the primary text"), ("name", "the headline"),
                        ("description", "the description")):
        p.add_argument(f"--{name}", metavar="TEMPLATE", help=f"{label}, e.g. '{{{{product.name | titleize}}}}'")
    p.add_argument("--cta", metavar="TYPE", help="the call to action type (no value: Meta links each product), "
                                                 "default SHOP_NOW")
    p.add_argument("--end-card", action=argparse.BooleanOptionalAction, default=None,
                   help="show the carousel's end card (multi_share_end_card; Meta's default: shown)")
    for platform in URLS:
        p.add_argument(f"--{platform}-url", metavar="URL",
                       help=f"template_url_spec {platform} URL (product tags and Meta's URL parameters allowed)")
    add_format_arguments(p)
    p.set_defaults(func=run)


def run(args) -> int:
    project = open_project(args.project)
    template = project.catalog_template or CatalogTemplate()
    changes = {}
    for name in TEXTS:
        text = getattr(args, name)
        if text is not None:
            parse_template(text, field=f"--{name}")
            changes[name] = text
    if args.cta is not None:
        cta = args.cta.strip().upper()
        if cta not in CALL_TO_ACTION_TYPES:
            raise BadInputError(f"--cta: unknown call to action type {args.cta!r} (e.g. SHOP_NOW, BUY_NOW, LEARN_MORE)")
        changes["call_to_action_type"] = cta
    if args.end_card is not None:
        changes["multi_share_end_card"] = args.end_card
    spec = template.template_url_spec
    urls = {}
    for platform in URLS:
        url = getattr(args, f"{platform}_url")
        if url is not None:
            parse_template(url, field=f"--{platform}-url", url=True)
            entry = dict(getattr(spec, platform))
            if url:
                entry["url"] = url
            else:
                entry.pop("url", None)
            urls[platform] = entry
    if urls:
        changes["template_url_spec"] = TemplateUrlSpec(**{p: urls.get(p, getattr(spec, p)) for p in URLS})
    fmt = new_format(args, project.catalog_format, project.folder) if format_changed(args) else None
    if not changes and fmt is None:
        raise BadInputError("nothing to set: give --message, --name, --description, --cta, --end-card, a --*-url, "
                            "--format, an --overlay* or a --frame* flag")
    if changes:
        project.set_catalog_template(replace(template, **changes))
    if fmt is not None:
        project.set_catalog_format(fmt)
    save_project(project)
    for name in TEXTS:
        if name in changes:
            print(f"{name}: {changes[name]}")
    if fmt is not None:
        print(f"format: {fmt.format_option}")
        if fmt.image_overlay is not None:
            o = fmt.image_overlay
            print(f"overlay: {o.overlay_template}, {o.text_type}, {o.position}, {o.theme_color}, {o.text_font}")
        if fmt.frame is not None:
            print(f"frame: {fmt.frame.file} ({fmt.frame.blending_mode}, opacity {fmt.frame.opacity}%)")
    return 0
