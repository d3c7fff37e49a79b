"""Campaign, ad set and creative settings that are not assets."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal, Inexact, InvalidOperation, Rounded, localcontext
from typing import Any

BUDGET_KINDS = ("daily", "lifetime")
STATUSES = ("PAUSED", "ACTIVE")


@dataclass(frozen=True)
class Budget:
    kind: str = "daily"  # daily or lifetime
    amount: Decimal = Decimal("50.00")  # in the currency's major unit
    currency: str = "USD"

    def __post_init__(self):
        # Zero, negative and NaN are never a budget, wherever it comes from. Over the ceiling
        # or with too many decimals the project still opens: the linter names the problem and
        # the export refuses it (``minor_units``).
        if self.kind not in BUDGET_KINDS:
            raise ValueError(f"budget kind must be daily or lifetime, not {self.kind!r}")
        object.__setattr__(self, "amount", parse_amount(self.amount))


class BudgetError(ValueError):
    """A budget amount that cannot be sent. ``kind``: "number" (not a positive number),
    "ceiling" (over Meta's maximum) or "decimals" (more than the currency takes)."""

    def __init__(self, kind: str, message: str):
        self.kind = kind
        super().__init__(message)


def parse_amount(value: Any) -> Decimal:
    """A positive, finite Decimal, exactly as written (``Decimal(str)`` never rounds)."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        raise BudgetError("number", f"budget amount {value!r} is not a number") from None
    if not amount.is_finite() or amount <= 0:
        raise BudgetError("number", f"budget amount must be a positive number (more than 0), not {str(value)!r}")
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
    # Meta's bid_amount: minor units of the budget currency, for the strategies that cap a bid or a cost.
    bid_amount: int | None = None
    # Where a special ad category applies (ISO country codes), as the campaign's special_ad_category_country.
    special_ad_category_country: tuple[str, ...] = ()

    def __hash__(self):  # dict fields make the generated hash fail; identity is enough here
        return id(self)


# Meta's currency offsets (Marketing API "Currency codes"): these take whole units; all others 100.
_OFFSET_ONE = frozenset({"CLP", "COP", "CRC", "HUF", "ISK", "IDR", "JPY", "KRW", "PYG", "TWD", "VND"})

# Units of each currency per US dollar, rounded, as of late 2025: ASSUMED, not live. Enough to
# judge "about $20 a day" or "about Meta's maximum"; every message that uses one names it.
ASSUMED_RATES: dict[str, Decimal] = {k: Decimal(v) for k, v in {
    "USD": "1", "EUR": "0.92", "GBP": "0.79", "CHF": "0.88", "CAD": "1.37", "AUD": "1.52",
    "NZD": "1.68", "JPY": "150", "CNY": "7.2", "HKD": "7.8", "TWD": "32", "KRW": "1380",
    "SGD": "1.34", "INR": "84", "IDR": "16000", "MYR": "4.5", "THB": "35", "PHP": "58",
    "VND": "25000", "SEK": "10.6", "NOK": "10.9", "DKK": "6.9", "PLN": "4.0", "CZK": "23",
    "HUF": "370", "RON": "4.6", "TRY": "34", "ILS": "3.7", "AED": "3.67", "SAR": "3.75",
    "ZAR": "18", "EGP": "49", "NGN": "1600", "KES": "129", "BRL": "5.6", "MXN": "19.5",
    "ARS": "1000", "CLP": "950", "COP": "4100", "PEN": "3.75",
}.items()}

# Meta refuses daily and lifetime budgets over 1 million US dollars (Graph API changelog,
# 8 March 2017, error 1885261 CAMPAIGN_BUDGET_TOO_HIGH), converted at its own rate.
META_MAX_BUDGET_USD = Decimal(1_000_000)
# Our rates are assumed and may have drifted: a refusal nobody can override must never refuse
# what Meta takes, so another currency's ceiling is twice Meta's maximum at the assumed rate.
RATE_MARGIN = Decimal(2)
# A currency without an assumed rate: $2 million at 50,000 units per dollar, weaker than any
# currency in the table.
UNKNOWN_CURRENCY_CEILING = Decimal(100_000_000_000)


def currency_offset(currency: str) -> int:
    return 1 if currency.upper() in _OFFSET_ONE else 100


def currency_decimals(currency: str) -> int:
    """How many decimals a budget in ``currency`` may have: 0 for JPY and the like, else 2."""
    return 0 if currency_offset(currency) == 1 else 2


def budget_ceiling(currency: str) -> Decimal:
    """The largest budget (daily or lifetime) accepted in ``currency``, in its major unit."""
    code = currency.upper()
    if code == "USD":
        return META_MAX_BUDGET_USD
    rate = ASSUMED_RATES.get(code)
    if rate is None:
        return UNKNOWN_CURRENCY_CEILING
    return (META_MAX_BUDGET_USD * rate * RATE_MARGIN).to_integral_value(rounding=ROUND_DOWN)


def _ceiling_words(currency: str) -> str:
    code = currency.upper()
    ceiling = f"{budget_ceiling(code):,f} {code}"
    if code == "USD":
        return f"Meta takes at most {ceiling}"
    rate = ASSUMED_RATES.get(code)
    how = (f"twice Meta's maximum of {META_MAX_BUDGET_USD:,f} USD at the assumed rate of {rate} {code} per USD"
           if rate is not None else f"{code} has no assumed rate; Meta takes at most {META_MAX_BUDGET_USD:,f} USD")
    return f"the ceiling is {ceiling} ({how})"


def check_amount(value: Any, currency: str) -> Decimal:
    """The budget amount as typed, checked: a number more than 0, at most ``budget_ceiling``,
    with no more decimals than the currency takes. Raises BudgetError saying which."""
    amount = parse_amount(value)
    if amount > budget_ceiling(currency):
        shown = f"{amount:,f}" if amount.adjusted() < 40 else f"{amount:.3E}"
        raise BudgetError("ceiling", f"budget {shown} {currency.upper()} is too high: {_ceiling_words(currency)}")
    decimals = currency_decimals(currency)
    # Below the ceiling the quantized value has at most 14 digits: exact in the default context.
    if amount != amount.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_DOWN):
        places = "no decimals" if decimals == 0 else f"at most {decimals} decimals"
        raise BudgetError("decimals", f"budget {amount} {currency}: {currency} takes {places}")
    return amount


def minor_units(amount: Decimal, currency: str) -> int:
    """A budget in the currency's minor units, as the API takes it (USD 40.00 -> 4000, JPY 5000 -> 5000).
    Exact, never rounded: BudgetError (a ValueError) for an amount ``check_amount`` refuses."""
    amount = check_amount(amount, currency)
    with localcontext() as ctx:
        # Enough digits for the product, and a trap should any digit be lost all the same.
        ctx.prec = len(amount.as_tuple().digits) + 4
        ctx.traps[Inexact] = ctx.traps[Rounded] = True
        value = amount * currency_offset(currency)
        if value != value.to_integral_value():
            raise BudgetError("decimals", f"budget {amount} {currency}: cannot be sent in whole minor units")
        return int(value)


def major_units(minor: int | str, currency: str) -> Decimal:
    """The inverse of ``minor_units``, for imports: exact for any number of digits."""
    offset = currency_offset(currency)
    digits = str(minor).strip()
    with localcontext() as ctx:
        ctx.prec = len(digits) + 4
        ctx.traps[Inexact] = ctx.traps[Rounded] = True
        value = Decimal(digits) / offset
        return value.quantize(Decimal(1) if offset == 1 else Decimal("0.01"))
