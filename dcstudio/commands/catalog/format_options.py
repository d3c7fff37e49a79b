"""The format, overlay and frame flags of `dcstudio catalog template`: Meta's values
(values/meta_enums.py), a bad one refused naming the flag (exit 2, nothing saved)."""
from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from dcstudio.core.model.catalog_format import STUDIO_FORMATS, CatalogFormat, FrameLayer, ImageOverlay
from dcstudio.core.render.frames import frame_path
from dcstudio.core.values.errors import BadInputError, ImageError
from dcstudio.core.values.meta_enums import (
    CATALOG_FORMAT_OPTIONS,
    LAYER_BLENDING_MODES,
    LAYER_OVERLAY_POSITIONS,
    OVERLAY_CUSTOM_TEXT_TYPES,
    OVERLAY_POSITIONS,
    OVERLAY_TEMPLATES,
    OVERLAY_TEXT_FONTS,
    OVERLAY_TEXT_TYPES,
    OVERLAY_THEME_COLORS,
)

NONE = "none"
SHORT_TEMPLATES = {"pill": "pill_with_text", "circle": "circle_with_text", "triangle": "triangle_with_text"}
# flag dest -> (the model's field, its allowed values, the flag as written)
OVERLAY_FLAGS = {
    "overlay_text": ("text_type", OVERLAY_TEXT_TYPES, "--overlay-text"),
    "overlay_position": ("position", OVERLAY_POSITIONS, "--overlay-position"),
    "overlay_theme": ("theme_color", OVERLAY_THEME_COLORS, "--overlay-theme"),
    "overlay_font": ("text_font", OVERLAY_TEXT_FONTS, "--overlay-font"),
    "overlay_custom_text": ("custom_text_type", OVERLAY_CUSTOM_TEXT_TYPES, "--overlay-custom-text"),
}
FRAME_FLAGS = {
    "frame_blending": ("blending_mode", LAYER_BLENDING_MODES, "--frame-blending"),
    "frame_position": ("overlay_position", LAYER_OVERLAY_POSITIONS, "--frame-position"),
}


def add_format_arguments(p) -> None:
    g = p.add_argument_group(
        "format, overlay and frame",
        "The catalog ad's format_option and what is drawn over each product image: Meta's "
        "image_overlay_spec (a pill, circle or triangle with the price, a strikethrough price, the "
        "percentage off, a from-price or a custom text) and a frame (image_layer_specs). Values are "
        "Meta's; a flag given alone changes only its own field. `dcstudio catalog preview-image` draws the result.")
    g.add_argument("--format", metavar="OPTION", help="format_option: " + ", ".join(
        f"{k} ({v.lower()})" for k, v in STUDIO_FORMATS.items()) + "; Meta's default is carousel_images_multi_items")
    g.add_argument("--preferred-image-tags", metavar="TAGS",
                   help="the feed's image tags to prefer, comma-separated ('' clears)")
    g.add_argument("--additional-image-index", metavar="N",
                   help="show the product's additional image N (0 = the first) instead of image_link ('none' clears)")
    g.add_argument("--overlay", metavar="TEMPLATE", help="the overlay: pill, circle or triangle (Meta's "
                   "pill_with_text, circle_with_text, triangle_with_text), or 'none' to remove it")
    g.add_argument("--overlay-text", metavar="TYPE", help="text_type: price, strikethrough_price, percentage_off, "
                   "from_price or custom (Meta's other types are kept but not previewed)")
    g.add_argument("--overlay-position", metavar="CORNER", help="top_left, top_right, bottom_left or bottom_right "
                   "(a triangle: top corners only)")
    g.add_argument("--overlay-theme", metavar="THEME", help="theme_color, e.g. background_e50900_text_ffffff")
    g.add_argument("--overlay-font", metavar="FONT", help="text_font, e.g. dynads_hybrid_bold (Meta's font for "
                   "prices outside dollars and euros)")
    g.add_argument("--overlay-float", action=argparse.BooleanOptionalAction, default=None,
                   help="float_with_margin: a margin between a pill and the image's edge (pills only)")
    g.add_argument("--overlay-custom-text", metavar="TEXT", help="the custom text: free_shipping, popular or sale")
    g.add_argument("--overlay-tag", metavar="TAG", action="append",
                   help="text_template_tags, repeatable, e.g. '{{product.price round}}' ('' clears)")
    g.add_argument("--frame", metavar="FILE", help="a frame image inside the project folder (relative to it), "
                   "or 'none' to remove the frame")
    g.add_argument("--frame-blending", metavar="MODE", help="normal, lighten or multiply")
    g.add_argument("--frame-opacity", metavar="PERCENT", help="0-100 (default 100)")
    g.add_argument("--frame-scale", metavar="PERCENT", help="1-100 of the product image (default 100)")
    g.add_argument("--frame-position", metavar="POS", help="where a scaled frame sits: center, top, top_left, ...")


