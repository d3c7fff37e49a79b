"""`dcstudio sheet PROJECT --out FILE.pdf|FILE.png`: a contact sheet of every combination."""
from __future__ import annotations

from dcstudio.commands._common import ProgressBar, add_locale_option, check_locale, open_project
from dcstudio.commands.product_options import add_product_options, product_space
from dcstudio.commands.render import ctrl_c_cancels, report_problems
from dcstudio.core.render import PLACEMENTS, contact_sheet, space_sheet
from dcstudio.core.values.errors import BadInputError
from dcstudio.core.values.placements import DEFAULT_PLACEMENT


def add_parser(sub) -> None:
    p = sub.add_parser("sheet", help="contact sheet of every combination (PDF for approval, or PNG)",
                       description="Every combination's mockup on a paged PDF (A4, asset names under "
                                   "each tile) or one PNG, by the suffix of --out. Exit 1 when an "
                                   "image could not be shown.")
    p.add_argument("project", help="project folder")
    p.add_argument("--out", required=True, metavar="FILE", help="FILE.pdf or FILE.png")
    p.add_argument("--placement", default=DEFAULT_PLACEMENT, type=str.lower, metavar="NAME",
                   help=f"{'|'.join(PLACEMENTS)} (default {DEFAULT_PLACEMENT})")
    add_locale_option(p)
    add_product_options(p)
    p.add_argument("--limit", type=int, metavar="N", help="only the first N combinations")
    p.add_argument("--approved-only", action="store_true",
                   help="just what review cleared: approved assets and the combinations made only of them")
    p.set_defaults(func=run)


def run(args) -> int:
    if args.placement not in PLACEMENTS:
        raise BadInputError(f"--placement {args.placement}: use one of {', '.join(PLACEMENTS)}")
    if args.limit is not None and args.limit < 1:
        raise BadInputError(f"--limit {args.limit}: use 1 or more")
    project = open_project(args.project)
    locale = check_locale(args.locale, project)
    products = product_space(project, args)
    if products is not None and args.approved_only:
        raise BadInputError("--approved-only: a catalog ad's products are not reviewed one by one; leave it out")
    with ctrl_c_cancels() as cancel:
        if products is not None:  # a catalog ad: one tile per product, its retailer_id under it
            result = space_sheet(products, args.out, placement=args.placement, limit=args.limit,
                                 progress=ProgressBar("sheet"), cancel=cancel)
        else:
            result = contact_sheet(project, args.out, placement=args.placement, limit=args.limit, locale=locale,
                                   progress=ProgressBar("sheet"), cancel=cancel, approved_only=args.approved_only)
    pages = f"{result.pages} pages, " if result.path.suffix.lower() == ".pdf" else ""
    cleared = ", approved assets only" if args.approved_only else ""
    what = ("product" if result.combinations == 1 else "products") if products is not None else "combinations"
    print(f"wrote {result.path} ({pages}{result.combinations} {what}{cleared})")
    report_problems(result.problems)
    return 1 if result.problems else 0
