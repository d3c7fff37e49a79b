"""A catalog ad's format and what is drawn over its product images: ``template_data``'s
``format_option``, ``preferred_image_tags``, ``additional_image_index``, ``image_overlay_spec``
and the frame layer of ``image_layer_specs``. Every value is one of the SDK's enums
(values/meta_enums.py).

The studio works with three formats: a single image, a carousel of several products
(``carousel_images_multi_items``, Meta's default for catalog ads) and a carousel of one product's
images (``carousel_images_single_item``). The SDK's other options (slideshows, collection video,
AR effects) are kept as they are, so that a project holding one still opens and says so in lint.

A frame is an image in the project folder (``file``); publishing uploads it and fills
``frame_image_hash``. ``opacity`` and ``scale`` are percentages (0-100, 1-100): the SDK types them
as ints and Meta's reference gives no range, so the range is ASSUMED. The text layers of
``image_layer_specs`` (``text_overlay``) are not modelled: ``image_overlay_spec`` is how the studio
puts a price on an image.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from dcstudio.core.model.assets import path_problem
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

SINGLE_IMAGE = "single_image"
CAROUSEL_PRODUCTS = "carousel_images_multi_items"
CAROUSEL_ONE_PRODUCT = "carousel_images_single_item"
# The formats the studio previews, with the words its window and CLI show.
STUDIO_FORMATS = {
    SINGLE_IMAGE: "Single image",
    CAROUSEL_PRODUCTS: "Carousel of several products",
    CAROUSEL_ONE_PRODUCT: "Carousel of one product's images",
}
# Text types the studio draws in its previews (render/overlays.py); the SDK's others are kept but
# not drawn (the lint says so).
DRAWN_TEXT_TYPES = ("price", "strikethrough_price", "percentage_off", "from_price", "custom")
PRICE_TEXT_TYPES = ("price", "strikethrough_price", "percentage_off", "from_price")
SALE_TEXT_TYPES = ("strikethrough_price", "percentage_off")
MAX_TAGS = 20
MAX_INDEX = 19  # a feed holds at most 20 additional images ([CAT])


def _enum(value, allowed, name: str) -> None:
    if value not in allowed:
        shown = ", ".join(allowed) if len(allowed) <= 10 else ", ".join(allowed[:6]) + ", ..."
        raise ValueError(f"{name}: unknown value {value!r} (one of {shown})")


@dataclass(frozen=True)
class ImageOverlay:
    """``image_overlay_spec``, with Meta's field names. Defaults are the docs' own example
    (a red pill with the price at the top left)."""

    overlay_template: str = "pill_with_text"
    text_type: str = "price"
    position: str = "top_left"
    theme_color: str = "background_e50900_text_ffffff"
    text_font: str = "dynads_hybrid_bold"
    float_with_margin: bool = True
    custom_text_type: str = ""  # the custom text, when text_type is custom
    text_template_tags: tuple[str, ...] = ()  # e.g. ("{{product.price round}}",)

    def __post_init__(self):
        p = "image_overlay_spec."
        _enum(self.overlay_template, OVERLAY_TEMPLATES, p + "overlay_template")
        _enum(self.text_type, OVERLAY_TEXT_TYPES, p + "text_type")
        _enum(self.position, OVERLAY_POSITIONS, p + "position")
        _enum(self.theme_color, OVERLAY_THEME_COLORS, p + "theme_color")
        _enum(self.text_font, OVERLAY_TEXT_FONTS, p + "text_font")
        if self.custom_text_type:
            _enum(self.custom_text_type, OVERLAY_CUSTOM_TEXT_TYPES, p + "custom_text_type")
        if not isinstance(self.float_with_margin, bool):
            raise ValueError(p + "float_with_margin must be true or false")
        if not isinstance(self.text_template_tags, tuple) or not all(
                isinstance(t, str) for t in self.text_template_tags):
            raise ValueError(p + "text_template_tags must be a list of texts")
        if len(self.text_template_tags) > MAX_TAGS:
            raise ValueError(f"{p}text_template_tags: at most {MAX_TAGS}")

    def as_spec(self) -> dict:
        """Meta's ``image_overlay_spec``."""
        out = {"overlay_template": self.overlay_template, "text_type": self.text_type, "position": self.position,
               "theme_color": self.theme_color, "text_font": self.text_font,
               "float_with_margin": self.float_with_margin}
        if self.custom_text_type:
            out["custom_text_type"] = self.custom_text_type
        if self.text_template_tags:
            out["text_template_tags"] = list(self.text_template_tags)
        return out

    @classmethod
    def from_spec(cls, spec: dict) -> ImageOverlay:
        known = {f for f in cls.__dataclass_fields__}
        unknown = sorted(set(spec) - known)
        if unknown:
            raise ValueError(f"image_overlay_spec: unknown field {unknown[0]!r}")
        values = dict(spec)
        if "text_template_tags" in values:
            values["text_template_tags"] = tuple(values["text_template_tags"])
        return cls(**values)


