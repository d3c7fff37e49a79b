"""Autosaves are read like project files: a deep, huge or broken one is skipped or refused with a
message, never a crash at start-up."""
from __future__ import annotations

import json

import pytest

from dcstudio.core.model.project_format import project_to_dict
from dcstudio.core.values.errors import ProjectFileError
from dcstudio.qt.autosave import Recovery, pending_recoveries, recover


def _autosave(state_dir, name, text):
    folder = state_dir / "autosave"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, "utf-8")
    return folder / name


def test_unreadable_autosaves_are_skipped_and_a_good_one_is_listed(tmp_path, demo_project):
    good = {"folder": str(demo_project.folder), "saved_at": 1.0, "untitled": False,
            "project": project_to_dict(demo_project)}
    _autosave(tmp_path, "a.json", "[" * 5000 + "]" * 5000)
    _autosave(tmp_path, "b.json", '{"folder": null, "saved_at": 1, "project": {"name": "\\udc00"}}')
    _autosave(tmp_path, "c.json", '{"folder": null, "saved_at": ' + "9" * 5000 + ', "project": {}}')
    _autosave(tmp_path, "d.json", "\ufeff" + json.dumps(good))
    found = pending_recoveries(tmp_path)
    assert [r.file.name for r in found] == ["d.json"] and found[0].name == "Spring Essentials"


@pytest.mark.parametrize("text, field", [
    ('{"project": {"name": "\\udc00"}}', "project.name"),
    ('{"project": ' + '{"a":' * 3000 + "1" + "}" * 3000 + "}", "project.a"),
    ('{"untitled": false}', "project"),
    ('{"project": []}', "project"),
])
def test_recovering_a_hostile_autosave_names_the_field(tmp_path, text, field):
    file = _autosave(tmp_path, "x.json", text)
    with pytest.raises(ProjectFileError) as info:
        recover(Recovery(file, None, "x", 1.0))
    assert (info.value.field or "").startswith(field), str(info.value)
