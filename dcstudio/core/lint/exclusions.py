"""Exclusions: a dynamic-creative ad set shows every combination of its feed, so an excluded pair
can only be kept apart by splitting the pool into several ad sets.

The split itself belongs to the export (``dcstudio.core.model.adset_split``); the linter asks it how
many ad sets are needed, so the number in a lint message is the number the export will make.
Results are cached on what the split depends on (the pools' ids and labels, format, pins,
exclusions, customization rules), so linting on every edit does not search again while only a
text changes.

Under customization rules each placement combines its own assets (placement_spaces.py): a pair
no placement shows together needs no split, and a placement the exclusions leave without any
combination is named.
"""
from __future__ import annotations

import json

from dcstudio.core.lint.context import LintContext
from dcstudio.core.model.placement_spaces import placement_spaces


def _split_key(project) -> tuple:
    custom = project.customization
    return (project.ad_format, tuple(tuple((a.id, a.adlabels) for a in items) for items in project.pools.values()),
            frozenset(project.pins), frozenset(project.exclusions), custom.more_ad_formats,
            json.dumps(custom.rules, sort_keys=True))


_CACHE: dict[tuple, int] = {}
_CACHE_SIZE = 64


def min_adsets_for_exclusions(project) -> int:
    """How many dynamic-creative ad sets the project's exclusions need: 1 when one ad set can keep
    every excluded pair apart (or there are none), 0 when no combination is left at all.

    Delegates to ``dcstudio.core.model.adset_split.adsets_needed`` (the export's own split).
    """
    if not project.exclusions:
        return 1
    from dcstudio.core.model.adset_split import adsets_needed

    key = _split_key(project)
    if key not in _CACHE:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = adsets_needed(project)
    return _CACHE[key]


def check_exclusions(ctx: LintContext) -> int:
    """Reports the exclusion rules; returns the number of ad sets needed."""
    project = ctx.project
    if not project.exclusions:
        return 1
    spaces = placement_spaces(project)
    everything = placement_spaces(project, honour_exclusions=False)
    pairs = sorted({tuple(sorted(p)) for placed in spaces for p in placed.space.exclusions})
    emptied = [placed.where for placed, whole in zip(spaces, everything, strict=True)
               if len(placed.space) == 0 and len(whole.space) > 0]
    if emptied and len(emptied) == sum(1 for whole in everything if len(whole.space)):
        ctx.report("meta.exclusions.nothing_left", "the exclusions leave no combination to run",
                   field="exclusions", hint="remove some exclusions")
        return 0
    for where in emptied:
        ctx.report("meta.exclusions.nothing_left", f"the exclusions leave no combination to run in {where}, "
                   "whose customization rule gives it its own assets", field="exclusions",
                   hint="remove some exclusions, or show more assets there (Show in…)")
    needed = min_adsets_for_exclusions(project)
    if needed >= 2:
        shown = ", ".join(f"{a} + {b}" for a, b in pairs[:4]) + (f" and {len(pairs) - 4} more"
                                                                  if len(pairs) > 4 else "")
        ctx.report("meta.exclusions.split_needed",
                   f"one dynamic-creative ad set cannot keep {shown} apart: a split needs {needed} ad sets",
                   field="exclusions", hint=f"export splits the pool into {needed} ad sets (each with its own "
                   "budget and learning); or remove the exclusions")
    return needed
