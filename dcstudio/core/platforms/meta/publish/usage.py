"""The usage headers Meta sends with every answer: how close the app and the ad account are to
their rate limits, and how long to wait when blocked.

X-Business-Use-Case-Usage: {"<id>": [{"type", "call_count", "total_cputime", "total_time",
"estimated_time_to_regain_access" (minutes)}]}; X-App-Usage: {call_count, total_cputime,
total_time} (percent); X-Ad-Account-Usage: {acc_id_util_pct, reset_time_duration (seconds)};
x-fb-ads-insights-throttle (insights calls only): {app_id_util_pct, acc_id_util_pct} (percent).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field


def _load(value):
    if not value:
        return None
    try:
        return json.loads(value)
    except ValueError:
        return None


def _num(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


@dataclass(frozen=True)
class BucUsage:
    business_id: str
    type: str
    percent: float  # the highest of call_count, total_cputime, total_time
    regain_minutes: float


@dataclass(frozen=True)
class Usage:
    app_percent: float | None = None
    account_percent: float | None = None
    account_reset_seconds: float = 0.0
    buc: tuple[BucUsage, ...] = field(default_factory=tuple)
    insights_percent: float | None = None  # the higher of x-fb-ads-insights-throttle's two figures

    @classmethod
    def from_headers(cls, headers) -> Usage | None:
        app = _load(headers.get("X-App-Usage"))
        account = _load(headers.get("X-Ad-Account-Usage"))
        buc_raw = _load(headers.get("X-Business-Use-Case-Usage"))
        throttle = _load(headers.get("x-fb-ads-insights-throttle"))
        if app is None and account is None and buc_raw is None and throttle is None:
            return None
        buc = []
        if isinstance(buc_raw, dict):
            for business_id, entries in buc_raw.items():
                for entry in entries if isinstance(entries, list) else []:
                    if isinstance(entry, dict):
                        pct = max(_num(entry.get(k)) for k in ("call_count", "total_cputime", "total_time"))
                        buc.append(BucUsage(str(business_id), str(entry.get("type", "")), pct,
                                            _num(entry.get("estimated_time_to_regain_access"))))
        app_pct = None
        if isinstance(app, dict):
            app_pct = max(_num(app.get(k)) for k in ("call_count", "total_cputime", "total_time"))
        acc_pct = reset = None
        if isinstance(account, dict):
            acc_pct, reset = _num(account.get("acc_id_util_pct")), _num(account.get("reset_time_duration"))
        insights = None
        if isinstance(throttle, dict):
            insights = max(_num(throttle.get("app_id_util_pct")), _num(throttle.get("acc_id_util_pct")))
        return cls(app_pct, acc_pct, reset or 0.0, tuple(buc), insights)

    @property
    def peak_percent(self) -> float:
        values = [v for v in (self.app_percent, self.account_percent, self.insights_percent) if v is not None]
        values += [b.percent for b in self.buc]
        return max(values, default=0.0)

    @property
    def regain_seconds(self) -> float:
        """How long Meta says the caller is blocked (0 when not blocked)."""
        return max([b.regain_minutes * 60 for b in self.buc] + [0.0])

    def describe(self) -> str:
        parts = []
        if self.app_percent is not None:
            parts.append(f"app {self.app_percent:.0f}%")
        if self.account_percent is not None:
            parts.append(f"ad account {self.account_percent:.0f}%")
        if self.insights_percent is not None:
            parts.append(f"insights {self.insights_percent:.0f}%")
        for b in self.buc:
            text = f"{b.type or 'business use case'} {b.percent:.0f}%"
            if b.regain_minutes:
                text += f" (blocked for about {b.regain_minutes:g} min)"
            parts.append(text)
        return "rate-limit usage: " + (", ".join(parts) if parts else "none reported")
