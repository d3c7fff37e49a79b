"""A project with placement and language rules, labels, a lead form and video thumbnails survives
export -> plan.json -> import-spec: with its project file, as a lone plan (the calls and the
plan's dcstudio block), and as the plan's creative imported on its own."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from dcstudio.core.model.assets import CtaAsset, TextAsset, VideoAsset
from dcstudio.core.model.customization import Customization
from dcstudio.core.model.project_folder import load_project
from dcstudio.core.platforms.meta.export.bundle import write_bundle
from dcstudio.core.platforms.meta.export.importer import import_spec

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)
RULES = [
    {"customization_spec": {"publisher_platforms": ["facebook", "instagram"], "facebook_positions": ["story"],
                            "instagram_positions": ["story", "reels"], "locales": [6]},
     "image_label": {"name": "vertical"}, "video_label": {"name": "vertical"}, "title_label": {"name": "en"},
     "is_default": True, "priority": 1},
    {"customization_spec": {"locales": [9]}, "title_label": {"name": "fr"}, "priority": 2},
    {"customization_spec": {}, "image_label": {"name": "square"}, "video_label": {"name": "square"},
     "title_label": {"name": "en"}, "priority": 3},
]
FORM = {"lead_gen_form_id": "733000000000001"}


@pytest.fixture
def placed(demo_project):
    p = demo_project
    images = [a.id for a in p.pools["images"]]
    p.update_asset(images[0], adlabels=("vertical",))
    for other in images[1:]:
        p.update_asset(other, adlabels=("square",))
    for t in list(p.pools["titles"]):
        p.remove_asset(t.id)
    p.add_asset("titles", TextAsset("", "Spring sale", adlabels=("en",)))
    p.add_asset("titles", TextAsset("", "Soldes de printemps", adlabels=("fr",)))
    for pool in ("bodies", "descriptions", "link_urls"):  # one unlabelled asset per kind, as Meta asks
        for extra in list(p.pools[pool])[1:]:
            p.remove_asset(extra.id)
    for c in list(p.pools["call_to_actions"]):
        p.remove_asset(c.id)
    p.add_asset("call_to_actions", CtaAsset("", "SIGN_UP", value=FORM))
    p.add_asset("videos", VideoAsset("", video_id="1203456789012348", adlabels=("vertical",),
                                     thumbnail_url="https://cdn.example.com/thumb.jpg"))
    p.add_asset("videos", VideoAsset("", video_id="1203456789012349", adlabels=("square",),
                                     thumbnail_hash="0c1d2e3f405162738495a6b7c8d9eaf1"))
    p.set_customization(Customization(rules=RULES, optimization_type="PLACEMENT", autotranslate=("fr_XX",),
                                      more_ad_formats=("SINGLE_VIDEO",)))
    p.exclusions.clear()
    return p


def _facts(project) -> dict:
    """What the round trip must keep, by value (ids may be given anew)."""
    return {
        "rules": project.customization.rules,
        "optimization_type": project.customization.optimization_type,
        "autotranslate": project.customization.autotranslate,
        "locales": sorted(loc for r in project.customization.rules
                          for loc in r["customization_spec"].get("locales", [])),
        "images": sorted(a.adlabels for a in project.pools["images"]),
        "titles": sorted((a.text, a.adlabels) for a in project.pools["titles"]),
        "ctas": [(c.type, c.value) for c in project.pools["call_to_actions"]],
        "videos": sorted((v.video_id, v.adlabels, v.thumbnail_url, v.thumbnail_hash)
                         for v in project.pools["videos"]),
    }


def _exported(project, tmp_path):
    write_bundle(project, tmp_path / "bundle", now=NOW, previews=False)
    return tmp_path / "bundle"


def test_with_its_project_file(placed, tmp_path):
    bundle = _exported(placed, tmp_path)
    again = import_spec(bundle / "plan.json", tmp_path / "again")
    assert _facts(again) == _facts(placed)
    assert _facts(load_project(tmp_path / "again")) == _facts(placed)


def test_as_a_lone_plan(placed, tmp_path):
    bundle = _exported(placed, tmp_path)
    (bundle / "dcstudio-project.json").unlink()
    again = import_spec(bundle / "plan.json", tmp_path / "again")
    facts = _facts(again)
    assert facts == _facts(placed)
    assert facts["ctas"] == [("SIGN_UP", FORM)]
    assert ("1203456789012348", ("vertical",), "https://cdn.example.com/thumb.jpg", "") in facts["videos"]
    assert facts["locales"] == [6, 9]


def test_as_the_plans_creative(placed, tmp_path):
    bundle = _exported(placed, tmp_path)
    plan = json.loads((bundle / "plan.json").read_text("utf-8"))
    creative = next(c for c in plan["calls"] if c["kind"] == "creative")["params"]
    feed = creative["asset_feed_spec"]
    assert feed["asset_customization_rules"] == RULES
    assert feed["call_to_actions"] == [{"type": "SIGN_UP", "value": FORM}]
    assert {v.get("thumbnail_url") or v.get("thumbnail_hash") for v in feed["videos"]} == {
        "https://cdn.example.com/thumb.jpg", "0c1d2e3f405162738495a6b7c8d9eaf1"}
    # Published, the upload calls' answers stand in for the references: the creative as Meta keeps it.
    hashes = {c["id"]: c["sha256"][:32] for c in plan["calls"] if c["kind"] == "image"}
    for image in feed["images"]:
        image["hash"] = hashes[image["hash"][1:-len(".hash}")]]
    path = bundle / "creative.json"
    path.write_text(json.dumps(creative), "utf-8")
    again = import_spec(path, tmp_path / "again")
    assert _facts(again) == _facts(placed)
