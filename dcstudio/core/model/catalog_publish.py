"""Where a catalog ad is published: the catalog, how its feed reaches Meta, the set the ad promotes.

Saved in the project file as the optional ``catalog_publish`` block; the CLI's ``export`` and
``publish`` may override the ids for one run (``--catalog-id``, ``--business-id``).

- ``catalog_id``: a product catalog that exists already; else one is made under ``business_id``
  (``POST /{business_id}/owned_product_catalogs``, named ``catalog_name`` or the project's name).
  One of the two is needed to export or publish a catalog ad.
- ``feed_mode``: ``schedule`` (Meta fetches the feed's https:// URL on a schedule), ``upload`` (the
  feed file is uploaded once, multipart), ``none`` (the catalog holds its products already); ""
  picks schedule for an https:// source and upload for a file.
- ``product_set``: the name of the project's product set the ad set promotes ("" : the first);
  ``product_set_id``: a set already in the catalog (what import-spec reads from a creative); then
  no set is made.
- ``custom_event_type``: the ad set's conversion event (``promoted_object.custom_event_type``).
- ``link``: the shop's web address, ``template_data.link``: the carousel's end card links there
  (Meta gives each product card the product's own url); "" takes the project's first link.
- ``url_tags``: the creative's url_tags; Meta's product tags (``{{product.retailer_id}}``) are
  allowed, so off-platform analytics see which product was clicked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from dcstudio.core.model.product_tags import template_problem
from dcstudio.core.values.meta_enums import CUSTOM_EVENT_TYPES

FEED_MODES = ("schedule", "upload", "none")
# ProductFeedSchedule.Interval in the SDK (facebook_business/adobjects/productfeedschedule.py).
SCHEDULE_INTERVALS = ("HOURLY", "DAILY", "WEEKLY", "MONTHLY")
_ID = re.compile(r"^[0-9]{1,25}$")

# Meta deprecated the original objectives for new campaigns: "beginning with Marketing API v17.0,
# campaigns can only be created with simplified objectives", PRODUCT_CATALOG_SALES among those
# listed (developers.facebook.com/blog/post/2023/02/13/outcome-driven-ad-experiences-update/), and
# from v21.0 no new ad sets or ads take a non-ODAX objective (Marketing API changelog, version
# 21.0, "Outcome-Driven Ad Experiences"). Meta's "Get Started with Advantage+ Catalog Ads" page
# (2026) still shows objective=PRODUCT_CATALOG_SALES; its promoted_object.product_catalog_id is what
# OUTCOME_SALES takes for catalog ads. So a new catalog campaign is OUTCOME_SALES.
CATALOG_OBJECTIVE = "OUTCOME_SALES"
LEGACY_CATALOG_OBJECTIVES = ("PRODUCT_CATALOG_SALES",)


@dataclass(frozen=True)
class CatalogPublish:
    catalog_id: str = ""
    business_id: str = ""
    catalog_name: str = ""
    feed_mode: str = ""
    schedule_interval: str = "DAILY"
    schedule_hour: int = 22
    product_set: str = ""
    product_set_id: str = ""
    custom_event_type: str = "PURCHASE"
    link: str = ""
    url_tags: str = ""

    def __post_init__(self):
        for name in ("catalog_id", "business_id", "product_set_id"):
            value = getattr(self, name)
            if not isinstance(value, str) or (value and not _ID.match(value)):
                raise ValueError(f"{name} must be a Meta id (digits only), not {value!r}")
        if self.feed_mode not in ("", *FEED_MODES):
            raise ValueError(f"feed_mode must be one of {', '.join(FEED_MODES)}, not {self.feed_mode!r}")
        if self.schedule_interval not in SCHEDULE_INTERVALS:
            raise ValueError(f"schedule_interval must be one of {', '.join(SCHEDULE_INTERVALS)}, "
                             f"not {self.schedule_interval!r}")
        if isinstance(self.schedule_hour, bool) or not isinstance(self.schedule_hour, int) \
                or not 0 <= self.schedule_hour <= 23:
            raise ValueError(f"schedule_hour must be a whole hour from 0 to 23, not {self.schedule_hour!r}")
        if self.custom_event_type not in CUSTOM_EVENT_TYPES:
            raise ValueError(f"custom_event_type {self.custom_event_type!r} is not one of Meta's "
                             f"(PURCHASE, ADD_TO_CART, ...)")
        if not isinstance(self.link, str) or (self.link and not self.link.lower().startswith(("https://", "http://"))):
            raise ValueError(f"link must be an http(s) address, not {self.link!r}")
        problem = template_problem(self.url_tags, field="url_tags", url=True) if self.url_tags else None
        if problem is not None:
            raise ValueError(str(problem))

    def feed_mode_for(self, source: str) -> str:
        """The feed mode in effect for a feed read from ``source``."""
        if self.feed_mode:
            return self.feed_mode
        return "schedule" if source.lower().startswith("https://") else "upload"


def settings_of(project) -> CatalogPublish:
    """Where ``project``'s catalog ad is published: its ``catalog_publish``, or the defaults."""
    return getattr(project, "catalog_publish", None) or CatalogPublish()


def shop_link(project, settings: CatalogPublish | None = None) -> str:
    """The catalog ad's shop address, ``template_data.link`` (the carousel's end card links there):
    ``settings.link`` (default: the project's catalog_publish), else the project's first link; ""
    when there is neither."""
    settings = settings or settings_of(project)
    if settings.link:
        return settings.link
    links = project.pools.get("link_urls", [])
    return links[0].website_url if links and links[0].website_url else ""


def promoted_set_problem(project, settings: CatalogPublish | None = None) -> str | None:
    """Why the catalog ad set would promote no product set, or None when it promotes one: an
    existing set's id (``product_set_id``), else the project's set named ``product_set``, else its
    first set."""
    settings = settings or settings_of(project)
    if settings.product_set_id:
        return None
    names = [s.name for s in project.catalog.product_sets] if getattr(project, "catalog", None) else []
    if not names:
        return ("a catalog ad promotes a product set: make one (dcstudio catalog sets PROJECT add NAME --filter "
                "'{}' for all products, or the Products tab) or give an existing one's id "
                "(catalog_publish.product_set_id)")
    if settings.product_set and settings.product_set not in names:
        return f"catalog_publish.product_set: the project has no product set {settings.product_set!r} " \
               f"(its sets: {', '.join(names)})"
    return None
