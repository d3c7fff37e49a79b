"""One rule for a Graph API version: the project file, the export settings, the plan and the
client take the same versions, so a project can never export a plan it then cannot publish."""
from __future__ import annotations

import json

import pytest

from dcstudio.core.model.project import ExportSettings
from dcstudio.core.model.templates import check_export_settings
from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from dcstudio.core.platforms.meta.publish.client import GraphClient
from dcstudio.core.values.api_version import API_VERSION_PATTERN, check_api_version, is_api_version
from dcstudio.core.values.errors import BadInputError
from dcstudio.core.values.resources import resource


def test_the_project_schema_holds_the_same_pattern():
    schema = json.loads(resource("schema", "dcstudio-project.schema.json").read_text("utf-8"))
    assert schema["properties"]["export"]["properties"]["api_version"]["pattern"] == API_VERSION_PATTERN


@pytest.mark.parametrize("version", ["v25.0", "v25.10", "v2.12", "v100.0"])
def test_every_version_the_project_takes_the_client_takes(demo_project, version):
    check_export_settings(ExportSettings(api_version=version))
    demo_project.set_export_settings(ExportSettings(api_version=version))
    plan = build_plan(demo_project)
    client = GraphClient(None, api_version=plan["api_version"])
    assert client.api_version == version and client.url("me").endswith(f"/{version}/me")


@pytest.mark.parametrize("version", ["25", "v25", "v25.", "25.0", "v25.0.1", "V25.0", "", None, 25.0])
def test_what_the_rule_refuses_every_reader_refuses(version):
    assert not is_api_version(version)
    with pytest.raises(ValueError):
        check_export_settings(ExportSettings(api_version=version))
    with pytest.raises(BadInputError):
        GraphClient(None, api_version=version)


def test_the_core_message_names_no_command_line_flag():
    with pytest.raises(BadInputError) as info:
        GraphClient(None, api_version="25")
    assert "--api-version" not in str(info.value) and "API version '25'" in str(info.value)
    with pytest.raises(BadInputError, match="^--api-version '25': use the form v25.0$"):
        check_api_version("25", what="--api-version")
