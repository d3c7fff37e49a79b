"""`dcstudio render PROJECT --out DIR`: every combination as placement mockups, plus an index."""
from __future__ import annotations

import os
import signal
import sys
import threading
from contextlib import contextmanager

from dcstudio.commands._common import ProgressBar, add_locale_option, check_locale, open_project
from dcstudio.commands.product_options import add_product_options, product_space
from dcstudio.core.render import PLACEMENTS, render_all, render_space
from dcstudio.core.values.errors import BadInputError
from dcstudio.core.values.placements import DEFAULT_PLACEMENT

DEFAULT_SIZE = 480


def add_parser(sub) -> None:
    p = sub.add_parser("render", help="render every combination as placement mockups",
                       description="Render each combination as the platform shows it, one file per "
                                   "combination and placement, named after its assets, with index.json "
                                   "and index.csv mapping files to asset ids. Rendering again into "
                                   "the same folder removes the previews of the earlier render that "
                                   "are no longer wanted; other files there are left alone. Exit 1 "
                                   "when an image could not be shown (its tiles say why).")
    p.add_argument("project", help="project folder")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (made if missing)")
    p.add_argument("--placement", default=DEFAULT_PLACEMENT, metavar="NAME",
                   help=f"{'|'.join(PLACEMENTS)}|all, or several separated by commas (default {DEFAULT_PLACEMENT}); "
                        "under customization rules each placement shows the assets they give it")
    add_locale_option(p)
    add_product_options(p)
    p.add_argument("--size", type=int, default=DEFAULT_SIZE, metavar="PX",
                   help=f"media width in pixels; a carousel card's width (default {DEFAULT_SIZE})")
    p.add_argument("--limit", type=int, metavar="N", help="only the first N combinations")
    p.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1), metavar="N",
                   help="worker processes (default: up to 4, one per core)")
    p.add_argument("--format", default="jpeg", type=str.lower, choices=["jpeg", "png"],
                   help="jpeg (default: fast, small) or png (lossless, about 8x slower to encode)")
    p.set_defaults(func=run)


def parse_placements(value: str) -> list[str]:
    names = [v.strip().lower() for v in value.split(",") if v.strip()]
    if names == ["all"]:
        return list(PLACEMENTS)
    unknown = [n for n in names if n not in PLACEMENTS]
    if unknown or not names:
        raise BadInputError(f"--placement {value}: use {', '.join(PLACEMENTS)} or all")
    return list(dict.fromkeys(names))


@contextmanager
def ctrl_c_cancels():
    """The first Ctrl-C sets the returned event (the job stops cleanly); a second one interrupts."""
    cancel = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield cancel
        return

    def handler(signum, frame):
        if cancel.is_set():
            raise KeyboardInterrupt
        cancel.set()

    old = signal.signal(signal.SIGINT, handler)
    try:
        yield cancel
    finally:
        signal.signal(signal.SIGINT, old)


def report_problems(problems: dict[str, str]) -> None:
    for asset_id, reason in sorted(problems.items()):
        print(f"dcstudio: warning: {asset_id} shown as a placeholder: {reason}", file=sys.stderr)


def run(args) -> int:
    placements = parse_placements(args.placement)
    if args.limit is not None and args.limit < 1:
        raise BadInputError(f"--limit {args.limit}: use 1 or more")
    if args.jobs < 1:
        raise BadInputError(f"--jobs {args.jobs}: use 1 or more")
    project = open_project(args.project)
    locale = check_locale(args.locale, project)
    products = product_space(project, args)
    bar = ProgressBar("rendering")
    with ctrl_c_cancels() as cancel:
        if products is not None:  # a catalog ad: one preview per product (the index names its retailer_id)
            result = render_space(products, args.out, placements=placements, size=args.size, limit=args.limit,
                                  jobs=args.jobs, fmt=args.format, progress=bar, cancel=cancel)
        else:
            result = render_all(project, args.out, placements=placements, size=args.size, limit=args.limit,
                                jobs=args.jobs, fmt=args.format, progress=bar, cancel=cancel, locale=locale)
    counts = result.combinations_by_placement
    if products is not None:
        shown = f"{', '.join(placements)}, {result.combinations} products of {products.name}"
    elif len(set(counts.values())) > 1:  # the customization rules give placements their own assets
        shown = ", ".join(f"{p} {n}" for p, n in counts.items()) + " combinations"
    else:
        shown = f"{', '.join(placements)}, {result.combinations} combinations"
    if locale is not None:
        shown += f", locale {locale}"
    print(f"wrote {len(result.files)} previews ({shown}) to {result.out_dir} in {result.seconds:.1f} s; "
          f"index: {result.index_path}")
    if result.removed:
        print(f"removed {len(result.removed)} stale previews of an earlier render")
    if result.unlisted:
        print(f"dcstudio: note: left {len(result.unlisted)} older preview files in place that no "
              f"render recorded (e.g. {result.unlisted[0]}); delete them by hand if they are stale",
              file=sys.stderr)
    report_problems(result.problems)
    return 1 if result.problems else 0
