"""A catalog ad's template: the texts Meta fills per product (``object_story_spec.template_data``)
and its ``template_url_spec``.

``message``, ``name`` (the headline) and ``description`` are templates with product tags
(product_tags.py). The call to action is given by its type only: Meta links it to each product's
URL, so it has no value. ``multi_share_end_card`` is the carousel's end card (Meta's default:
shown). ``template_url_spec`` holds click trackers or deep links per platform, Meta's shape:
``{"web": {"url"}, "ios": {"url", "app_store_id", "app_name"}, "android": {"url", "package",
"app_name"}}``; its URLs are templates too.

Texts are kept as written, even with a tag Meta does not know: the lint names it, and a project
file with a typo still opens.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from dcstudio.core.values.meta_enums import CALL_TO_ACTION_TYPES

DEFAULT_CATALOG_CTA = "SHOP_NOW"
# template field -> the text pool whose limits it follows (values/profiles.py)
TEXT_FIELD_POOLS = {"message": "bodies", "name": "titles", "description": "descriptions"}
URL_PLATFORMS = {"web": ("url",), "ios": ("url", "app_store_id", "app_name"),
                 "android": ("url", "package", "app_name")}


@dataclass(frozen=True)
class TemplateUrlSpec:
    web: dict[str, str] = field(default_factory=dict)
    ios: dict[str, str] = field(default_factory=dict)
    android: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        for platform, keys in URL_PLATFORMS.items():
            entry = getattr(self, platform)
            for key, value in entry.items():
                if key not in keys:
                    raise ValueError(f"template_url_spec.{platform} takes {', '.join(keys)}, not {key!r}")
                if not isinstance(value, str):
                    raise ValueError(f"template_url_spec.{platform}.{key} must be a string")

    def is_empty(self) -> bool:
        return not (self.web or self.ios or self.android)

    def urls(self) -> dict[str, str]:
        """platform -> its URL template, for the platforms that have one."""
        return {p: getattr(self, p)["url"] for p in URL_PLATFORMS if getattr(self, p).get("url")}

    def as_dict(self) -> dict:
        return {p: dict(getattr(self, p)) for p in URL_PLATFORMS if getattr(self, p)}


@dataclass(frozen=True)
class CatalogTemplate:
    message: str = ""
    name: str = ""
    description: str = ""
    call_to_action_type: str = DEFAULT_CATALOG_CTA
    multi_share_end_card: bool = True
    template_url_spec: TemplateUrlSpec = field(default_factory=TemplateUrlSpec)

    def __post_init__(self):
        if self.call_to_action_type not in CALL_TO_ACTION_TYPES:
            raise ValueError(f"unknown call to action type {self.call_to_action_type!r}")
        if not isinstance(self.multi_share_end_card, bool):
            raise ValueError("multi_share_end_card must be true or false")

    def texts(self) -> dict[str, str]:
        """The template fields with text: field -> template."""
        return {f: getattr(self, f) for f in TEXT_FIELD_POOLS if getattr(self, f)}
