"""Policy pre-check: wording Meta's ad review often flags, found BEFORE publishing.

This is a heuristic, plainly: a short word list and a few patterns. It cannot know the policy
and will miss things and flag innocent text; every finding is a warning that says so. Its use
is to make review feedback such as ``"reason": ["ALCOHOL"]`` arrive while the text is still
being written, not after the ad is rejected.
"""
from __future__ import annotations

import re
import unicodedata

from dcstudio.core.lint.context import POOL_NOUNS, LintContext

HEURISTIC = "(a heuristic word check, not Meta's review)"

_WORDS = {
    "policy.alcohol": r"beer|beers|wine|wines|vodka|whisk(?:e)?y|rum|gin|tequila|champagne|prosecco|cocktails?|"
                      r"liquor|booze|brewery|alcohol(?:ic)?|happy hour",
    "policy.gambling": r"casinos?|gambl\w*|betting|sportsbook|poker|slot machines?|jackpot|roulette|"
                       r"blackjack|lottery|wager\w*",
    "policy.weight_loss": r"lose \d+\s*(?:lbs?|pounds|kg|kilos)|weight[- ]loss|lose weight|burn fat|fat burn\w*|"
                          r"before (?:and|&|/) after|slim down|diet pills?|belly fat|drop \d+ sizes?",
    # Meta forbids asserting or implying a person's attributes ("Are you depressed?", "other
    # single Christians near you"): second person plus a sensitive attribute.
    "policy.personal_attributes": r"(?:are you|you are|you're|do you suffer from|struggling with)\s+(?:\w+\s+)?"
                                  r"(?:depressed|depression|anxious|anxiety|overweight|fat|obese|diabetic|"
                                  r"pregnant|gay|lesbian|single|divorced|bankrupt|in debt|broke|disabled|"
                                  r"christian|muslim|jewish|hindu|atheist|addicted|alcoholic|infertile)\b",
}
_PATTERNS = {rule: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for rule, words in _WORDS.items()}
_HINTS = {
    "policy.alcohol": "alcohol ads need age and country targeting that meets Meta's rules; check the policy",
    "policy.gambling": "gambling ads need Meta's written permission; check the policy",
    "policy.weight_loss": "avoid before/after and weight-loss claims; show the product, not bodies",
    "policy.personal_attributes": "talk about the product, not the reader's health, beliefs, finances or identity",
}
_REPEATED_PUNCTUATION = re.compile(r"[!?]{2,}|\.{4,}|[!?](?:\s*[!?]){2,}")
MAX_EMOJI = 3


def is_emoji(ch: str) -> bool:
    cp = ord(ch)
    return (0x1F000 <= cp <= 0x1FAFF or 0x2600 <= cp <= 0x27BF) and unicodedata.category(ch) == "So"


def _shouting(text: str) -> bool:
    """Three or more all-caps words in a row, or mostly capitals in a text of some length."""
    words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) >= 2]
    run = best = 0
    for word in words:
        run = run + 1 if word.isupper() else 0
        best = max(best, run)
    letters = [ch for ch in text if ch.isalpha()]
    mostly = len(letters) >= 12 and sum(ch.isupper() for ch in letters) / len(letters) > 0.6
    return best >= 3 or mostly


def check_policy(ctx: LintContext) -> None:
    for pool in ("titles", "bodies", "descriptions"):
        noun = POOL_NOUNS[pool]
        for asset in ctx.pool(pool):
            check_wording(ctx, f"{noun} {asset.id}", asset.text, asset_id=asset.id, field="text")


def check_wording(ctx: LintContext, where: str, text: str, *, asset_id: str | None = None,
                  field: str | None = None) -> None:
    """The policy findings of one ``text``, named by ``where`` ("title t1", "the headline (name)")."""
    text = ctx.checked(text)
    for rule_id, pattern in _PATTERNS.items():
        match = pattern.search(text)
        if match:
            ctx.report(rule_id, f"{where}: {match.group(0)!r} is wording Meta's review often "
                       f"flags {HEURISTIC}", asset_id=asset_id, field=field, hint=_HINTS[rule_id])
    if _shouting(text):
        ctx.report("policy.all_caps", f"{where} is written in capitals {HEURISTIC}",
                   asset_id=asset_id, field=field, hint="use normal capitalisation")
    emoji = sum(1 for ch in text if is_emoji(ch))
    punct = _REPEATED_PUNCTUATION.search(text)
    if punct or emoji > MAX_EMOJI:
        what = f"{punct.group(0)!r}" if punct else f"{emoji} emoji"
        ctx.report("policy.punctuation", f"{where} uses {what}: excessive punctuation or emoji "
                   f"{HEURISTIC}", asset_id=asset_id, field=field,
                   hint=f"one exclamation mark at most and no more than {MAX_EMOJI} emoji")


POLICY_CHECKS = (check_policy,)
