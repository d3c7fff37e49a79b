"""Generates docs/rules.md from the rule registry.

    python -m dcstudio.core.lint.docs            # writes docs/rules.md (run from the repo root)
    python -m dcstudio.core.lint.docs --check    # exit 1 when docs/rules.md is stale

tests/core/test_lint_docs.py fails when the committed file differs from ``render()``.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dcstudio.core.lint.budget import ASSUMED_RATES, MAX_DAILY_MULTIPLE, MIN_DAILY_USD, MIN_LEARNING_DAYS
from dcstudio.core.lint.rules import ALL_PROFILES, CATALOG_AD, CATALOG_PROFILES, RULES, SOURCE_NOTES, SOURCES
from dcstudio.core.model.campaign import budget_ceiling
from dcstudio.core.values.atomic import atomic_write_text

DEFAULT_PATH = Path("docs") / "rules.md"

_INTRO = f"""\
# Lint rules

Generated from `dcstudio/core/lint/rules.py` by `python -m dcstudio.core.lint.docs`; do not
edit by hand (a test fails when this file is stale).

`dcstudio lint PROJECT [--profile P] [--json] [--strict]` checks a project; the studio window
lints on every edit. Severities:

- **error**: the API would reject it. `dcstudio lint` exits 1; export refuses the project.
- **warning**: it would run badly, breaks a best practice, or rests on a fact no official page
  confirms (facts the reference marks UNCONFIRMED are never errors). Exit 0 unless `--strict`.
- **info**: advice. Fewer than 5 assets of a type is *info*, not a warning: 1-4 titles run fine,
  and 5-10 per type is a best practice for learning, so the demo project (5 images, 3 titles,
  3 bodies, 2 descriptions) has exactly three info findings and no warning.

Choices worth knowing:

- Budget: a budget under ${MIN_DAILY_USD} a day is a warning, judged in the project's currency at an
  assumed rate (units per US dollar, not live; the message names the rate used). A lifetime
  budget is judged per day over the schedule. A currency without a rate gets an info finding.
  Over {MAX_DAILY_MULTIPLE} times that floor (${MIN_DAILY_USD * MAX_DAILY_MULTIPLE:,} a day) is a warning too: it is
  what 4000 typed for 40.00 looks like. Over Meta's maximum of 1,000,000 USD is an error, and
  `dcstudio new`, the Campaign form and the export refuse it (the ceiling in each currency is
  in the table below). A budget is converted to minor units exactly, never rounded.
  Schedules shorter than {MIN_LEARNING_DAYS} days are a warning (let it learn).
- The policy pre-check (`policy.*`) is a heuristic word list, not Meta's review: it catches
  common wording (alcohol, gambling, weight-loss and before/after claims, personal attributes
  such as "Are you depressed?", all capitals, excessive punctuation or emoji) so the review's
  feedback comes before publishing. It misses things and flags innocent text.
- Exclusions: one dynamic-creative ad set shows every combination of its pools, so an excluded
  pair needs a split into several ad sets; the message says how many (the export's own split).
  Under customization rules each placement (and language) combines only the assets its rule
  gives it: a pair no placement shows together needs no split, and a placement the exclusions
  leave without a combination is named. The asset limits (`meta.count.*`) still count every
  asset: they are limits on the feed's lists, which hold every asset whatever the rules.
- Rules without a Meta error code: `meta.rules.no_fallback` and `meta.rules.fallback_media` are
  the studio's own errors (Meta gives no code for them): without a default or fallback rule, or
  with a fallback naming no image or video, the placements no rule names get nothing to show.
- Creative payloads: the rules on asset customization (`meta.rules.*`), video thumbnails, lead
  forms and a video in object_story_spec judge the creatives themselves, as the export would send
  them: `dcstudio lint`, the export and publish check the project's plan; `import-spec` checks the
  file it reads and prints each finding as a note (the project is made all the same).
- Profiles: the project's `profile` chooses the rules; `--profile` overrides it. Google and
  TikTok borrow the project's pools: Google takes titles as headlines, descriptions as the long
  headline and bodies as descriptions; TikTok takes bodies as ad texts. Logos and business or
  brand names have no pool and are not checked.
- Catalog ads: a Meta project with a catalog ad template (`catalog_template`) is checked against
  the profile `meta-catalog-ad`: Meta fills its one ad per product, so the dynamic-creative pool
  rules (images, link_urls, calls to action, counts, enhancements) do not apply. It takes the
  catalog ad's own rules (product sets and their images, the template, the format, overlay and
  frame, the campaign's objective), the campaign settings' rules as the catalog plan sends them
  (the ad set's event is `catalog_publish.custom_event_type`; no pixel rule), the page and the
  policy wording of the template's texts. The export's gate is this profile's errors.
- Product catalogs: `dcstudio catalog lint FEED|PROJECT [--profile meta-catalog|google-merchant]
  [--images] [--json] [--out findings.csv]` checks a feed (or a project's catalog) with the
  `catalog.*` rules of the profiles `meta-catalog` and `google-merchant`, as SQL over the
  catalog's DuckDB store. Each finding names the feed's row, the line in the file, the column and
  the value, with a fix; a missing required column is one finding for the whole feed. Enums: the
  reference's values pass, values only the SDK's enums know are a warning, the other platform's
  spelling (`in_stock` for `in stock`) a warning, anything else an error. `--images` fetches each
  `image_link` (cached by ETag / Last-Modified in the user's cache folder, `DCSTUDIO_CACHE_DIR`
  overrides it) and is skipped with a note when no image can be reached.
"""


def render() -> str:
    out = [_INTRO]
    for profile in (*ALL_PROFILES, CATALOG_AD, *CATALOG_PROFILES):
        rules = [r for r in RULES.values() if profile in r.profiles]
        out.append(f"\n## Profile `{profile}` ({len(rules)} rules)\n")
        out.append("| id | severity | rule | source | notes |")
        out.append("|---|---|---|---|---|")
        for r in rules:
            note = r.note.replace("|", "\\|")
            out.append(f"| `{r.id}` | {r.severity} | {r.title.replace('|', '/')} | "
                       f"[{r.ref.strip('[]')}]({r.source}) | {note} |")
    out.append("\n## Sources\n")
    for ref, url in SOURCES.items():
        note = SOURCE_NOTES.get(ref)
        out.append(f"- {ref} {url}" + (f": {note}" if note else ""))
    out.append(f"\n## Assumed exchange rates (units per US dollar; ${MIN_DAILY_USD} a day = the amount shown)\n")
    out.append("| currency | per USD | daily floor | warning above (a day) | ceiling |")
    out.append("|---|---|---|---|---|")
    for code, rate in ASSUMED_RATES.items():
        high = MIN_DAILY_USD * MAX_DAILY_MULTIPLE * rate
        out.append(f"| {code} | {rate} | {(MIN_DAILY_USD * rate):.2f} | {high:,.2f} | {budget_ceiling(code):,f} |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dcstudio.core.lint.docs", description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH), help="where to write (default docs/rules.md)")
    parser.add_argument("--check", action="store_true", help="exit 1 when the file differs, write nothing")
    args = parser.parse_args(argv)
    path = Path(args.path)
    text = render()
    if args.check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            print(f"{path} is stale: run python -m dcstudio.core.lint.docs", file=sys.stderr)
            return 1
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, text)
    print(f"wrote {path} ({len(RULES)} rules)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
