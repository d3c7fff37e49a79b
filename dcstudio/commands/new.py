"""`dcstudio new DIR ...`: make a project folder, copying images in."""
from __future__ import annotations

import difflib
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from dcstudio.commands.new_catalog import add_catalog_options, catalog_plan, make_catalog_ad
from dcstudio.commands.preset import apply_for_new, preset_for_new
from dcstudio.core.model.assets import CtaAsset, LinkAsset, TextAsset
from dcstudio.core.model.campaign import Budget, CampaignSettings
from dcstudio.core.model.campaign_rules import budget_amount_problems, campaign_problems
from dcstudio.core.model.project import Project
from dcstudio.core.model.project_folder import import_image, import_video, save_project
from dcstudio.core.model.project_format import PROJECT_FILE
from dcstudio.core.values.errors import BadInputError, DcError
from dcstudio.core.values.meta_enums import (
    AD_FORMATS,
    BID_STRATEGIES,
    CALL_TO_ACTION_TYPES,
    DC_OBJECTIVES,
    DC_OPTIMIZATION_GOALS,
    SPECIAL_AD_CATEGORIES,
)

# The project field each campaign flag sets: a problem campaign_rules finds there is that flag's.
CAMPAIGN_FLAGS = {
    "campaign.page_id": "--page-id",
    "campaign.instagram_user_id": "--instagram-id",
    "campaign.promoted_object.pixel_id": "--pixel-id",
    "campaign.promoted_object.custom_event_type": "--event",
    "campaign.targeting.geo_locations": "--country",
    "campaign.targeting.age_min": "--age-min",
    "campaign.targeting.age_max": "--age-max",
    "campaign.special_ad_categories": "--special-ad-category",
    "campaign.special_ad_category_country": "--special-ad-category-country",
    "campaign.bid_strategy": "--bid-strategy",
    "campaign.bid_amount": "--bid-amount",
    "campaign.budget.amount": "--budget",
}
# Flags that come in pairs: giving one makes the other's problems count too.
_COMPANIONS = {
    "--pixel-id": ("--event",), "--event": ("--pixel-id",),
    "--special-ad-category": ("--special-ad-category-country",),
    "--special-ad-category-country": ("--special-ad-category",),
    "--bid-strategy": ("--bid-amount",),
}


