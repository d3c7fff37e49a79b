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

``locale`` is the ad's locale, how its prices are written (Babel's CLDR formats, such as de_DE):
the one the editor's fields, the previews, render and sheet and the template's length counts use.
It is the studio's own: Meta's template_data has no locale (Meta writes a price for the person who
sees the ad), so nothing of it is published. Empty: en_US.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from dcstudio.core.values.meta_enums import CALL_TO_ACTION_TYPES

DEFAULT_CATALOG_CTA = "SHOP_NOW"
DEFAULT_AD_LOCALE = "en_US"  # how prices are written when the template names no locale
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
    locale: str = ""  # the ad's locale for prices ("": DEFAULT_AD_LOCALE)

    def __post_init__(self):
        if self.call_to_action_type not in CALL_TO_ACTION_TYPES:
            raise ValueError(f"unknown call to action type {self.call_to_action_type!r}")
        if not isinstance(self.multi_share_end_card, bool):
            raise ValueError("multi_share_end_card must be true or false")
        if self.locale:
            check_locale(self.locale)

    @property
    def ad_locale(self) -> str:
        """The locale prices are written for: ``locale``, or en_US."""
        return self.locale or DEFAULT_AD_LOCALE

    def texts(self) -> dict[str, str]:
        """The template fields with text: field -> template."""
        return {f: getattr(self, f) for f in TEXT_FIELD_POOLS if getattr(self, f)}


def check_locale(name) -> str:
    """``name`` when it is a locale Babel knows written as Babel writes it (de_DE, pt_BR, sr_Latn_RS);
    ValueError naming it otherwise (so a saved file always reads back the same)."""
    if not isinstance(name, str):
        raise ValueError(f"locale must be text such as de_DE, not {type(name).__name__}")
    # Babel loads here, with a template that names a locale: every project file is read through
    # this module, and the studio opens a project without a catalog ad without Babel (issue 15).
    from babel import Locale, UnknownLocaleError

    try:
        canonical = str(Locale.parse(name.replace("-", "_")))
    except (UnknownLocaleError, ValueError, TypeError):
        raise ValueError(f"unknown locale {name!r}: give one such as en_US, de_DE or ja_JP") from None
    if canonical != name:
        raise ValueError(f"locale {name!r}: write it as {canonical}")
    return name


def ad_locale_of(project) -> str:
    """The locale ``project``'s catalog ad writes prices for (en_US without a template or locale)."""
    template = getattr(project, "catalog_template", None)
    return template.ad_locale if template is not None else DEFAULT_AD_LOCALE


def is_catalog_ad(project) -> bool:
    """Whether ``project`` makes Meta's catalog ad (a template Meta fills per product) rather than
    dynamic creative: it has a ``catalog_template``. The one test of the ad's kind: its previews
    are the product space's, its lint profile the catalog ad's, its plan the catalog plan. A catalog
    ad without a catalog in the project (one imported from a creative, published to a catalog by
    id) is still one: what needs the products (the previews) says that they are missing."""
    return getattr(project, "catalog_template", None) is not None
