"""What review decided: a rejected asset is left out of everything that ships (export, publish),
and an approval sheet can show only what is cleared.

Left out, not blocking: a marketer wants to ship the rest and see what was held back, so the
export and the checks name each rejected asset, and nothing else of it (file, hash, preview)
leaves the studio. Leaving it out here, before the plan is built, covers every sender of the plan.
"""
from __future__ import annotations

from collections.abc import Callable

from dcstudio.core.model.assets import Asset


def rejected_assets(project) -> list[tuple[str, Asset]]:
    """(pool, asset) of every rejected asset, in pool order."""
    return [(pool, asset) for pool, asset in project.assets() if asset.approval.state == "rejected"]


def _without(project, leave_out: Callable[[Asset], bool]):
    gone = [asset for _, asset in project.assets() if leave_out(asset)]
    if not gone:
        return project, []
    kept = project.snapshot()
    kept.numbered_as = project.numbered_as or project.snapshot()  # #200 stays #200 on what ships
    for asset in gone:
        # remove_asset also drops its pins, exclusions and customization labels, as a delete would.
        kept.remove_asset(asset.id)
    return kept, gone


def without_rejected(project):
    """(the project as it ships, the rejected assets left out). The project itself when none is
    rejected; else a detached copy, the original untouched."""
    return _without(project, lambda asset: asset.approval.state == "rejected")


def approved_only(project):
    """The project with only its approved assets: its combinations are those made only of them."""
    return _without(project, lambda asset: asset.approval.state != "approved")[0]


def describe_left_out(asset: Asset) -> str:
    """``img2 'sneaker.jpg' is rejected ("Logo too small") and is left out``."""
    shown = asset.display_name
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    name = f"{asset.id} {shown!r}" if shown and shown != asset.id else asset.id
    note = f' ("{asset.approval.note}")' if asset.approval.note else ""
    return f"{name} is rejected{note} and is left out"


def left_out_record(assets) -> list[dict]:
    """The export summary's list of what review held back (ids and notes, never files or hashes)."""
    return [{"id": a.id, "name": a.display_name, "note": a.approval.note} for a in assets]


def left_out_sentence(records) -> str:
    """The summary's line for ``left_out_record``s ("" when review held nothing back)."""
    if not records:
        return ""
    named = "; ".join(f"{r['id']} {r['name']!r}" + (f' ("{r["note"]}")' if r["note"] else "") for r in records)
    return f"{len(records)} rejected asset{'s' if len(records) != 1 else ''} left out: {named}"
