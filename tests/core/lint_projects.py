"""Projects for the linter's tests, built in code with the Project API.

``clean_project(folder, profile)`` breaks no rule of its profile (not even info); each entry of
``BREAKERS`` breaks exactly the rule it is named after (other rules may fire along).
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PIL import Image

from dcstudio.core.lint.rules import GOOGLE, META, TIKTOK
from dcstudio.core.model.assets import CtaAsset, ImageAsset, LinkAsset, TextAsset, VideoAsset, VideoFacts
from dcstudio.core.model.campaign import Budget, CampaignSettings
from dcstudio.core.model.project import Project
from dcstudio.core.values.crops import Crop
from dcstudio.core.values.meta_enums import ENHANCEMENT_FEATURES
from tests.core.catalog_format_breakers import CATALOG_FORMAT_BREAKERS
from tests.core.catalog_template_breakers import CATALOG_TEMPLATE_BREAKERS
from tests.core.huge_images import huge_bilevel_png
from tests.core.product_set_breakers import PRODUCT_SET_BREAKERS

TITLES = ["Gear up for spring", "New season, new favourites", "Made to go further", "Light and tough",
          "Built for long days on the trail"]
BODIES = ["Fresh picks for every day outdoors.", "Our spring collection is here: light, tough and built to "
          "last. Find your new favourite today.", "Designed in small batches, tested on real trails.",
          "Free returns within 30 days.", "Pack light, walk far, come back for more."]
DESCRIPTIONS = ["Free shipping over $50", "Free 30-day returns", "Made in small batches", "Tested outdoors",
                "Two-year warranty"]
GOOGLE_HEADLINES = ["Gear up for spring", "Made to go further"]
GOOGLE_DESCRIPTIONS = ["Fresh picks for every day outdoors.", "Designed in small batches, tested on real trails."]


def write_file(folder: Path, rel: str, size: int = 2048) -> str:
    """A file of ``size`` bytes (sparse when large: its content is never read by the linter)."""
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        fh.truncate(size)
    return rel


def image(folder: Path, name: str, w: int = 1080, h: int = 1080, key: str = "100x100", suffix: str = ".jpg",
          size: int = 2048, crop: Crop | None = None) -> ImageAsset:
    rel = write_file(folder, f"assets/{name}{suffix}", size)
    return ImageAsset("", rel, name.encode().hex().ljust(64, "0")[:64], w, h, crop or Crop.centered(w, h, key))


def clean_project(folder: Path, profile: str = META) -> Project:
    campaign = CampaignSettings(budget=Budget("daily", Decimal("40"), "USD"), page_id="104857600012345",
                                start_time="2026-12-01T09:00:00+0000", end_time="2026-12-21T09:00:00+0000",
                                promoted_object={"pixel_id": "1122334455667788", "custom_event_type": "PURCHASE"})
    project = Project("Lint test", profile=profile, campaign=campaign, folder=folder,
                      enhancements={f: "OPT_OUT" for f in ENHANCEMENT_FEATURES})
    if profile == META:
        for n, (w, h) in enumerate([(1080, 1080), (1080, 1350), (1080, 1080), (1080, 1920), (1080, 1080)], 1):
            project.add_asset("images", image(folder, f"img{n}", w, h))
        _texts(project, TITLES, BODIES, DESCRIPTIONS)
        project.add_asset("call_to_actions", CtaAsset("", "SHOP_NOW"))
        project.add_asset("call_to_actions", CtaAsset("", "LEARN_MORE"))
    elif profile == GOOGLE:
        project.add_asset("images", image(folder, "wide", 1200, 628, "191x100"))
        project.add_asset("images", image(folder, "square", 600, 600))
        _texts(project, GOOGLE_HEADLINES, GOOGLE_DESCRIPTIONS, ["Spring gear that is made to go further"])
        project.add_asset("call_to_actions", CtaAsset("", "SHOP_NOW"))
    else:
        for n in range(1, 4):
            project.add_asset("images", image(folder, f"img{n}", 1200, 1200, size=100_000))
        _texts(project, [], BODIES[:3], [])
        project.add_asset("call_to_actions", CtaAsset("", "SHOP_NOW"))
    project.add_asset("link_urls", LinkAsset("", "https://shop.example.com/spring", "shop.example.com"))
    return project


def _texts(project, titles, bodies, descriptions):
    for pool, texts in (("titles", titles), ("bodies", bodies), ("descriptions", descriptions)):
        for text in texts:
            project.add_asset(pool, TextAsset("", text))


def _ids(project, pool):
    return [a.id for a in project.pools[pool]]


def _keep(project, pool, n):
    for asset_id in _ids(project, pool)[n:]:
        project.remove_asset(asset_id)


def _add_texts(project, pool, n):
    for i in range(n):
        project.add_asset(pool, TextAsset("", f"Another distinct line number {i} for {pool}"))


def _add_images(project, folder, n, w=1080, h=1080, prefix="more"):
    for i in range(n):
        project.add_asset("images", image(folder, f"{prefix}{i}", w, h))


def _set_text(project, asset_id, text):
    project.update_asset(asset_id, text=text)


def _first_image(project, folder, **kw):
    old = project.pools["images"][0]
    new = image(folder, "changed", **kw)
    project.update_asset(old.id, file=new.file, width=new.width, height=new.height, crop=new.crop)


def _crop(project, crop):
    project.update_asset(project.pools["images"][0].id, crop=crop)


def _app(project, links, store):
    project.update_campaign(objective="OUTCOME_APP_PROMOTION", optimization_goal="APP_INSTALLS",
                            promoted_object={"application_id": "2233445566778", "object_store_url": store})
    _keep(project, "link_urls", 0)
    for url in links:
        project.add_asset("link_urls", LinkAsset("", url))


def _videos(project, n):
    for i in range(n):
        project.add_asset("videos", VideoAsset("", video_id=str(9000 + i)))


def video_file(folder: Path, name: str = "clip", w: int = 1080, h: int = 1080, *, thumb: tuple[int, int] | None = None,
               **facts) -> VideoAsset:
    """A video asset as an import leaves it (facts and a poster JPEG); the video file itself is a
    placeholder, since the linter reads only the facts and the poster's header."""
    rel = write_file(folder, f"assets/{name}.mp4")
    poster = f"assets/{name}.poster.jpg"
    (folder / "assets").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", thumb or (w, h), (90, 120, 200)).save(folder / poster, "JPEG")
    values = dict(width=w, height=h, duration=15.0, fps=30.0, codec="h264", size_bytes=2048)
    values.update(facts)
    return VideoAsset("", rel, thumbnail=poster, sha256=name.encode().hex().ljust(64, "0")[:64],
                      facts=VideoFacts(**values), poster_at=1.0)


