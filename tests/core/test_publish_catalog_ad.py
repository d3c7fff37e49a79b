"""A catalog ad published against the fake Graph server: the order of the calls and what each
carries, a set refused with 10803 reused, a resume after an interruption anywhere."""
from __future__ import annotations

import json

import pytest

from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from dcstudio.core.platforms.meta.publish.journal import Journal
from dcstudio.core.platforms.meta.publish.publisher import Publisher
from tests.core.catalog_ad_project import BUSINESS, SHIRTS, catalog_ad_project
from tests.core.test_publish import ACCOUNT, make_client
from tests.fake_graph.fixtures import *  # noqa: F401,F403

CATALOG_ORDER = [("POST", f"{BUSINESS}/owned_product_catalogs"), ("POST", "C/product_feeds"), ("POST", "F/uploads"),
                 ("POST", "C/product_sets"), ("POST", "C/product_sets"), ("POST", "act_424242/campaigns"),
                 ("POST", "act_424242/adsets"), ("POST", "act_424242/adcreatives"), ("POST", "act_424242/ads")]


class SimulatedKill(BaseException):
    """Raised after the server answered and before the journal write: what kill -9 leaves."""


@pytest.fixture
def project(tmp_path):
    return catalog_ad_project(tmp_path / "shirts")


def _posts(fake, ids):
    out = []
    for r in fake.log:
        if r["method"] != "POST":
            continue
        path = r["path"]
        for name, value in ids.items():
            path = path.replace(f"{value}/", f"{name}/")
        out.append((r["method"], path))
    return out


def test_a_catalog_ad_is_published_in_order_with_its_payloads(fake_graph, token, project):
    plan = build_plan(project)
    result = Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=project).run()
    r = result.results
    state = fake_graph.state
    assert _posts(fake_graph, {"C": r["catalog"]["id"], "F": r["feed"]["id"]}) == CATALOG_ORDER
    catalog = state.catalogs.catalogs[r["catalog"]["id"]]
    assert catalog["business"] == BUSINESS and catalog["vertical"] == "commerce"
    upload = state.catalogs.uploads[r["feed-upload"]["id"]]
    assert upload["feed"] == r["feed"]["id"] and upload["items"] == 5
    assert r["feed-upload"]["feed_id"] == r["feed"]["id"]
    shirts = state.catalogs.sets[r["product-set-1"]["id"]]
    assert shirts["filter"] == SHIRTS and shirts["catalog"] == r["catalog"]["id"]
    assert shirts["name"].startswith("Shirts [dc-")  # tagged, so an interrupted run finds it
    campaign = state.objects["campaign"][r["campaign"]["id"]]
    assert campaign["objective"] == "OUTCOME_SALES"
    assert campaign["promoted_object"] == {"product_catalog_id": r["catalog"]["id"]}
    adset = state.objects["adset"][r["adset-1"]["id"]]
    assert adset["promoted_object"] == {"pixel_id": "1122334455667788", "product_set_id": r["product-set-1"]["id"],
                                        "custom_event_type": "PURCHASE"}
    assert "is_dynamic_creative" not in adset
    creative = state.objects["creative"][r["creative-1"]["id"]]
    assert creative["product_set_id"] == r["product-set-1"]["id"]
    data = creative["object_story_spec"]["template_data"]
    assert data["message"] == "{{product.name | titleize}} for {{product.current_price strip_zeros}}"
    assert data["call_to_action"] == {"type": "SHOP_NOW"} and data["multi_share_end_card"] is False
    assert creative["template_url_spec"]["web"]["url"].startswith("https://track.example/c?id={{product.retailer_id")
    ad = state.objects["ad"][r["ad-1"]["id"]]
    assert ad["creative"] == {"creative_id": r["creative-1"]["id"]} and ad["status"] == "PAUSED"
    assert Journal.load(result.journal_path).state == "done"


