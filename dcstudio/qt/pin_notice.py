"""What a pin does, said as it is made: "Pinning img2 leaves 48 of 384 combinations"."""
from __future__ import annotations

from dcstudio.core.model.ad_space import space_of
from dcstudio.qt.commands import PinCommand

# Pools whose assets fill one dimension of a combination: a pin in one leaves out the others.
SHARED_DIMENSIONS = {"images": ("images", "videos"), "videos": ("images", "videos")}


def left_out_by_pins(project, pool: str) -> set[str]:
    """The ids of ``pool`` that no combination uses because another asset of their dimension is pinned."""
    pools = SHARED_DIMENSIONS.get(pool, (pool,))
    ids = [a.id for p in pools for a in project.pools.get(p, [])]
    if not any(i in project.pins for i in ids):
        return set()
    return {a.id for a in project.pools.get(pool, []) if a.id not in project.pins}


def _count(project, pins) -> int:
    snapshot = project.snapshot()
    snapshot.pins = set(pins)
    return len(space_of(snapshot))


def pin_notice(project, asset_id: str, pinned: bool) -> str:
    """The count change a pin (or an unpin) of ``asset_id`` makes, in words."""
    before = _count(project, project.pins)
    after = _count(project, project.pins | {asset_id} if pinned else project.pins - {asset_id})
    noun = "combination" if before == 1 else "combinations"
    if pinned:
        return f"Pinning {asset_id} leaves {after:,} of {before:,} {noun}"
    return f"Unpinning {asset_id} brings {after:,} combinations back from {before:,}"


def push_pin(document, asset_id: str, pinned: bool) -> str:
    """Pins (or unpins) ``asset_id`` as an undoable step; returns what it did, for the status bar."""
    notice = pin_notice(document.project, asset_id, pinned)
    document.push(PinCommand(document.project, asset_id, pinned))
    return notice
