"""Campaign, ad set and creative settings that are not assets."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

PROFILES = ("meta-dynamic-creative", "google-responsive-display", "tiktok-aco")
DEFAULT_PROFILE = "meta-dynamic-creative"
BUDGET_KINDS = ("daily", "lifetime")
STATUSES = ("PAUSED", "ACTIVE")


@dataclass(frozen=True)
class Budget:
    kind: str = "daily"  # daily or lifetime
    amount: Decimal = Decimal("50.00")  # in the currency's major unit
    currency: str = "USD"

    def __post_init__(self):
        if self.kind not in BUDGET_KINDS:
            raise ValueError(f"budget kind must be daily or lifetime, not {self.kind!r}")
        if not isinstance(self.amount, Decimal):
            object.__setattr__(self, "amount", parse_amount(self.amount))


def parse_amount(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"budget amount {value!r} is not a number") from None
    if not amount.is_finite() or amount <= 0:
        raise ValueError(f"budget amount must be a positive number, not {value!r}")
    return amount


@dataclass(frozen=True)
class CampaignSettings:
    objective: str = "OUTCOME_SALES"
    buying_type: str = "AUCTION"
    special_ad_categories: tuple[str, ...] = ()
    optimization_goal: str = "OFFSITE_CONVERSIONS"
    billing_event: str = "IMPRESSIONS"
    bid_strategy: str = "LOWEST_COST_WITHOUT_CAP"
    budget: Budget = field(default_factory=Budget)
    start_time: str | None = None  # ISO 8601 with offset
    end_time: str | None = None
    targeting: dict = field(default_factory=lambda: {"geo_locations": {"countries": ["US"]}})
    promoted_object: dict = field(default_factory=dict)
    page_id: str = ""
    instagram_user_id: str = ""
    # None means Advantage+ placements (automatic); else a Meta placement spec such as
    # {"publisher_platforms": ["facebook"], "facebook_positions": ["feed", "story"]}.
    placements: dict | None = None
    status: str = "PAUSED"

    def __hash__(self):  # dict fields make the generated hash fail; identity is enough here
        return id(self)


# Meta's currency offsets (Marketing API "Currency codes"): these take whole units; all others 100.
_OFFSET_ONE = frozenset({"CLP", "COP", "CRC", "HUF", "ISK", "IDR", "JPY", "KRW", "PYG", "TWD", "VND"})


def currency_offset(currency: str) -> int:
    return 1 if currency.upper() in _OFFSET_ONE else 100


def currency_decimals(currency: str) -> int:
    """How many decimals a budget in ``currency`` may have: 0 for JPY and the like, else 2."""
    return 0 if currency_offset(currency) == 1 else 2


def minor_units(amount: Decimal, currency: str) -> int:
    """A budget in the currency's minor units, as the API takes it (USD 40.00 -> 4000, JPY 5000 -> 5000).
    ValueError when the amount has more decimals than the currency takes."""
    value = Decimal(amount) * currency_offset(currency)
    if value != value.to_integral_value():
        places = "no decimals" if currency_decimals(currency) == 0 else "at most 2 decimals"
        raise ValueError(f"budget {amount} {currency}: {currency} takes {places}")
    return int(value)


def major_units(minor: int | str, currency: str) -> Decimal:
    """The inverse of ``minor_units``, for imports."""
    offset = currency_offset(currency)
    value = Decimal(str(minor)) / offset
    return value.quantize(Decimal(1) if offset == 1 else Decimal("0.01"))
