"""The spaces a project's ads are really combined in: one per placement and language when its
customization rules give each its own assets (rule_selection.py), else the one space of all assets.

Meta applies one rule to each impression, so an impression's ad is a combination of that rule's
assets only: a Story-only image never meets a Feed-only title. What counts combinations the way
the platform makes them (the ad-set split, the linter's exclusion rules) reads these spaces, not
the product of every asset. The preview placements stand for the placements they match; a rule
none of them selects (the fallback of the placements no other rule names: right column,
Audience Network ...; an Audience Network rule) gives its own space. A placement no rule names
counts every asset (as rule_selection shows it): more combinations, never fewer.
"""
from __future__ import annotations

from dataclasses import dataclass

from dcstudio.core.model.combinations import CombinationSpace
from dcstudio.core.model.rule_selection import pools_for, pools_of_rule, rule_for
from dcstudio.core.values.placements import placement, placement_ids


@dataclass(frozen=True)
class PlacedSpace:
    where: str  # "Story 9:16", "Story 9:16, locale 9", "the placements rule 3 serves"; "" without rules
    space: CombinationSpace


def rule_locales(project) -> list[int | None]:
    """None (the default language) and every locale a rule names."""
    named = {locale for rule in project.customization.rules
             for locale in rule.get("customization_spec", {}).get("locales", ())}
    return [None, *sorted(named)]


def placement_spaces(project, *, honour_exclusions: bool = True) -> list[PlacedSpace]:
    """Each distinct set of assets the rules make one placement (and language) combine, once,
    named by the first placement that shows it; [every asset] without rules. The list is the
    same whether exclusions are honoured or not, entry for entry."""
    rules = project.customization.rules
    if not rules:
        return [PlacedSpace("", CombinationSpace.from_project(project, honour_exclusions=honour_exclusions))]
    out: list[PlacedSpace] = []
    seen = set()
    selected = set()

    def add(where: str, pools: dict, **which) -> None:
        shape = tuple(tuple(a.id for a in pools[pool]) for pool in sorted(pools))
        if shape not in seen:
            seen.add(shape)
            out.append(PlacedSpace(where, CombinationSpace.from_project(project, honour_exclusions=honour_exclusions,
                                                                        **which)))

    for pid in placement_ids():
        for locale in rule_locales(project):
            rule = rule_for(rules, pid, locale)
            selected.update(i for i, r in enumerate(rules) if r is rule)
            where = placement(pid).title + (f", locale {locale}" if locale is not None else "")
            add(where, pools_for(project, pid, locale), placement=pid, locale=locale)
    for i, rule in enumerate(rules):
        if i not in selected:
            add(f"the placements rule {i + 1} serves", pools_of_rule(project, rule), rule=rule)
    return out
