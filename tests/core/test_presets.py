"""Presets live in the user's config folder (a temporary one here), apply to a project's fields,
never reach a project file or an export, and a broken presets file is named and never lost."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest

from dcstudio.core.model.presets import CONFIG_DIR_ENV, Preset, PresetStore, apply_to_project, preset_from_project
from dcstudio.core.model.project_folder import load_project, save_project
from dcstudio.core.platforms.meta.export.bundle import write_bundle
from dcstudio.core.values.errors import BadInputError

AGENCY = Preset("Agency X / US", ad_account="act_987654321", page_id="104857600099999",
                instagram_user_id="17841400000000001", pixel_id="556677889900", custom_event_type="LEAD",
                url_tags_template="utm_source=meta&utm_content={image}", naming_template="AX {project} {date}",
                country="CA", budget_amount="75.50", budget_currency="CAD")


def test_a_preset_is_kept_in_the_config_folder_and_read_back(tmp_path):
    store = PresetStore(tmp_path / "config")
    store.save(AGENCY)
    store.save(Preset("Small", page_id="123"))
    assert PresetStore(tmp_path / "config").load() == {AGENCY.name: AGENCY, "Small": Preset("Small", page_id="123")}
    assert store.names() == ["Agency X / US", "Small"]
    assert store.path == tmp_path / "config" / "presets.json"
    assert store.delete("Small") == Preset("Small", page_id="123") and store.names() == ["Agency X / US"]


def test_the_config_folder_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(CONFIG_DIR_ENV, str(tmp_path / "elsewhere"))
    assert PresetStore().path == tmp_path / "elsewhere" / "presets.json"


def test_an_unknown_preset_lists_the_known_ones(tmp_path):
    store = PresetStore(tmp_path)
    with pytest.raises(BadInputError, match="no preset 'Nope'; known presets: none yet"):
        store.get("Nope")
    store.save(AGENCY)
    with pytest.raises(BadInputError, match=r"no preset 'Nope'; known presets: Agency X / US$"):
        store.get("Nope")


@pytest.mark.parametrize("content", [b"{not json", b'{"presets_version": 1}', b'{"presets_version": 9, "presets": {}}',
                                     b'{"presets_version": 1, "presets": {"A": {"page_id": "my-page abc"}}}',
                                     b'{"presets_version": 1, "presets": {"A": {"token": "x"}}}'])
def test_a_broken_presets_file_is_named_and_never_replaced(tmp_path, content):
    store = PresetStore(tmp_path)
    store.path.write_bytes(content)
    with pytest.raises(BadInputError, match=str(store.path)):
        store.load()
    with pytest.raises(BadInputError, match="left as it is"):
        store.save(AGENCY)
    assert store.path.read_bytes() == content


@pytest.mark.parametrize(("changes", "words"), [
    ({"ad_account": "123"}, "act_"), ({"page_id": "my-page abc"}, "not a number"), ({"country": "usa"}, "two-letter"),
    ({"budget_amount": "-5"}, "positive"), ({"naming_template": ""}, None), ({"name": " "}, "preset name"),
    ({"custom_event_type": "buy stuff"}, "event type")])
def test_a_preset_that_cannot_be_applied_is_refused_on_save(tmp_path, changes, words):
    from dataclasses import replace

    preset = replace(AGENCY, **changes)
    if words is None:  # an empty field means "leave the project's value": allowed
        assert PresetStore(tmp_path).save(preset) == preset
        return
    with pytest.raises(BadInputError, match=words):
        PresetStore(tmp_path).save(preset)
    assert not PresetStore(tmp_path).path.exists()


def test_applying_a_preset_sets_the_project_fields_and_leaves_the_rest(demo_project):
    before = demo_project.campaign
    apply_to_project(AGENCY, demo_project)
    c = demo_project.campaign
    assert (c.page_id, c.instagram_user_id) == ("104857600099999", "17841400000000001")
    assert c.promoted_object == {**before.promoted_object, "pixel_id": "556677889900", "custom_event_type": "LEAD"}
    assert c.targeting["geo_locations"] == {"countries": ["CA"]}
    assert (c.budget.amount, c.budget.currency, c.budget.kind) == (Decimal("75.50"), "CAD", before.budget.kind)
    assert c.objective == before.objective and c.start_time == before.start_time
    assert demo_project.export.naming_template == "AX {project} {date}"
    assert demo_project.export.url_tags_template == "utm_source=meta&utm_content={image}"
    again = preset_from_project("copy", demo_project, ad_account="act_987654321")
    assert {k: v for k, v in again.values().items()} == {**AGENCY.values(), "budget_amount": "75.50"}


def test_a_preset_reaches_neither_the_project_file_nor_the_export(demo_copy, tmp_path):
    store = PresetStore(tmp_path / "config")
    store.save(AGENCY)
    project = load_project(demo_copy)
    apply_to_project(store.get(AGENCY.name), project)
    save_project(project, demo_copy)
    write_bundle(load_project(demo_copy), tmp_path / "bundle", previews=False)
    texts = [p.read_text("utf-8", "replace") for p in [*demo_copy.rglob("*"), *(tmp_path / "bundle").rglob("*")]
             if p.is_file() and p.suffix in (".json", ".md", ".sh", ".csv", "")]
    assert texts and any("104857600099999" in t for t in texts)  # the page id is a project field
    for text in texts:
        assert "Agency X" not in text and "987654321" not in text
    saved = json.loads((demo_copy / "dcstudio.json").read_text("utf-8"))
    assert "preset" not in json.dumps(saved).lower()