def _video(project, folder, placements=None, **kw):
    project.set_project_settings(ad_format="SINGLE_VIDEO")
    project.update_campaign(placements=placements or {"publisher_platforms": ["facebook"],
                                                      "facebook_positions": ["feed"]})
    project.add_asset("videos", video_file(folder, **kw))


_IG_FEED = {"publisher_platforms": ["instagram"], "instagram_positions": ["stream"]}


def _link(project, url):
    project.update_asset(project.pools["link_urls"][0].id, website_url=url)


STORE = "https://play.google.com/store/apps/details?id=com.example.app"

# rule id -> (profile, breaker(project, folder))
BREAKERS = {
    "meta.count.images": (META, lambda p, f: _add_images(p, f, 6)),
    "meta.count.videos": (META, lambda p, f: (p.set_project_settings(ad_format="SINGLE_VIDEO"), _videos(p, 11))),
    "meta.count.titles": (META, lambda p, f: _add_texts(p, "titles", 1)),
    "meta.count.bodies": (META, lambda p, f: _add_texts(p, "bodies", 1)),
    "meta.count.descriptions": (META, lambda p, f: _add_texts(p, "descriptions", 1)),
    "meta.count.call_to_actions": (META, lambda p, f: [p.add_asset("call_to_actions", CtaAsset("", t)) for t in
                                                       ("SIGN_UP", "SUBSCRIBE", "BUY_NOW", "ORDER_NOW")]),
    "meta.count.link_urls": (META, lambda p, f: [p.add_asset("link_urls", LinkAsset("", f"https://e{i}.example.com/"))
                                                 for i in range(5)]),
    "meta.count.total": (META, lambda p, f: (_add_images(p, f, 5), [p.add_asset("call_to_actions", CtaAsset("", t))
                                                                    for t in ("SIGN_UP", "BUY_NOW", "ORDER_NOW")])),
    "meta.count.carousel_images": (META, lambda p, f: (p.set_project_settings(ad_format="CAROUSEL"),
                                                       _keep(p, "images", 1))),
    "meta.count.media_missing": (META, lambda p, f: _keep(p, "images", 0)),
    "meta.count.link_required": (META, lambda p, f: _keep(p, "link_urls", 0)),
    "meta.count.cta_required": (META, lambda p, f: _keep(p, "call_to_actions", 0)),
    "meta.recommended.media": (META, lambda p, f: _keep(p, "images", 3)),
    "meta.recommended.titles": (META, lambda p, f: _keep(p, "titles", 4)),
    "meta.recommended.bodies": (META, lambda p, f: _keep(p, "bodies", 2)),
    "meta.recommended.descriptions": (META, lambda p, f: _keep(p, "descriptions", 0)),
    "meta.campaign.objective": (META, lambda p, f: p.update_campaign(objective="LINK_CLICKS")),
    "meta.campaign.buying_type": (META, lambda p, f: p.update_campaign(buying_type="RESERVED")),
    "meta.adset.optimization_goal": (META, lambda p, f: p.update_campaign(optimization_goal="LINK_CLICKS")),
    "meta.adset.dynamic_creative": (META, lambda p, f: p.add_asset("call_to_actions",
                                                                   CtaAsset("", "WHATSAPP_MESSAGE"))),
    "meta.app.single_link": (META, lambda p, f: _app(p, [STORE, "https://example.com/app"], STORE)),
    "meta.app.store_url": (META, lambda p, f: _app(p, ["https://example.com/app"], STORE)),
    "meta.id.not_numeric": (META, lambda p, f: p.update_campaign(page_id="my-page abc")),
    "meta.promoted_object.pixel": (META, lambda p, f: p.update_campaign(promoted_object={})),
    "meta.promoted_object.event": (META, lambda p, f: p.update_campaign(promoted_object={
        "pixel_id": "1122334455667788", "custom_event_type": "BUY_STUFF"})),
    "meta.promoted_object.page": (META, lambda p, f: p.update_campaign(
        objective="OUTCOME_LEADS", optimization_goal="LEAD_GENERATION", page_id="")),
    "meta.app.application_id": (META, lambda p, f: (_app(p, [STORE], STORE), p.update_campaign(
        promoted_object={"object_store_url": STORE}))),
    "meta.budget.minimum": (META, lambda p, f: p.update_campaign(budget=Budget("daily", Decimal("0.50"), "USD"))),
    "meta.bid.strategy": (META, lambda p, f: p.update_campaign(bid_strategy="TARGET_COST")),
    "meta.bid.amount": (META, lambda p, f: p.update_campaign(bid_strategy="COST_CAP")),
    "meta.targeting.age": (META, lambda p, f: p.update_campaign(targeting={
        "geo_locations": {"countries": ["US"]}, "age_min": 16})),
    "meta.targeting.country": (META, lambda p, f: p.update_campaign(targeting={
        "geo_locations": {"countries": ["USA"]}})),
    "meta.special.category": (META, lambda p, f: p.update_campaign(special_ad_categories=("LOTTERY",))),
    "meta.special.country": (META, lambda p, f: p.update_campaign(special_ad_categories=("EMPLOYMENT",))),
    "meta.special.targeting": (META, lambda p, f: p.update_campaign(
        special_ad_categories=("HOUSING",), special_ad_category_country=("US",),
        targeting={"geo_locations": {"countries": ["US"]}, "genders": [2]})),
    "meta.placements.unknown": (META, lambda p, f: p.update_campaign(placements={
        "publisher_platforms": ["facebook"], "facebook_positions": ["feed", "billboard"]})),
    "meta.placements.undelivered": (META, lambda p, f: p.update_campaign(placements={
        "publisher_platforms": ["facebook"], "facebook_positions": ["story"]})),
    "meta.placements.sponsored_messages": (META, lambda p, f: p.update_campaign(placements={
        "publisher_platforms": ["messenger"], "messenger_positions": ["sponsored_messages"]})),
    "meta.carousel.labels": (META, lambda p, f: (p.set_project_settings(ad_format="CAROUSEL"),
                                                 p.update_asset("body1", label="Hero body"))),
    "meta.page_id.missing": (META, lambda p, f: p.update_campaign(page_id="")),
    "meta.video.no_id": (META, lambda p, f: (p.set_project_settings(ad_format="AUTOMATIC_FORMAT"),
                                             p.add_asset("videos", VideoAsset("", video_id="")))),
    "meta.count.media": (META, lambda p, f: (p.set_project_settings(ad_format="AUTOMATIC_FORMAT"),
                                             _add_images(p, f, 2), _videos(p, 4))),
    "meta.video.ratio": (META, lambda p, f: _video(p, f, w=1920, h=1080)),
    "meta.video.instagram_shape": (META, lambda p, f: _video(p, f, _IG_FEED, w=1080, h=1350)),
    "meta.video.duration": (META, lambda p, f: _video(p, f, duration=300 * 60.0)),
    "meta.video.file_size": (META, lambda p, f: _video(p, f, size_bytes=5 * 1024 ** 3)),
    "meta.video.codec": (META, lambda p, f: _video(p, f, codec="prores")),
    "meta.video.variable_fps": (META, lambda p, f: _video(p, f, variable_fps=True)),
    "meta.video.thumbnail_shape": (META, lambda p, f: _video(p, f, thumb=(1080, 1920))),
    "meta.enhancements.unset": (META, lambda p, f: p.set_enhancement("text_optimizations", None)),
    "meta.enhancements.bundle": (META, lambda p, f: p.set_enhancement("standard_enhancements", "OPT_IN")),
    "meta.cta.unknown": (META, lambda p, f: p.update_asset("cta1", type="SHOP_NOWW")),
    "meta.duplicate": (META, lambda p, f: _set_text(p, "title2", TITLES[0])),
    "meta.text.empty": (META, lambda p, f: _set_text(p, "title1", "")),
    "meta.text.max_length": (META, lambda p, f: _set_text(p, "body1", "word " * 205)),
    "meta.text.recommended_length": (META, lambda p, f: _set_text(
        p, "title1", "A headline that runs on well past forty characters")),
    "meta.image.file_size": (META, lambda p, f: _first_image(p, f, size=31 * 2**20)),
    "meta.image.name_length": (META, lambda p, f: p.add_asset("images", image(f, "spring-" * 15, 1080, 1080))),
    "meta.image.format": (META, lambda p, f: _first_image(p, f, suffix=".webp")),
    "meta.image.min_width": (META, lambda p, f: _first_image(p, f, w=500, h=500)),
    "meta.image.aspect": (META, lambda p, f: _first_image(p, f, w=2000, h=500)),
    "meta.crop.outside": (META, lambda p, f: _crop(p, Crop(600, 0, 1080, 1080))),
    "meta.crop.ratio": (META, lambda p, f: _crop(p, Crop(0, 0, 1080, 800, "100x100"))),
    "meta.crop.deprecated_key": (META, lambda p, f: _crop(p, Crop.centered(1080, 1080, "191x100"))),
    "meta.crop.unknown_key": (META, lambda p, f: _crop(p, Crop(0, 0, 1080, 1080, "123x45"))),
    "meta.crop.unconfirmed_key": (META, lambda p, f: _crop(p, Crop(0, 0, 810, 1080, "300x400"))),
    "meta.text.reference": (META, lambda p, f: _set_text(p, "title1", "{campaign.id}")),
    "text.control_character": (META, lambda p, f: _set_text(p, "body1", "Fresh picks\r\nfor spring.")),
    "text.lone_surrogate": (META, lambda p, f: _set_text(p, "title1", "Gear up \ud83c for spring")),
    "meta.url_tags.syntax": (META, lambda p, f: p.update_asset("title1", url_tags="?utm_source=fb")),
    "meta.budget.low": (META, lambda p, f: p.update_campaign(budget=Budget("daily", Decimal("15"), "EUR"))),
    "meta.budget.decimals": (META, lambda p, f: p.update_campaign(budget=Budget("daily", Decimal("6000.5"), "JPY"))),
    "meta.budget.high": (META, lambda p, f: p.update_campaign(budget=Budget("daily", Decimal(4000), "USD"))),
    "meta.budget.ceiling": (META, lambda p, f: p.update_campaign(budget=Budget("daily", Decimal("1e40"), "USD"))),
    "meta.budget.unknown_currency": (META, lambda p, f: p.update_campaign(
        budget=Budget("daily", Decimal("40"), "ZZZ"))),
    "meta.schedule.short": (META, lambda p, f: p.update_campaign(end_time="2026-12-04T09:00:00+0000")),
    "meta.schedule.invalid": (META, lambda p, f: p.update_campaign(start_time="next tuesday")),
    "meta.schedule.lifetime_end": (META, lambda p, f: p.update_campaign(
        budget=Budget("lifetime", Decimal("1000"), "USD"), end_time=None)),
    "meta.exclusions.split_needed": (META, lambda p, f: p.exclude("img1", "title1")),
    "meta.exclusions.nothing_left": (META, lambda p, f: [p.exclude(i, "link1") for i in _ids(p, "images")]),
    "files.problem": (META, lambda p, f: (f / p.pools["images"][0].file).unlink()),
    "files.pixels": (META, lambda p, f: huge_bilevel_png(p.resolve(p.pools["images"][0].file), 8000, 7000)),
    "files.remote": (META, lambda p, f: ((f / p.pools["images"][0].file).unlink(),
                                         p.remote_images.update({p.pools["images"][0].id: {"hash": "abc123"}}))),
    "assets.near_duplicate": (META, lambda p, f: _set_text(p, "title2", TITLES[0].upper() + ".")),
    "link.scheme": (META, lambda p, f: _link(p, "javascript:alert(1)")),
    "link.unparseable": (META, lambda p, f: _link(p, "https://shop example.com/spring")),
    "link.not_https": (META, lambda p, f: _link(p, "http://shop.example.com/spring")),
    "policy.alcohol": (META, lambda p, f: _set_text(p, "body1", "Crack open a cold beer on the trail.")),
    "policy.gambling": (META, lambda p, f: _set_text(p, "body1", "Feeling lucky? Our online casino pays out fast.")),
    "policy.weight_loss": (META, lambda p, f: _set_text(p, "body1", "Lose 10 pounds in a week with our shake.")),
    "policy.personal_attributes": (META, lambda p, f: _set_text(p, "body1", "Are you depressed? Talk to us today.")),
    "policy.all_caps": (META, lambda p, f: _set_text(p, "title1", "BIG SPRING SALE")),
    "policy.punctuation": (META, lambda p, f: _set_text(p, "title1", "Spring is here!!!")),
    "google.count.images": (GOOGLE, lambda p, f: _add_images(p, f, 14, 600, 600)),
    "google.count.landscape": (GOOGLE, lambda p, f: p.remove_asset("img1")),
    "google.count.square": (GOOGLE, lambda p, f: p.remove_asset("img2")),
    "google.image.aspect": (GOOGLE, lambda p, f: p.add_asset("images", image(f, "tall", 1000, 1250, "400x500"))),
    "google.image.min_size": (GOOGLE, lambda p, f: _add_images(p, f, 1, 200, 200)),
    "google.image.recommended_size": (GOOGLE, lambda p, f: _add_images(p, f, 1, 400, 400)),
    "google.image.format": (GOOGLE, lambda p, f: _first_image(p, f, w=1200, h=628, key="191x100", suffix=".webp")),
    "google.image.file_size": (GOOGLE, lambda p, f: _first_image(p, f, w=1200, h=628, key="191x100", size=6 * 2**20)),
    "google.count.headlines": (GOOGLE, lambda p, f: _add_texts(p, "titles", 4)),
    "google.text.headline_length": (GOOGLE, lambda p, f: _set_text(p, "title1",
                                                                   "A headline of more than thirty chars")),
    "google.count.long_headline": (GOOGLE, lambda p, f: _add_texts(p, "descriptions", 1)),
    "google.text.long_headline_length": (GOOGLE, lambda p, f: _set_text(p, "desc1", "long " * 19)),
    "google.count.descriptions": (GOOGLE, lambda p, f: _keep(p, "bodies", 0)),
    "google.text.description_length": (GOOGLE, lambda p, f: _set_text(p, "body1", "text " * 19)),
    "google.count.videos": (GOOGLE, lambda p, f: _videos(p, 6)),
    "google.count.final_url": (GOOGLE, lambda p, f: _keep(p, "link_urls", 0)),
    "tiktok.count.media": (TIKTOK, lambda p, f: _add_images(p, f, 8, 1200, 1200)),
    "tiktok.count.texts": (TIKTOK, lambda p, f: _add_texts(p, "bodies", 3)),
    "tiktok.count.cta": (TIKTOK, lambda p, f: p.add_asset("call_to_actions", CtaAsset("", "LEARN_MORE"))),
    "tiktok.text.length": (TIKTOK, lambda p, f: _set_text(p, "body1", "Go now")),
    "tiktok.text.characters": (TIKTOK, lambda p, f: _set_text(p, "body1", "Fresh picks for #spring outdoors")),
    "tiktok.image.size": (TIKTOK, lambda p, f: _first_image(p, f, w=800, h=800)),
    "tiktok.image.file_size": (TIKTOK, lambda p, f: _first_image(p, f, w=1200, h=1200, size=600 * 1024)),
    "tiktok.image.format": (TIKTOK, lambda p, f: _first_image(p, f, w=1200, h=1200, suffix=".gif")),
    "approval.rejected": (META, lambda p, f: p.set_approval("img1", "rejected", "Logo too small")),
}
# Rules that a project cannot break by itself, tested on their own input.
PAYLOAD_RULES = {"meta.video.in_story_spec", "meta.video.thumbnail", "meta.rules.label_missing",
                 "meta.rules.unlabelled_assets", "meta.rules.no_link", "meta.rules.unknown_key",
                 "meta.rules.no_fallback", "meta.rules.positions", "meta.rules.dynamic_adset", "meta.cta.lead_form",
                 "meta.rules.fallback_media", "meta.enhancements.bundle_payload"}

BREAKERS.update(PRODUCT_SET_BREAKERS)
BREAKERS.update(CATALOG_TEMPLATE_BREAKERS)
BREAKERS.update(CATALOG_FORMAT_BREAKERS)
