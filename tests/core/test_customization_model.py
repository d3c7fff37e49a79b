"""Asset labels, customization rules, call-to-action values and video thumbnails: in the model,
saved in the project file, and refused there when Meta would not take them."""
from __future__ import annotations

import json

import pytest

from dcstudio.core.model.assets import CtaAsset, TextAsset, VideoAsset
from dcstudio.core.model.customization import Customization, RuleError
from dcstudio.core.model.project_folder import load_project, save_project
from dcstudio.core.model.project_format import FORMAT_VERSION, MIGRATIONS, PROJECT_FILE, dumps
from dcstudio.core.values.errors import ProjectFileError
from dcstudio.core.values.events import ChangeKind

PLACEMENT_RULES = [
    {"customization_spec": {"publisher_platforms": ["facebook", "instagram"], "facebook_positions": ["story"],
                            "instagram_positions": ["story", "reels"]},
     "image_label": {"name": "vertical"}, "priority": 1},
    {"customization_spec": {}, "image_label": {"name": "square"}, "priority": 2},
]
LANGUAGE_RULES = [
    {"customization_spec": {"locales": [6, 24]}, "title_label": {"name": "en"}, "is_default": True, "priority": 1},
    {"customization_spec": {"locales": [9]}, "title_label": {"name": "fr"}, "priority": 2},
]


def test_labels_rules_values_and_thumbnails_survive_a_save(demo_project, demo_copy):
    p = demo_project
    p.update_asset("img1", adlabels=("vertical", "story"))
    p.add_asset("titles", TextAsset("", "Hello", adlabels=("en",)))
    p.add_asset("titles", TextAsset("", "Hello", adlabels=("fr",)))  # the same words, another language
    p.add_asset("call_to_actions", CtaAsset("", "SIGN_UP", value={"lead_gen_form_id": "123456"}))
    p.add_asset("videos", VideoAsset("", video_id="987", thumbnail_url="https://example.com/t.jpg"))
    p.add_asset("videos", VideoAsset("", video_id="988", thumbnail_hash="abcdef0123"))
    p.set_customization(Customization(rules=PLACEMENT_RULES + LANGUAGE_RULES, optimization_type="PLACEMENT",
                                      autotranslate=("fr_XX",), more_ad_formats=("CAROUSEL",),
                                      kept_feed={"shops_bundle": True}, kept_creative={"threads_user_id": "42"}))
    save_project(p)
    again = load_project(demo_copy)
    assert dumps(again) == dumps(p)
    assert again.asset("img1").adlabels == ("vertical", "story")
    assert [t.adlabels for t in again.pools["titles"] if t.text == "Hello"] == [("en",), ("fr",)]
    cta = again.pools["call_to_actions"][-1]
    assert cta.value == {"lead_gen_form_id": "123456"}
    assert [(v.thumbnail_url, v.thumbnail_hash) for v in again.pools["videos"][-2:]] == \
        [("https://example.com/t.jpg", ""), ("", "abcdef0123")]
    assert again.customization.rules == tuple(PLACEMENT_RULES + LANGUAGE_RULES)
    assert again.customization.optimization_type == "PLACEMENT"
    assert again.customization.kept_creative == {"threads_user_id": "42"}
    doc = json.loads((demo_copy / PROJECT_FILE).read_text("utf-8"))
    assert doc["format_version"] == FORMAT_VERSION >= 3  # the customization block came with format 3
    assert doc["customization"]["asset_customization_rules"][0]["image_label"] == {"name": "vertical"}


def test_a_project_without_customization_writes_no_such_block(demo_project):
    assert "customization" not in json.loads(dumps(demo_project))
    assert all("adlabels" not in a for pool in json.loads(dumps(demo_project))["assets"].values() for a in pool)


def test_set_customization_tells_listeners_and_returns_the_old_value(demo_project):
    heard = []
    demo_project.changed.connect(heard.append)
    old = demo_project.set_customization(Customization(rules=PLACEMENT_RULES))
    assert old == Customization() and heard[-1].kind == ChangeKind.SETTINGS_CHANGED
    assert heard[-1].detail == {"section": "customization"}
    assert demo_project.set_customization(old).rules == tuple(PLACEMENT_RULES)  # undo


def test_format_2_files_open_as_they_are(demo_copy):
    path = demo_copy / PROJECT_FILE
    doc = json.loads(path.read_text("utf-8"))
    doc["format_version"] = 2
    path.write_text(json.dumps(doc), "utf-8")
    assert MIGRATIONS[2](dict(doc)) == doc
    project = load_project(demo_copy)
    assert project.customization == Customization()


@pytest.mark.parametrize("rule, field", [
    ({"customization_spec": {"placement_groups": ["story"]}}, "customization_spec.placement_groups"),
    ({"image_label": "vertical"}, "image_label"),
    ({"image_label": {"name": ""}}, "image_label"),
    ({"customization_spec": {"locales": ["en_US"]}}, "customization_spec.locales"),
    ({"priority": True}, "priority"),
    ({"labels": []}, "labels"),
])
def test_rules_meta_would_not_take_are_refused_naming_the_field(rule, field):
    with pytest.raises(RuleError) as err:
        Customization(rules=[rule])
    assert err.value.field == f"asset_customization_rules[0].{field}"


@pytest.mark.parametrize("bad, field", [
    ({"asset_customization_rules": [{"image_label": "vertical"}]}, "customization.asset_customization_rules[0]"),
    ({"asset_customization_rules": [{"customization_spec": {"locales": [1.5]}}]},
     "customization.asset_customization_rules[0].customization_spec.locales[0]"),
    ({"optimization_type": "placement"}, "customization.optimization_type"),
    ({"rules": []}, "customization"),
])
def test_a_file_with_a_bad_customization_block_is_refused_naming_it(demo_copy, bad, field):
    path = demo_copy / PROJECT_FILE
    doc = json.loads(path.read_text("utf-8"))
    doc["customization"] = bad
    path.write_text(json.dumps(doc), "utf-8")
    with pytest.raises(ProjectFileError) as err:
        load_project(demo_copy)
    assert err.value.field.startswith(field)