@dataclass(frozen=True)
class FrameLayer:
    """The ``frame_overlay`` layer of ``image_layer_specs``: a frame image drawn over the product's."""

    file: str
    blending_mode: str = "normal"
    opacity: int = 100
    scale: int = 100
    overlay_position: str = "center"

    def __post_init__(self):
        p = "image_layer_specs.frame."
        problem = path_problem(self.file)
        if problem:
            raise ValueError(f"{p}file: the path {problem}")
        _enum(self.blending_mode, LAYER_BLENDING_MODES, p + "blending_mode")
        _enum(self.overlay_position, LAYER_OVERLAY_POSITIONS, p + "overlay_position")
        for name, low in (("opacity", 0), ("scale", 1)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= 100:
                raise ValueError(f"{p}{name}: a whole number from {low} to 100, not {value!r}")

    def layer_specs(self, frame_image_hash: str) -> list[dict]:
        """Meta's ``image_layer_specs``: the catalog's image, then this frame over it."""
        return [{"layer_type": "image", "image_source": "catalog"},
                {"layer_type": "frame_overlay", "frame_source": "custom", "frame_image_hash": frame_image_hash,
                 "blending_mode": self.blending_mode, "opacity": self.opacity, "scale": self.scale,
                 "overlay_position": self.overlay_position}]


@dataclass(frozen=True)
class CatalogFormat:
    format_option: str = CAROUSEL_PRODUCTS
    preferred_image_tags: tuple[str, ...] = ()
    additional_image_index: int | None = None  # which additional_image_link shows (0 = the first)
    image_overlay: ImageOverlay | None = None
    frame: FrameLayer | None = None

    def __post_init__(self):
        _enum(self.format_option, CATALOG_FORMAT_OPTIONS, "format_option")
        tags = self.preferred_image_tags
        if not isinstance(tags, tuple) or not all(isinstance(t, str) and t.strip() for t in tags):
            raise ValueError("preferred_image_tags must be a list of non-empty texts")
        if len(tags) > MAX_TAGS:
            raise ValueError(f"preferred_image_tags: at most {MAX_TAGS}")
        index = self.additional_image_index
        if index is not None and (isinstance(index, bool) or not isinstance(index, int)
                                  or not 0 <= index <= MAX_INDEX):
            raise ValueError(f"additional_image_index: a whole number from 0 to {MAX_INDEX}, not {index!r}")

    @property
    def previewed(self) -> bool:
        """Whether the studio previews this format (the SDK's other options are kept, not drawn)."""
        return self.format_option in STUDIO_FORMATS

    def template_data_fields(self, frame_image_hash: str | None = None) -> dict:
        """The fields this adds to ``object_story_spec.template_data``. The frame's layers need the
        uploaded frame's hash; without one they are left out."""
        out: dict = {"format_option": self.format_option}
        if self.preferred_image_tags:
            out["preferred_image_tags"] = list(self.preferred_image_tags)
        if self.additional_image_index is not None:
            out["additional_image_index"] = self.additional_image_index
        if self.image_overlay is not None:
            out["image_overlay_spec"] = self.image_overlay.as_spec()
        if self.frame is not None and frame_image_hash:
            out["image_layer_specs"] = self.frame.layer_specs(frame_image_hash)
        return out


def product_image_url(product, fmt: CatalogFormat | None) -> str:
    """The URL of the image the ad shows for ``product`` (store columns -> values):
    ``additional_image_index`` picks one of ``additional_image_link`` (split on the separators
    Meta's feed reference allows), falling back to ``image_link`` when the product has no such
    image (ASSUMED: Meta's reference does not say). ``preferred_image_tags`` need tagged images,
    which the studio's store does not hold: the preview shows ``image_link`` then."""
    main = (product.get("image_link") or "").strip()
    if fmt is None or fmt.additional_image_index is None:
        return main
    extra = [u for u in _split_links(product.get("additional_image_link") or "") if u]
    return extra[fmt.additional_image_index] if fmt.additional_image_index < len(extra) else main


def _split_links(text: str) -> list[str]:
    # Meta's separators for additional_image_link: comma, semicolon, space, pipe. The store may
    # already hold them as a JSON list (a flattened image[n].url feed).
    text = text.strip()
    if text.startswith("["):
        try:
            items = json.loads(text)
        except ValueError:
            items = None
        if isinstance(items, list):
            return [str(i).strip() for i in items]
    for sep in ";| ":
        text = text.replace(sep, ",")
    return [part.strip() for part in text.split(",")]
