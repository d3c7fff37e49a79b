"""The insights' statistics and labels on known cases (docs/insights.md)."""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from dcstudio.core.insights import stats
from dcstudio.core.insights.judge import BEST, GOOD, LEARNING, LOW, judge
from dcstudio.core.insights.store import AssetDay, AssetLink, InsightsStore


def _days(n: int, start: date = date(2026, 3, 1)) -> list[str]:
    return [(start + timedelta(days=i)).isoformat() for i in range(n)]


def _store(tmp_path, assets: dict[str, tuple[int, int]], days: int = 14, kind: str = "title") -> InsightsStore:
    """Each asset's (impressions, clicks) spread evenly over ``days`` days of one ad."""
    store = InsightsStore.open(tmp_path / "insights.sqlite")
    rows, links = [], []
    for key, (impressions, clicks) in assets.items():
        for i, day in enumerate(_days(days)):
            share_i = impressions // days + (impressions % days if i == 0 else 0)
            share_c = clicks // days + (clicks % days if i == 0 else 0)
            rows.append(AssetDay("9001", kind, key, day, share_i, share_c, share_i * 0.004))
        links.append(AssetLink("9001", kind, key, key, "current", True, key))
    store.link_assets(links)
    store.replace_range("9001", kind, "2026-01-01", "2026-12-31", rows, source="test")
    return store


def test_two_percent_against_one_percent_over_100000_impressions_is_best_and_low(tmp_path):
    judgement = judge(_store(tmp_path, {"title1": (100_000, 2_000), "title2": (100_000, 1_000)}))
    labels = {a.project_id: a.label for a in judgement.assets}
    assert labels == {"title1": BEST, "title2": LOW}
    best = next(a for a in judgement.assets if a.project_id == "title1")
    assert best.ctr.low < 0.02 < best.ctr.high and best.p_best > 0.99
    assert judgement.badges() == labels


def test_an_asset_with_300_impressions_is_learning(tmp_path):
    judgement = judge(_store(tmp_path, {"title1": (100_000, 2_000), "title2": (100_000, 1_000),
                                        "title3": (300, 12)}))
    small = next(a for a in judgement.assets if a.project_id == "title3")
    assert small.label == LEARNING and "300 of 1,000 impressions" in small.reason
    assert small.p_best is None and not small.likely_worse


def test_no_winner_before_the_ad_has_run_seven_days(tmp_path):
    judgement = judge(_store(tmp_path, {"title1": (100_000, 2_000), "title2": (100_000, 1_000)}, days=5))
    assert {a.label for a in judgement.assets} == {LEARNING}
    assert any("run 7 days" in note for note in judgement.notes)


def test_a_lead_that_appeared_only_in_the_last_days_is_not_best(tmp_path):
    store = InsightsStore.open(tmp_path / "insights.sqlite")
    rows = []
    for i, day in enumerate(_days(14)):
        late = i >= 11  # title1 equals title2 until its last three days, then jumps
        rows += [AssetDay("9001", "title", "t1", day, 10_000, 400 if late else 100, 1.0),
                 AssetDay("9001", "title", "t2", day, 10_000, 100, 1.0)]
    store.link_assets([AssetLink("9001", "title", k, k, "current", True, k) for k in ("t1", "t2")])
    store.replace_range("9001", "title", "2026-01-01", "2026-12-31", rows, source="test")
    lead = next(a for a in judge(store).assets if a.project_id == "t1")
    assert lead.p_best > 0.95 and lead.label == GOOD and "not a winner from one look" in lead.reason


def test_twenty_assets_of_equal_ctr_are_not_flagged_in_95_percent_of_seeded_runs():
    runs, flagged = 200, 0
    for seed in range(runs):
        rng = np.random.default_rng(seed)
        counts = [(int(rng.binomial(20_000, 0.015)), 20_000) for _ in range(20)]
        flagged += any(stats.likely_worse(counts))
    assert flagged / runs <= 0.05


def test_benjamini_hochberg_against_the_step_up_rule():
    # the classic example: with m = 5 and q = 0.05 the cut-offs are 0.01, 0.02, 0.03, 0.04, 0.05
    assert stats.benjamini_hochberg([0.001, 0.015, 0.029, 0.2, 0.9]) == [True, True, True, False, False]
    assert stats.benjamini_hochberg([0.02, 0.04, 0.2]) == [False, False, False]  # 0.0167, 0.033, 0.05


def test_posteriors_and_prob_best_are_seeded():
    counts = [(30, 1000), (45, 1000)]
    assert stats.prob_best(counts, seed=3) == stats.prob_best(counts, seed=3)
    rate = stats.posteriors([(0, 0)])[0]
    assert rate.mean == 0.5 and 0.04 < rate.low < 0.06 and 0.94 < rate.high < 0.96  # Beta(1, 1)


def test_a_budget_under_20_a_day_warns_that_learning_will_be_slow(tmp_path, demo_project):
    from dataclasses import replace
    from decimal import Decimal

    demo_project.campaign = replace(demo_project.campaign,
                                    budget=replace(demo_project.campaign.budget, kind="daily", amount=Decimal("12")))
    judgement = judge(_store(tmp_path, {"title1": (5_000, 100)}), demo_project)
    assert any("learning will be slow" in note for note in judgement.notes)
    assert any("not a randomized test" in note for note in judgement.notes)
