"""What one ad shows, resolved from its parts to the words and media people see.

The renderer draws an ``AdContent`` and nothing else: whatever builds ads (the combinations of
a project's pools, or later a catalog template over its rows) resolves an item to one.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AdContent:
    """What one ad shows, resolved from asset ids to the words people read."""

    page_name: str
    media: tuple  # ImageAsset / VideoAsset: one for single media, the cards for a carousel
    title: str | None
    body: str | None
    description: str | None
    cta: str | None
    display_url: str
    # A carousel whose cards are different products: each card's (headline, description). Empty:
    # every card shows ``title`` and ``description`` (a dynamic-creative carousel).
    card_texts: tuple[tuple[str | None, str | None], ...] = ()