def add_parser(sub) -> None:
    p = sub.add_parser("new", help="make a project folder from images and texts",
                       description="Make a project folder (dcstudio.json + assets/), copying images in. "
                                   "Options may repeat; settings not given get sensible defaults.")
    p.add_argument("dir", help="the new project folder (must not hold a project yet)")
    p.add_argument("--name", help="project name (default: the folder's name)")
    p.add_argument("--image", action="append", default=[], metavar="FILE", help="an image (repeatable)")
    p.add_argument("--video", action="append", default=[], metavar="FILE", help="an MP4 or MOV video (repeatable)")
    p.add_argument("--title", action="append", default=[], metavar="T", help="a headline (repeatable)")
    p.add_argument("--body", action="append", default=[], metavar="B", help="a primary text (repeatable)")
    p.add_argument("--description", action="append", default=[], metavar="D", help="a description (repeatable)")
    p.add_argument("--cta", action="append", default=[], metavar="TYPE",
                   help="a call-to-action type such as SHOP_NOW (repeatable)")
    p.add_argument("--link", action="append", default=[], metavar="URL", help="a website URL (repeatable)")
    p.add_argument("--page-id", metavar="ID", help="the Facebook page the ad runs as")
    p.add_argument("--objective", default="OUTCOME_SALES", type=str.upper,
                   help=f"campaign objective: {', '.join(DC_OBJECTIVES)} (default OUTCOME_SALES)")
    p.add_argument("--ad-format", default="SINGLE_IMAGE", type=str.upper,
                   help=f"{', '.join(AD_FORMATS)} (default SINGLE_IMAGE)")
    p.add_argument("--budget", metavar="AMOUNT",
                   help="daily budget in major units, e.g. 40 (default 50): more than 0, at most Meta's maximum "
                        "of 1,000,000 USD, with no more decimals than the currency takes")
    p.add_argument("--lifetime", action="store_true", help="the budget is a lifetime budget, not daily")
    p.add_argument("--currency", default="USD", type=str.upper, help="ISO currency code (default USD)")
    p.add_argument("--preset", metavar="NAME", help="start from a saved preset (dcstudio preset list); the "
                                                "flags given here win over it")
    add_catalog_options(p)
    c = p.add_argument_group("campaign settings", "checked by the same rules as the Campaign tab and the checks")
    c.add_argument("--instagram-id", metavar="ID", help="the Instagram account the ad runs as (digits)")
    c.add_argument("--pixel-id", metavar="ID", help="the Meta pixel a conversion campaign optimizes for (digits)")
    c.add_argument("--event", type=str.upper, metavar="EVENT",
                   help="the conversion event (promoted_object.custom_event_type), such as PURCHASE or LEAD")
    c.add_argument("--country", action="append", default=[], type=str.upper, metavar="CC",
                   help="a country to reach, as a two-letter code such as US (repeatable; default US)")
    c.add_argument("--age-min", metavar="AGE", help="the youngest age to reach, 18-65")
    c.add_argument("--age-max", metavar="AGE", help="the oldest age to reach, 18-65 (65 means 65 and over)")
    c.add_argument("--special-ad-category", action="append", default=[], type=str.upper, metavar="CATEGORY",
                   help=f"a special ad category (repeatable): {', '.join(SPECIAL_AD_CATEGORIES)}")
    c.add_argument("--special-ad-category-country", action="append", default=[], type=str.upper, metavar="CC",
                   help="a country where the special ad category applies, such as US (repeatable)")
    c.add_argument("--bid-strategy", type=str.upper, metavar="STRATEGY",
                   help=f"{', '.join(BID_STRATEGIES)} (default LOWEST_COST_WITHOUT_CAP)")
    c.add_argument("--bid-amount", metavar="MINOR",
                   help="the bid cap or cost cap in minor units of the currency (250 is 2.50 USD), as Meta's "
                        "bid_amount: LOWEST_COST_WITH_BID_CAP and COST_CAP need one")
    p.set_defaults(func=run)


def _check(args) -> None:
    if args.objective not in DC_OBJECTIVES:
        raise BadInputError(f"--objective {args.objective}: dynamic creative takes one of {', '.join(DC_OBJECTIVES)}")
    if args.ad_format not in AD_FORMATS:
        raise BadInputError(f"--ad-format {args.ad_format}: use one of {', '.join(AD_FORMATS)}")
    for cta in args.cta:
        if cta.upper() not in CALL_TO_ACTION_TYPES:
            wanted = cta.upper().replace("-", "_")
            near = difflib.get_close_matches(wanted, CALL_TO_ACTION_TYPES, n=3, cutoff=0.6)
            hint = f" (did you mean {', '.join(near)}?)" if near else " (see the platform's call-to-action types)"
            raise BadInputError(f"--cta {cta}: not a call-to-action type Meta knows{hint}")
    if len(args.currency) != 3 or not args.currency.isascii() or not args.currency.isalpha():
        raise BadInputError(f"--currency {args.currency}: use a three-letter ISO code such as USD or EUR")
    args.currency = args.currency.upper()  # the project file keeps ISO codes in capitals
    for url in args.link:
        try:
            urlsplit(url)
        except ValueError as exc:
            raise BadInputError(f"--link {url}: not a URL that can be read ({exc})") from None
    for image in args.image:
        if not Path(image).exists():
            raise BadInputError(f"--image {image}: file not found")
    for video in args.video:
        if not Path(video).exists():
            raise BadInputError(f"--video {video}: file not found")


def _whole(text: str | None):
    """A typed number as an int, or the text itself for the rules to name; None when not given."""
    if text is None or not text.strip():
        return None
    try:
        return int(text.strip())
    except ValueError:
        return text


