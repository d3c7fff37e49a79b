"""`dcstudio new DIR ...`: make a project folder, copying images in."""
from __future__ import annotations

import difflib
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from dcstudio.commands.preset import apply_for_new, preset_for_new
from dcstudio.core.model.assets import CtaAsset, LinkAsset, TextAsset
from dcstudio.core.model.campaign import Budget, CampaignSettings, check_amount
from dcstudio.core.model.project import Project
from dcstudio.core.model.project_folder import import_image, save_project
from dcstudio.core.model.project_format import PROJECT_FILE
from dcstudio.core.values.errors import BadInputError, DcError
from dcstudio.core.values.meta_enums import AD_FORMATS, CALL_TO_ACTION_TYPES, DC_OBJECTIVES, DC_OPTIMIZATION_GOALS


def add_parser(sub) -> None:
    p = sub.add_parser("new", help="make a project folder from images and texts",
                       description="Make a project folder (dcstudio.json + assets/), copying images in. "
                                   "Options may repeat; settings not given get sensible defaults.")
    p.add_argument("dir", help="the new project folder (must not hold a project yet)")
    p.add_argument("--name", help="project name (default: the folder's name)")
    p.add_argument("--image", action="append", default=[], metavar="FILE", help="an image (repeatable)")
    p.add_argument("--title", action="append", default=[], metavar="T", help="a headline (repeatable)")
    p.add_argument("--body", action="append", default=[], metavar="B", help="a primary text (repeatable)")
    p.add_argument("--description", action="append", default=[], metavar="D", help="a description (repeatable)")
    p.add_argument("--cta", action="append", default=[], metavar="TYPE",
                   help="a call-to-action type such as SHOP_NOW (repeatable)")
    p.add_argument("--link", action="append", default=[], metavar="URL", help="a website URL (repeatable)")
    p.add_argument("--page-id", default="", metavar="ID", help="the Facebook page the ad runs as")
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
    if args.budget is not None:
        try:
            args.budget = check_amount(args.budget, args.currency)
        except ValueError as exc:
            raise BadInputError(f"--budget: {exc}") from None
    for url in args.link:
        try:
            urlsplit(url)
        except ValueError as exc:
            raise BadInputError(f"--link {url}: not a URL that can be read ({exc})") from None
    for image in args.image:
        if not Path(image).exists():
            raise BadInputError(f"--image {image}: file not found")


def run(args) -> int:
    _check(args)
    preset = preset_for_new(args)
    folder = Path(args.dir)
    if (folder / PROJECT_FILE).exists():
        raise BadInputError(f"{folder}: already holds a project ({PROJECT_FILE}); choose another folder")
    if folder.exists() and not folder.is_dir():
        raise BadInputError(f"{folder}: exists and is not a folder")
    created = not folder.exists()
    goal = DC_OPTIMIZATION_GOALS[args.objective][0]
    budget = Budget("lifetime" if args.lifetime else "daily",
                    args.budget if args.budget is not None else Budget().amount, args.currency)
    campaign = CampaignSettings(objective=args.objective, optimization_goal=goal, budget=budget, page_id=args.page_id)
    project = Project(args.name or folder.resolve().name, ad_format=args.ad_format, campaign=campaign, folder=folder)
    apply_for_new(preset, project)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for image in args.image:
            project.add_asset("images", import_image(project, image))
        for pool, texts in (("titles", args.title), ("bodies", args.body), ("descriptions", args.description)):
            for text in texts:
                project.add_asset(pool, TextAsset("", text))
        for cta in args.cta:
            project.add_asset("call_to_actions", CtaAsset("", cta.upper()))
        for url in args.link:
            project.add_asset("link_urls", LinkAsset("", url))
        save_project(project)
    except (DcError, OSError):
        if created:  # leave no half-made project behind
            shutil.rmtree(folder, ignore_errors=True)
        raise
    counts = ", ".join(f"{len(items)} {pool.replace('_', ' ')}" for pool, items in project.pools.items() if items)
    print(f"made {folder / PROJECT_FILE}" + (f" with {counts}" if counts else ""))
    return 0
