"""A catalog ad's export: every emitted field and enum checked against the facebook_business SDK,
the bundle's feed file, publish.sh run against the fake server, and what is refused."""
from __future__ import annotations

import json
import os
import subprocess
from dataclasses import replace
from datetime import datetime, timezone

import pytest
from facebook_business.adobjects.ad import Ad
from facebook_business.adobjects.adcreative import AdCreative
from facebook_business.adobjects.adcreativeobjectstoryspec import AdCreativeObjectStorySpec
from facebook_business.adobjects.adcreativetemplateurlspec import AdCreativeTemplateURLSpec
from facebook_business.adobjects.adpromotedobject import AdPromotedObject
from facebook_business.adobjects.adset import AdSet
from facebook_business.adobjects.business import Business
from facebook_business.adobjects.campaign import Campaign
from facebook_business.adobjects.productcatalog import ProductCatalog
from facebook_business.adobjects.productfeed import ProductFeed
from facebook_business.adobjects.productfeedschedule import ProductFeedSchedule
from facebook_business.adobjects.productset import ProductSet

from dcstudio.cli import main
from dcstudio.core.model.catalog_publish import CatalogPublish
from dcstudio.core.model.catalog_spec import CatalogSpec
from dcstudio.core.platforms.meta.export.bundle import write_bundle
from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from dcstudio.core.platforms.meta.publish.plan_reader import check_plan
from dcstudio.core.values.errors import BadInputError
from tests.core.catalog_ad_project import BUSINESS, catalog_ad_project
from tests.fake_graph.fixtures import fake_graph, token  # noqa: F401  (fixtures)

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)
CALL_FIELDS = {"campaign": Campaign, "adset": AdSet, "creative": AdCreative, "ad": Ad}


def _values(enum) -> set[str]:
    return {v for k, v in vars(enum).items() if not k.startswith("_")}


def _fields(cls) -> set[str]:
    return _values(cls.Field)


def _param_names(method) -> set[str]:
    """The param_types the SDK's create method checks: its parameters' names."""
    import inspect
    import re

    return set(re.findall(r"'(\w+)': '", inspect.getsource(method).split("param_types = {", 1)[1].split("}", 1)[0]))


@pytest.fixture
def project(tmp_path):
    return catalog_ad_project(tmp_path / "shirts")


def _by_id(plan):
    return {c["id"]: c for c in plan["calls"]}


def test_every_field_and_enum_the_plan_emits_is_the_sdks(project):
    plan = check_plan(build_plan(project, now=NOW))
    calls = _by_id(plan)
    assert set(calls["catalog"]["params"]) <= _param_names(Business.create_owned_product_catalog)
    assert calls["catalog"]["params"]["vertical"] in _values(ProductCatalog.Vertical)
    assert set(calls["feed"]["params"]) <= _param_names(ProductCatalog.create_product_feed)
    assert set(calls["product-set-1"]["params"]) <= _param_names(ProductCatalog.create_product_set)
    assert set(calls["product-set-1"]["params"]) <= _fields(ProductSet) | {"filter"}
    assert calls["feed-upload"]["params"] == {} and "file" in _param_names(ProductFeed.create_upload)
    for call in plan["calls"]:
        if call["kind"] in CALL_FIELDS:
            assert set(call["params"]) <= _fields(CALL_FIELDS[call["kind"]]) | {"is_adset_budget_sharing_enabled"}, \
                call["id"]
    campaign = calls["campaign"]["params"]
    assert campaign["objective"] == "OUTCOME_SALES" and campaign["objective"] in _values(Campaign.Objective)
    assert set(campaign["promoted_object"]) <= _fields(AdPromotedObject)
    promoted = calls["adset-1"]["params"]["promoted_object"]
    assert set(promoted) <= _fields(AdPromotedObject)
    assert promoted["custom_event_type"] in _values(AdPromotedObject.CustomEventType)
    assert calls["adset-1"]["params"]["optimization_goal"] in _values(AdSet.OptimizationGoal)
    creative = calls["creative-1"]["params"]
    assert set(creative["object_story_spec"]) <= _fields(AdCreativeObjectStorySpec)
    data = creative["object_story_spec"]["template_data"]
    from facebook_business.adobjects.adcreativelinkdata import AdCreativeLinkData
    from facebook_business.adobjects.adcreativelinkdatacalltoaction import AdCreativeLinkDataCallToAction

    assert set(data) <= _fields(AdCreativeLinkData)  # template_data is an AdCreativeLinkData
    assert data["call_to_action"]["type"] in _values(AdCreativeLinkDataCallToAction.Type)
    assert "value" not in data["call_to_action"]
    assert set(creative["template_url_spec"]) <= _fields(AdCreativeTemplateURLSpec)


