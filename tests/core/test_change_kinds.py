"""Change kinds are ChangeKind members: a misspelt kind fails where it is written, not silently."""
from __future__ import annotations

import json
import logging

import pytest

from dcstudio.core.model.assets import TextAsset
from dcstudio.core.model.campaign import Budget
from dcstudio.core.model.project import ExportSettings
from dcstudio.core.values.events import ASSET_KINDS, Change, ChangeKind


def test_every_change_the_project_announces_has_a_member_kind(demo_project):
    seen = []
    demo_project.changed.connect(seen.append)
    title = demo_project.add_asset("titles", TextAsset("", "New"))
    demo_project.update_asset(title.id, text="Newer")
    demo_project.move_asset(title.id, 0)
    demo_project.pin(title.id)
    demo_project.unpin(title.id)
    demo_project.exclude(title.id, "img1")
    demo_project.unexclude(title.id, "img1")
    demo_project.update_campaign(budget=Budget("daily", "25", "EUR"))
    demo_project.set_project_settings(name="Renamed")
    demo_project.set_export_settings(ExportSettings("{project}"))
    demo_project.set_enhancement("image_uncrop", "OPT_IN")
    demo_project.remove_asset(title.id)
    assert all(type(c.kind) is ChangeKind for c in seen)
    assert {c.kind for c in seen} == set(ChangeKind)
    assert {c.kind for c in seen if c.pool} == set(ASSET_KINDS)


@pytest.mark.parametrize("kind", ["asset_added", "asset_aded", None])
def test_a_change_with_a_bare_string_for_its_kind_is_refused(kind):
    with pytest.raises(TypeError, match="ChangeKind"):
        Change(kind)


def test_a_kind_reads_as_its_value_in_json_and_log_lines():
    change = Change(ChangeKind.SETTINGS_CHANGED, detail={"section": "project"})
    assert json.dumps({"kind": change.kind}) == '{"kind": "settings_changed"}'
    assert f"{change.kind}" == str(change.kind) == "settings_changed"
    record = logging.makeLogRecord({"msg": "kind %s", "args": (change.kind,)})
    assert record.getMessage() == "kind settings_changed"
    assert ChangeKind("asset_moved") is ChangeKind.ASSET_MOVED
