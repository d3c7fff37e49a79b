"""`dcstudio publish` speaks the API version of the plan, else of the project: never a default of
its own (a plan from a bundle may name none)."""
from __future__ import annotations

import json

from dcstudio.cli import main
from dcstudio.core.model.project import ExportSettings
from tests.fake_graph.fixtures import *  # noqa: F401,F403
from tests.fake_graph.server import FakeGraph


def test_a_plan_that_names_no_version_is_published_with_the_projects(memory_keyring, demo_copy, token, monkeypatch,
                                                                      tmp_path, capsys):
    from dcstudio.core.model.project_folder import load_project, save_project
    from dcstudio.core.platforms.meta.export.plan_builder import build_plan
    from dcstudio.core.platforms.meta.export.upload_images import prepare_upload_images

    monkeypatch.setenv("DCSTUDIO_ACCESS_TOKEN", token)
    project = load_project(demo_copy)
    project.set_export_settings(ExportSettings(api_version="v24.0"))
    save_project(project)
    bundle = tmp_path / "bundle"
    prepare_upload_images(project, bundle / "images")
    plan = build_plan(project)
    del plan["api_version"]
    (bundle / "plan.json").write_text(json.dumps(plan))
    with FakeGraph(token, version="v24.0") as server:  # it answers v24.0 only
        code = main(["publish", str(demo_copy), "--account", "act_777", "--yes", "--plan", str(bundle / "plan.json"),
                     "--api-base", server.url])
        assert code == 0, capsys.readouterr().err
        assert server.count("ad") == 1 and "published to act_777" in capsys.readouterr().out
