"""A plan.json's "dcstudio" block: the currency and the labels the calls cannot carry, read back
by import-spec when the plan comes without its project file; never part of what is sent."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timezone
from decimal import Decimal

import pytest

from dcstudio.core.model.assets import LinkAsset
from dcstudio.core.model.campaign import Budget
from dcstudio.core.model.project_folder import load_project
from dcstudio.core.platforms.meta.export.bundle import write_bundle
from dcstudio.core.platforms.meta.export.importer import CurrencyNeeded, import_spec
from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from dcstudio.core.platforms.meta.export.publish_script import publish_script
from dcstudio.core.platforms.meta.publish.plan_reader import check_plan, fingerprint
from dcstudio.core.values.errors import BadInputError

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)


def _lone_plan(project, tmp_path, edit=None):
    """An exported plan.json without the project file beside it (optionally edited)."""
    write_bundle(project, tmp_path / "bundle", now=NOW, previews=False)
    (tmp_path / "bundle" / "dcstudio-project.json").unlink()
    path = tmp_path / "bundle" / "plan.json"
    if edit is not None:
        plan = json.loads(path.read_text("utf-8"))
        edit(plan)
        path.write_text(json.dumps(plan), "utf-8")
    return path


def _jpy(project):
    project.update_campaign(budget=Budget("daily", Decimal("5000"), "JPY"))
    return project


def test_a_plan_records_its_currency_beside_the_calls(demo_project):
    plan = build_plan(_jpy(demo_project), now=NOW)
    assert plan["dcstudio"]["currency"] == "JPY"
    assert plan["calls"][1]["params"]["daily_budget"] == 5000
    assert all("dcstudio" not in c and "currency" not in c["params"] for c in plan["calls"])


def test_the_block_is_never_sent(demo_project):
    plan = build_plan(_jpy(demo_project), now=NOW)
    bare = {k: v for k, v in plan.items() if k != "dcstudio"}
    check_plan(plan)
    assert fingerprint(plan, "act_1") == fingerprint(bare, "act_1")
    assert publish_script(plan) == publish_script(bare)


def test_a_lone_jpy_plan_keeps_its_budget(demo_project, tmp_path):
    path = _lone_plan(_jpy(demo_project), tmp_path)
    import_spec(path, tmp_path / "p")
    budget = load_project(tmp_path / "p").campaign.budget
    assert (budget.amount, budget.currency) == (Decimal("5000"), "JPY")  # not USD 50.00


def test_a_plan_without_a_currency_is_not_guessed(demo_project, tmp_path):
    path = _lone_plan(_jpy(demo_project), tmp_path, edit=lambda plan: plan.pop("dcstudio"))
    with pytest.raises(CurrencyNeeded, match="dcstudio.currency: the plan does not say.*--currency") as info:
        import_spec(path, tmp_path / "p")
    assert str(info.value).startswith(str(path))
    assert not (tmp_path / "p").exists()
    import_spec(path, tmp_path / "p", currency="jpy")
    budget = load_project(tmp_path / "p").campaign.budget
    assert (budget.amount, budget.currency) == (Decimal("5000"), "JPY")


def test_a_given_currency_must_agree_with_the_plan(demo_project, tmp_path):
    path = _lone_plan(_jpy(demo_project), tmp_path)
    with pytest.raises(BadInputError, match="budgets are in JPY, not in USD"):
        import_spec(path, tmp_path / "p", currency="USD")
    import_spec(path, tmp_path / "p", currency="JPY")
    assert load_project(tmp_path / "p").campaign.budget.currency == "JPY"


def test_a_given_currency_must_agree_with_the_bundle_project(demo_project, tmp_path):
    write_bundle(_jpy(demo_project), tmp_path / "bundle", now=NOW, previews=False)
    with pytest.raises(BadInputError, match="dcstudio.currency: the plan's budgets are in JPY"):
        import_spec(tmp_path / "bundle" / "plan.json", tmp_path / "p", currency="EUR")
    assert not (tmp_path / "p").exists()


@pytest.mark.parametrize("block, words", [
    ("JPY", "dcstudio: must be an object"),
    ({"currency": "JP"}, "dcstudio.currency: 'JP' is not a three-letter currency code"),
    ({"currency": 392}, "dcstudio.currency: 392 is not"),
    ({"currency": "JPY", "labels": []}, "dcstudio.labels: must be an object"),
    ({"currency": "JPY", "labels": {"titles": []}}, "dcstudio.labels.titles: is not one of"),
    ({"currency": "JPY", "labels": {"call_to_actions": {}}}, "labels.call_to_actions: must be a list"),
    ({"currency": "JPY", "labels": {"call_to_actions": [{"type": "SHOP_NOW", "label": 5}]}},
     "labels.call_to_actions\\[0\\].label: must be text"),
    ({"currency": "JPY", "labels": {"call_to_actions": [{"label": "x"}]}},
     "labels.call_to_actions\\[0\\]: needs type and label"),
])
def test_a_bad_block_is_named(demo_project, tmp_path, block, words):
    path = _lone_plan(demo_project, tmp_path, edit=lambda plan: plan.update(dcstudio=block))
    with pytest.raises(BadInputError, match=words) as info:
        import_spec(path, tmp_path / "p")
    assert str(info.value).startswith(str(path))


@pytest.mark.parametrize("value", [True, 2.5, 0, -100, "40.00", None])
def test_a_plan_budget_must_be_whole_minor_units(demo_project, tmp_path, value):
    def edit(plan):
        plan["calls"][1]["params"]["daily_budget"] = value
    path = _lone_plan(demo_project, tmp_path, edit=edit)
    with pytest.raises(BadInputError, match="calls\\[adset-1\\].params.daily_budget: must be a positive whole"):
        import_spec(path, tmp_path / "p")


def test_currency_is_for_plans_only(tmp_path):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps({"titles": [{"text": "Hi"}]}), "utf-8")
    with pytest.raises(BadInputError, match="--currency is for a plan.json"):
        import_spec(path, tmp_path / "p", currency="USD")
    with pytest.raises(BadInputError, match="--currency: 'dollars' is not a three-letter"):
        import_spec(path, tmp_path / "p", currency="dollars")


def _labels(project) -> dict[str, str]:
    return {a.id: a.label for items in project.pools.values() for a in items}


def _labelled(project):
    project.update_asset("cta1", label="Main offer")
    project.update_asset("cta2", label="Soft ask")
    project.update_asset("title1", label="Spring hook")
    project.update_asset("body2", label="Long copy")
    project.update_asset("desc1", label="Shipping")
    project.update_asset("link1", label="Spring page")
    return project


def test_labels_survive_export_and_import_with_the_project_file(demo_project, tmp_path):
    write_bundle(_labelled(demo_project), tmp_path / "bundle", now=NOW, previews=False)
    import_spec(tmp_path / "bundle" / "plan.json", tmp_path / "p")
    assert _labels(load_project(tmp_path / "p")) == _labels(demo_project)


def test_labels_survive_a_lone_plan(demo_project, tmp_path):
    # call_to_action_types holds bare enum values: the CTA labels travel in the dcstudio block.
    path = _lone_plan(_labelled(demo_project), tmp_path)
    plan = json.loads(path.read_text("utf-8"))
    assert plan["dcstudio"]["labels"] == {"call_to_actions": [{"type": "SHOP_NOW", "label": "Main offer"},
                                                              {"type": "LEARN_MORE", "label": "Soft ask"}]}
    import_spec(path, tmp_path / "p")
    rebuilt = load_project(tmp_path / "p")
    assert _labels(rebuilt) == _labels(demo_project)
    assert build_plan(rebuilt, now=NOW)["dcstudio"] == plan["dcstudio"]


def test_carousel_body_and_link_labels_survive_a_lone_plan(demo_project, tmp_path):
    # A carousel's feed may not label bodies and links ([DC]), so those travel in the block too.
    demo_project.set_project_settings(ad_format="CAROUSEL")
    path = _lone_plan(_labelled(demo_project), tmp_path)
    feed = json.loads(path.read_text("utf-8"))["calls"][-2]["params"]["asset_feed_spec"]
    assert not any("adlabels" in e for e in feed["bodies"] + feed["link_urls"])
    import_spec(path, tmp_path / "p")
    assert _labels(load_project(tmp_path / "p")) == _labels(demo_project)


def _url_tags(project) -> dict[str, str]:
    return {a.id: a.url_tags for items in project.pools.values() for a in items if hasattr(a, "url_tags")}


def _tagged(project):
    project.update_asset("title1", label="Spring hook", url_tags="utm_term2=t1")
    project.update_asset("img2", url_tags="utm_id=mug")
    return project


def test_templates_and_own_url_tags_survive_a_lone_plan(demo_project, tmp_path):
    # The calls hold each asset's tags merged with the template's part for it, and names filled
    # in: the block's templates let import take the template's part back out.
    demo_project.set_export_settings(replace(demo_project.export, naming_template="{project} {level} {n}"))
    path = _lone_plan(_tagged(demo_project), tmp_path)
    plan = json.loads(path.read_text("utf-8"))
    import_spec(path, tmp_path / "p")
    rebuilt = load_project(tmp_path / "p")
    assert rebuilt.export == demo_project.export
    assert _url_tags(rebuilt) == _url_tags(demo_project)
    assert build_plan(rebuilt, now=NOW) == plan


def test_per_link_url_tags_survive_a_lone_plan(demo_project, tmp_path):
    demo_project.add_asset("link_urls", LinkAsset("", "https://shop.example.com/autumn", label="Autumn"))
    demo_project.set_export_settings(replace(demo_project.export,
                                             url_tags_template="utm_source=meta&utm_content={link}"))
    path = _lone_plan(demo_project, tmp_path)
    plan = json.loads(path.read_text("utf-8"))
    import_spec(path, tmp_path / "p")
    assert build_plan(load_project(tmp_path / "p"), now=NOW)["calls"] == plan["calls"]


def test_tags_the_template_does_not_explain_are_kept_as_read(demo_project, tmp_path):
    # Unlabelled titles are tagged with their ids; title2 and title3 come back as title1 and
    # title2, so the template would tag them differently: the tags stay as the calls had them.
    demo_project.remove_asset("title1")
    path = _lone_plan(demo_project, tmp_path)
    plan = json.loads(path.read_text("utf-8"))
    import_spec(path, tmp_path / "p")
    rebuilt = load_project(tmp_path / "p")
    assert rebuilt.asset("title1").url_tags == "utm_term=title2"
    assert build_plan(rebuilt, now=NOW)["calls"] == plan["calls"]


@pytest.mark.parametrize("block, words", [
    ({"currency": "USD", "naming_template": "{nope}"}, "dcstudio.naming_template: the naming template uses {nope}"),
    ({"currency": "USD", "naming_template": " "}, "dcstudio.naming_template: the naming template is empty"),
    ({"currency": "USD", "url_tags_template": "a={b"}, "dcstudio.url_tags_template: .*unmatched brace"),
    ({"currency": "USD", "url_tags_template": ["x"]}, "dcstudio.url_tags_template: must be text"),
])
def test_a_bad_template_in_the_block_is_named(demo_project, tmp_path, block, words):
    path = _lone_plan(demo_project, tmp_path, edit=lambda plan: plan.update(dcstudio=block))
    with pytest.raises(BadInputError, match=words):
        import_spec(path, tmp_path / "p")