def format_changed(args) -> bool:
    return any(getattr(args, name) is not None for name in (
        "format", "preferred_image_tags", "additional_image_index", "overlay", "overlay_float", "overlay_tag",
        "frame", "frame_opacity", "frame_scale", *OVERLAY_FLAGS, *FRAME_FLAGS))


def _choice(value: str, allowed, flag: str) -> str:
    text = value.strip().lower()
    if text not in allowed:
        raise BadInputError(f"{flag}: unknown value {value!r} (one of {', '.join(allowed)})")
    return text


def _percent(value: str, flag: str, low: int) -> int:
    text = value.strip().rstrip("%")
    if not text.isdigit() or not low <= int(text) <= 100:
        raise BadInputError(f"{flag}: {value!r} is not a whole number from {low} to 100")
    return int(text)


def new_format(args, current: CatalogFormat | None, folder) -> CatalogFormat:
    """The project's format with the flags applied; BadInputError naming the flag on a bad value."""
    fmt = current or CatalogFormat()
    changes: dict = {}
    if args.format is not None:
        changes["format_option"] = _choice(args.format, CATALOG_FORMAT_OPTIONS, "--format")
    if args.preferred_image_tags is not None:
        changes["preferred_image_tags"] = tuple(t.strip() for t in args.preferred_image_tags.split(",") if t.strip())
    if args.additional_image_index is not None:
        text = args.additional_image_index.strip().lower()
        if text in ("", NONE):
            changes["additional_image_index"] = None
        elif text.isdigit() and int(text) <= 19:
            changes["additional_image_index"] = int(text)
        else:
            raise BadInputError(f"--additional-image-index: {args.additional_image_index!r} is not a whole number "
                                "from 0 to 19 (a feed holds at most 20 additional images)")
    changes["image_overlay"] = _overlay(args, fmt.image_overlay)
    changes["frame"] = _frame(args, fmt.frame, folder)
    return replace(fmt, **changes)


def _overlay(args, current: ImageOverlay | None) -> ImageOverlay | None:
    touched = args.overlay is not None or args.overlay_float is not None or args.overlay_tag is not None or any(
        getattr(args, name) is not None for name in OVERLAY_FLAGS)
    if not touched:
        return current
    if args.overlay is not None and args.overlay.strip().lower() == NONE:
        if any(getattr(args, name) is not None for name in OVERLAY_FLAGS):
            raise BadInputError("--overlay none: the other --overlay-* flags need an overlay")
        return None
    changes: dict = {}
    if args.overlay is not None:
        name = args.overlay.strip().lower()
        changes["overlay_template"] = _choice(SHORT_TEMPLATES.get(name, name), OVERLAY_TEMPLATES, "--overlay")
    for dest, (attr, allowed, flag) in OVERLAY_FLAGS.items():
        if getattr(args, dest) is not None:
            changes[attr] = _choice(getattr(args, dest), allowed, flag)
    if args.overlay_float is not None:
        changes["float_with_margin"] = args.overlay_float
    if args.overlay_tag is not None:
        changes["text_template_tags"] = tuple(t for t in args.overlay_tag if t.strip())
    return replace(current or ImageOverlay(), **changes)


def _frame(args, current: FrameLayer | None, folder) -> FrameLayer | None:
    others = [name for name in ("frame_opacity", "frame_scale", *FRAME_FLAGS) if getattr(args, name) is not None]
    if args.frame is None and not others:
        return current
    if args.frame is not None and args.frame.strip().lower() == NONE:
        if others:
            raise BadInputError("--frame none: the other --frame-* flags need a frame")
        return None
    if args.frame is None and current is None:
        raise BadInputError("--frame FILE first: there is no frame to change")
    changes: dict = {}
    if args.frame is not None:
        changes["file"] = _frame_file(args.frame, folder)
    for dest, (attr, allowed, flag) in FRAME_FLAGS.items():
        if getattr(args, dest) is not None:
            changes[attr] = _choice(getattr(args, dest), allowed, flag)
    if args.frame_opacity is not None:
        changes["opacity"] = _percent(args.frame_opacity, "--frame-opacity", 0)
    if args.frame_scale is not None:
        changes["scale"] = _percent(args.frame_scale, "--frame-scale", 1)
    if current is None:
        return FrameLayer(**changes)
    return replace(current, **changes)


def _frame_file(value: str, folder) -> str:
    """The frame's path relative to the project folder (an absolute path inside it is taken too)."""
    root = Path(folder).resolve()
    given = Path(value)
    if given.is_absolute():
        try:
            given = given.resolve().relative_to(root)
        except ValueError:
            raise BadInputError(f"--frame {value}: the frame must be inside the project folder {root}") from None
    rel = given.as_posix()
    try:
        frame = FrameLayer(rel)
        frame_path(root, frame)
    except ValueError as exc:
        raise BadInputError(f"--frame {value}: {str(exc).split(': ', 1)[-1]}") from None
    except ImageError as exc:
        raise BadInputError(f"--frame {value}: {exc.reason}") from None
    return rel