def _given(args) -> set[str]:
    flags = {flag for flag in CAMPAIGN_FLAGS.values() if getattr(args, flag[2:].replace("-", "_")) not in (None, [])}
    return flags | {other for flag in flags for other in _COMPANIONS.get(flag, ())}


def _campaign(args) -> CampaignSettings:
    """The campaign the flags describe; BadInputError naming the flag of the first problem of a
    value given (campaign_rules: the same rules as the Campaign tab and the linter)."""
    kind = "lifetime" if args.lifetime else "daily"
    base = CampaignSettings(budget=Budget(kind, Budget().amount, args.currency))
    refused = budget_amount_problems(args.budget, base) if args.budget is not None else []
    if refused:
        raise BadInputError(f"--budget: {refused[0].message}")
    targeting: dict = {"geo_locations": {"countries": list(args.country or ["US"])}}
    for key in ("age_min", "age_max"):
        age = _whole(getattr(args, key))
        if age is not None:
            targeting[key] = age
    promoted = {k: v for k, v in (("pixel_id", args.pixel_id), ("custom_event_type", args.event)) if v is not None}
    campaign = CampaignSettings(
        objective=args.objective, optimization_goal=DC_OPTIMIZATION_GOALS[args.objective][0],
        budget=Budget(kind, args.budget if args.budget is not None else Budget().amount, args.currency),
        page_id=args.page_id or "", instagram_user_id=args.instagram_id or "", promoted_object=promoted,
        targeting=targeting, special_ad_categories=tuple(args.special_ad_category),
        special_ad_category_country=tuple(x for x in args.special_ad_category_country if x),
        bid_strategy=args.bid_strategy or "LOWEST_COST_WITHOUT_CAP", bid_amount=_whole(args.bid_amount))
    given = _given(args)
    for problem in campaign_problems(campaign, link_urls=args.link):
        flag = CAMPAIGN_FLAGS.get(problem.field)
        if flag in given and problem.severity == "error":
            raise BadInputError(f"{flag}: {problem.message}")
    return campaign


def run(args) -> int:
    _check(args)
    plan = catalog_plan(args)  # checked whole before anything is written
    preset = preset_for_new(args)
    folder = Path(args.dir)
    if (folder / PROJECT_FILE).exists():
        raise BadInputError(f"{folder}: already holds a project ({PROJECT_FILE}); choose another folder")
    if folder.exists() and not folder.is_dir():
        raise BadInputError(f"{folder}: exists and is not a folder")
    created = not folder.exists()
    campaign = _campaign(args)
    project = Project(args.name or folder.resolve().name, ad_format=args.ad_format, campaign=campaign, folder=folder)
    apply_for_new(preset, project)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if plan is not None:  # a catalog ad: the feed into the store, the texts into the template
            make_catalog_ad(project, plan)
        for image in args.image:
            project.add_asset("images", import_image(project, image))
        for video in args.video:
            project.add_asset("videos", import_video(project, video))
        for pool, texts in (("titles", args.title), ("bodies", args.body), ("descriptions", args.description)):
            for text in texts if plan is None else ():
                project.add_asset(pool, TextAsset("", text))
        for cta in args.cta if plan is None else ():
            project.add_asset("call_to_actions", CtaAsset("", cta.upper()))
        for url in args.link:
            project.add_asset("link_urls", LinkAsset("", url))
        save_project(project)
    except (DcError, OSError):
        if created:  # leave no half-made project behind
            shutil.rmtree(folder, ignore_errors=True)
        elif plan is not None:
            plan.remove_store(folder)
        raise
    counts = ", ".join(f"{len(items)} {pool.replace('_', ' ')}" for pool, items in project.pools.items() if items)
    if plan is not None:
        counts = plan.summary
    print(f"made {folder / PROJECT_FILE}" + (f" with {counts}" if counts else ""))
    return 0