def test_an_existing_catalog_id_makes_no_catalog_and_a_scheduled_feed_has_its_url(fake_graph, token, tmp_path):
    project = catalog_ad_project(tmp_path / "p")
    catalog_id = fake_graph.state.catalogs.post(BUSINESS, "owned_product_catalogs", {"name": "Shop"}, {})["id"]
    from dataclasses import replace

    from dcstudio.core.model.catalog_spec import CatalogSpec

    project.set_catalog(CatalogSpec("https://shop.example/feed.csv", project.catalog.sha256,
                                    product_sets=project.catalog.product_sets))
    project.set_catalog_publish(replace(project.catalog_publish, catalog_id=catalog_id, schedule_interval="HOURLY",
                                        schedule_hour=3))
    plan = build_plan(project)
    assert [c["kind"] for c in plan["calls"][:2]] == ["product_feed", "product_set"]
    result = Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=project).run()
    feed = fake_graph.state.catalogs.feeds[result.results["feed"]["id"]]
    assert feed["catalog"] == catalog_id
    assert feed["schedule"] == {"interval": "HOURLY", "url": "https://shop.example/feed.csv", "hour": 3}
    assert fake_graph.state.catalogs.upload_posts == 0


def test_a_set_refused_with_10803_is_the_catalogs_set_with_that_filter(fake_graph, token, project):
    plan = build_plan(project)

    def made_elsewhere(call_id, kind, state):  # someone made a set with the same filter meanwhile
        if call_id == "feed-upload" and state.startswith("uploaded"):
            catalog = fake_graph.state.catalogs.catalogs
            fake_graph.state.catalogs.post(next(iter(catalog)), "product_sets",
                                           {"name": "Shirts (by hand)", "filter": json.dumps(SHIRTS)}, {})

    result = Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=project,
                       step=made_elsewhere).run()
    sets = fake_graph.state.catalogs.sets
    assert len(sets) == 2  # the one made by hand, reused, and "All"
    reused = sets[result.results["product-set-1"]["id"]]
    assert reused["name"] == "Shirts (by hand)"
    entry = Journal.load(result.journal_path).entry("product-set-1")
    assert entry["state"] == "done" and "10803" in entry["note"]
    adset = next(iter(fake_graph.state.objects["adset"].values()))
    assert adset["promoted_object"]["product_set_id"] == reused["id"]


VICTIMS = ["catalog", "feed", "feed-upload", "product-set-1", "campaign", "adset-1", "creative-1", "ad-1"]


@pytest.mark.parametrize("victim", VICTIMS)
def test_interrupted_after_any_answer_then_resumed_without_duplicates(fake_graph, token, project, victim):
    plan = build_plan(project)

    def kill(call_id):
        if call_id == victim:
            raise SimulatedKill(call_id)

    first = Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=project, after_answer=kill)
    with pytest.raises(SimulatedKill):
        first.run()
    assert Journal.load(first.journal.path).entry(victim)["state"] == "sent"
    result = Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=project).run()
    assert result.resumed
    c = fake_graph.state.catalogs
    assert (len(c.catalogs), len(c.feeds), len(c.sets)) == (1, 1, 2)
    assert {k: fake_graph.count(k) for k in ("campaign", "adset", "creative", "ad")} == \
        {"campaign": 1, "adset": 1, "creative": 1, "ad": 1}
    # an upload has no name to look for: it is sent again, which changes nothing in the catalog
    assert c.upload_posts == (2 if victim == "feed-upload" else 1)
    if victim != "feed-upload":
        assert result.found_after_interruption == [victim]


def test_validate_only_makes_nothing_and_says_what_it_skipped(fake_graph, token, project):
    plan = build_plan(project)
    result = Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=project,
                       mode="validate_only").run()
    assert result.validated["catalog"].startswith("skipped: catalog objects")
    assert result.validated["feed-upload"].startswith("skipped: a feed upload")
    assert "catalog.id" in result.validated["campaign"]  # needs the catalog a validation does not make
    c = fake_graph.state.catalogs
    assert (len(c.catalogs), len(c.feeds), c.upload_posts, len(c.sets)) == (0, 0, 0, 0)
    assert fake_graph.count("campaign") == 0
