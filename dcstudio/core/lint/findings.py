"""The linter's values: a rule, a finding, the strength score and the report."""
from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("error", "warning", "info")
# error: the API would reject it; warning: it would run badly or breaks a best practice; info: advice.
_SEVERITY_ORDER = {name: n for n, name in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Rule:
    """One rule of the registry. ``source`` is the URL of the page that states it; ``ref`` is the
    tag the reference notes use ([DC], [OPT], [ERR] ...), and ``note`` what docs/rules.md adds."""

    id: str
    severity: str
    title: str
    source: str
    ref: str
    profiles: tuple[str, ...]
    note: str = ""

    def __post_init__(self):
        if self.severity not in SEVERITIES:
            raise ValueError(f"rule {self.id}: severity must be one of {SEVERITIES}, not {self.severity!r}")


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: str
    message: str  # names the asset or setting and what is wrong
    asset_id: str | None
    field: str | None  # e.g. "campaign.objective", "text", "crop"
    hint: str  # how to fix it
    source: str  # the page that states the rule

    def to_dict(self) -> dict:
        return {"rule_id": self.rule_id, "severity": self.severity, "message": self.message,
                "asset_id": self.asset_id, "field": self.field, "hint": self.hint, "source": self.source}

    def sort_key(self):
        return (_SEVERITY_ORDER[self.severity], self.rule_id, self.asset_id or "")


@dataclass(frozen=True)
class ScoreReason:
    text: str
    effect: int  # signed points: > 0 raises the score, < 0 lowers it, 0 explains a missed chance

    def to_dict(self) -> dict:
        return {"text": self.text, "effect": self.effect}


@dataclass(frozen=True)
class Score:
    value: int  # 0-100
    label: str  # Excellent, Good, Average, Poor
    reasons: tuple[ScoreReason, ...]

    def to_dict(self) -> dict:
        return {"value": self.value, "label": self.label, "reasons": [r.to_dict() for r in self.reasons]}


@dataclass(frozen=True)
class LintReport:
    profile: str
    findings: tuple[Finding, ...]
    score: Score
    # How many dynamic-creative ad sets the exclusions need (1 = one ad set is enough).
    adsets_needed: int = 1
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def infos(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "info"]

    def for_asset(self, asset_id: str) -> list[Finding]:
        return [f for f in self.findings if f.asset_id == asset_id]

    def rule_ids(self) -> set[str]:
        return {f.rule_id for f in self.findings}

    def to_dict(self) -> dict:
        return {"profile": self.profile, "findings": [f.to_dict() for f in self.findings],
                "score": self.score.to_dict(), "adsets_needed": self.adsets_needed}
