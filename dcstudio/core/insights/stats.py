"""The statistics behind the asset labels (the rules are in docs/insights.md).

A rate (clicks per impression, conversions per click) is a Beta-Binomial posterior with a
uniform prior: Beta(1 + successes, 1 + trials - successes). Its 90% credible interval and each
asset's probability of being the best of its kind come from seeded Monte Carlo draws (numpy;
a Beta with both parameters over 100 is taken as its normal approximation), so the same data
always gives the same figures. "Likely worse" is a two-proportion test of
each asset against the rest of its kind (two-sided, flagged on the lower side), corrected with
Benjamini-Hochberg over the assets of that kind: with many assets, some look worse by chance,
and the correction keeps the false flags rare.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

DRAWS = 10_000  # P(best) to within about half a percent
LEVEL = 0.90  # the credible interval's mass
FDR = 0.05  # Benjamini-Hochberg's false discovery rate for "likely worse"


@dataclass(frozen=True)
class Rate:
    """A rate's posterior: the counts it came from, its mean and its credible interval."""

    successes: int
    trials: int
    mean: float
    low: float
    high: float

    @property
    def observed(self) -> float:
        return self.successes / self.trials if self.trials else 0.0


def _ab(successes: int, trials: int) -> tuple[float, float]:
    successes, trials = max(0, int(successes)), max(0, int(trials))
    successes = min(successes, trials)  # a row with more clicks than impressions is capped, not fatal
    return 1.0 + successes, 1.0 + trials - successes


NORMAL_FROM = 100  # a Beta(a, b) with a and b both this large is taken as its normal approximation
Z_90 = 1.6448536269514722  # the standard normal's 95th percentile


def _ab_arrays(counts) -> tuple[np.ndarray, np.ndarray]:
    ab = np.array([_ab(s, n) for s, n in counts], dtype=float).reshape(-1, 2)
    return ab[:, 0], ab[:, 1]


def _draws(counts: Sequence[tuple[int, int]], draws: int, seed: int) -> np.ndarray:
    """Posterior draws, one row per asset. A Beta with both parameters over ``NORMAL_FROM`` is
    as good as normal there (its skew is a few hundredths of its spread at most) and is drawn
    so, several times faster; the others are drawn as Beta."""
    rng = np.random.default_rng(seed)
    a, b = _ab_arrays(counts)
    out = np.empty((len(counts), draws))
    small = np.minimum(a, b) < NORMAL_FROM
    big = ~small
    if big.any():
        mean = (a / (a + b))[big, None]
        sd = np.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))[big, None]
        out[big] = mean + sd * rng.standard_normal(size=(int(big.sum()), draws))
    if small.any():
        out[small] = rng.beta(a[small, None], b[small, None], size=(int(small.sum()), draws))
    return out


def posteriors(counts: Sequence[tuple[int, int]], *, level: float = LEVEL, draws: int = DRAWS,
               seed: int = 0) -> list[Rate]:
    """(successes, trials) per asset -> each one's posterior mean and ``level`` interval: the
    normal approximation's where it holds (``NORMAL_FROM``), else the seeded draws' quantiles."""
    if not counts:
        return []
    a, b = _ab_arrays(counts)
    mean = a / (a + b)
    sd = np.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    z = Z_90 if level == LEVEL else math.sqrt(2) * _erfinv(level)
    lows, highs = mean - z * sd, mean + z * sd
    small = [i for i in range(len(counts)) if min(a[i], b[i]) < NORMAL_FROM]
    if small:
        samples = _draws([counts[i] for i in small], draws, seed)
        tail = (1.0 - level) / 2
        q_low, q_high = np.quantile(samples, [tail, 1.0 - tail], axis=1)
        lows[small], highs[small] = q_low, q_high
    return [Rate(min(int(s), int(n)), int(n), float(m), float(max(0.0, lo)), float(min(1.0, hi)))
            for (s, n), m, lo, hi in zip(counts, mean, lows, highs, strict=True)]


def _erfinv(y: float) -> float:
    """Inverse error function by bisection (only for a level other than 90%)."""
    lo, hi = 0.0, 6.0
    for _ in range(80):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if math.erf(mid) < y else (lo, mid)
    return (lo + hi) / 2


def prob_best(counts: Sequence[tuple[int, int]], *, draws: int = DRAWS, seed: int = 0) -> list[float]:
    """Each asset's posterior probability of having the highest rate of those given."""
    if not counts:
        return []
    if len(counts) == 1:
        return [1.0]
    samples = _draws(counts, draws, seed)
    wins = np.bincount(np.argmax(samples, axis=0), minlength=len(counts))
    return [float(w) / draws for w in wins]


def _normal_cdf(z: float) -> float:
    return 0.5 * math.erfc(-z / math.sqrt(2.0))


def worse_p_values(counts: Sequence[tuple[int, int]]) -> list[float]:
    """One-sided p-value per asset for "its rate is lower than the rest of its kind's" (a
    two-proportion z-test against the others pooled). 1.0 where it cannot be told."""
    total_s = sum(min(s, n) for s, n in counts)
    total_n = sum(n for _, n in counts)
    out = []
    for s, n in counts:
        s = min(s, n)
        rest_s, rest_n = total_s - s, total_n - n
        pooled = total_s / total_n if total_n else 0.0
        if n <= 0 or rest_n <= 0 or pooled in (0.0, 1.0):
            out.append(1.0)
            continue
        se = math.sqrt(pooled * (1 - pooled) * (1 / n + 1 / rest_n))
        out.append(_normal_cdf((s / n - rest_s / rest_n) / se))
    return out


def benjamini_hochberg(p_values: Sequence[float], fdr: float = FDR) -> list[bool]:
    """Which hypotheses are rejected at false discovery rate ``fdr`` (step-up procedure)."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    cutoff = -1
    for rank, i in enumerate(order, 1):
        if p_values[i] <= fdr * rank / m:
            cutoff = rank
    rejected = [False] * m
    for rank, i in enumerate(order, 1):
        if rank <= cutoff:
            rejected[i] = True
    return rejected


def likely_worse(counts: Sequence[tuple[int, int]], fdr: float = FDR) -> list[bool]:
    """The "likely worse" flag of each asset of one kind, after the correction. The test is
    two-sided (an asset may differ either way) and a rejected asset is flagged when it is the
    lower one: a direction read off a two-sided test, so equal assets are flagged by chance in
    well under ``fdr`` of the looks."""
    if len(counts) < 2:
        return [False] * len(counts)
    one_sided = worse_p_values(counts)
    rejected = benjamini_hochberg([min(1.0, 2 * min(p, 1 - p)) for p in one_sided], fdr)
    return [r and p < 0.5 for r, p in zip(rejected, one_sided, strict=True)]