def test_a_scheduled_feed_takes_the_sdks_schedule_fields(project):
    project.set_catalog(CatalogSpec("https://shop.example/f.csv", project.catalog.sha256,
                                    product_sets=project.catalog.product_sets))
    feed = _by_id(build_plan(project, now=NOW))["feed"]["params"]
    assert set(feed["schedule"]) <= _fields(ProductFeedSchedule)
    assert feed["schedule"]["interval"] in _values(ProductFeedSchedule.Interval)


def test_url_tags_with_product_tags_go_on_the_creative(project):
    project.set_catalog_publish(replace(project.catalog_publish,
                                        url_tags="utm_source=meta&utm_content={{product.retailer_id}}&ad={{ad.id}}"))
    creative = _by_id(build_plan(project, now=NOW))["creative-1"]["params"]
    assert creative["url_tags"] == "utm_source=meta&utm_content={{product.retailer_id}}&ad={{ad.id}}"
    with pytest.raises(ValueError, match="unknown tag 'product.sku'"):
        CatalogPublish(url_tags="id={{product.sku}}")


def test_the_bundle_holds_the_feed_file_and_no_asset_feed_spec(project, tmp_path):
    plan = write_bundle(project, tmp_path / "out", now=NOW, previews=True)
    out = tmp_path / "out"
    upload = _by_id(plan)["feed-upload"]
    assert (out / upload["file"]).read_bytes() == (project.folder / "feed.csv").read_bytes()
    assert not (out / "asset_feed_spec.json").exists()
    assert "dcstudio sheet" in (out / "README.md").read_text("utf-8")
    (project.folder / "feed.csv").write_text("id,title\nchanged,x\n")
    with pytest.raises(BadInputError, match="changed since the catalog was imported"):
        write_bundle(project, tmp_path / "again", now=NOW)


def test_publish_sh_sends_the_catalog_ad_to_the_fake_server(project, tmp_path, fake_graph, token):  # noqa: F811
    write_bundle(project, tmp_path / "b", now=NOW, previews=False)
    script = tmp_path / "b" / "publish.sh"
    subprocess.run(["bash", "-n", str(script)], check=True)
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "META_ACCESS_TOKEN": token,
           "AD_ACCOUNT_ID": "424242", "GRAPH_API_BASE": fake_graph.url}
    run = subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    c = fake_graph.state.catalogs
    assert (len(c.catalogs), len(c.feeds), c.upload_posts, len(c.sets)) == (1, 1, 1, 2)
    upload = next(iter(c.uploads.values()))
    assert upload["items"] == 5  # the file itself reached the feed
    assert {k: fake_graph.count(k) for k in ("campaign", "adset", "creative", "ad")} == \
        {"campaign": 1, "adset": 1, "creative": 1, "ad": 1}
    assert token not in script.read_text("utf-8")
    rerun = subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True, timeout=60)
    assert rerun.returncode == 0 and c.upload_posts == 1  # state kept: nothing sent twice


def test_no_catalog_id_nor_business_id_is_one_line_and_exit_2(tmp_path, capsys):
    project = catalog_ad_project(tmp_path / "p", business_id="")
    assert main(["export", str(project.folder), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dcstudio: error: ") and err.count("\n") == 1
    assert "--catalog-id" in err and "--business-id" in err
    assert not (tmp_path / "out").exists()


def test_catalog_id_and_business_id_flags_override_the_project(tmp_path, capsys):
    project = catalog_ad_project(tmp_path / "p", business_id="")
    assert main(["export", str(project.folder), "--out", str(tmp_path / "out"), "--no-previews",
                 "--catalog-id", "987654321"]) == 0
    plan = json.loads((tmp_path / "out" / "plan.json").read_text("utf-8"))
    assert plan["calls"][0]["path"] == "987654321/product_feeds"
    assert main(["export", str(project.folder), "--out", str(tmp_path / "out2"), "--no-previews",
                 "--business-id", BUSINESS]) == 0
    plan = json.loads((tmp_path / "out2" / "plan.json").read_text("utf-8"))
    assert plan["calls"][0]["path"] == f"{BUSINESS}/owned_product_catalogs"
    assert main(["export", str(project.folder), "--out", str(tmp_path / "out3"), "--catalog-id", "12ab"]) == 2
    assert "digits" in capsys.readouterr().err


@pytest.mark.parametrize("change, message", [
    ({"objective": "PRODUCT_CATALOG_SALES"}, "OUTCOME_SALES"),
    ({"page_id": ""}, "campaign.page_id"),
])
def test_what_cannot_be_sent_is_refused_naming_the_field(project, change, message):
    project.update_campaign(**change)
    with pytest.raises(BadInputError, match=message):
        build_plan(project, now=NOW)


def test_a_missing_set_or_link_is_refused(project):
    project.set_catalog_publish(replace(project.catalog_publish, product_set="Socks"))
    with pytest.raises(BadInputError, match="no product set 'Socks'"):
        build_plan(project, now=NOW)
    project.set_catalog_publish(replace(project.catalog_publish, product_set="", link=""))
    with pytest.raises(BadInputError, match="catalog_publish.link"):
        build_plan(project, now=NOW)
