"""Google's click and campaign tracking parameters, which Meta asks to strip from a product's
`link` (Meta's Advantage+ catalog ads FAQ, as quoted in the reference), and the stripper."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

GOOGLE_TRACKING = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "utm_id",
                   "utm_source_platform", "utm_creative_format", "utm_marketing_tactic", "gclid", "gclsrc",
                   "dclid", "gbraid", "wbraid", "srsltid", "_ga", "_gl")


def strip_tracking(url: str) -> str:
    """``url`` without Google's tracking parameters (the rest of the query in its order)."""
    parts = urlsplit(url)
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in GOOGLE_TRACKING]
    return urlunsplit(parts._replace(query=urlencode(kept)))
