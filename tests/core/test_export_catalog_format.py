"""A catalog ad's format, overlay and frame in its plan: template_data's fields against the SDK,
the frame image uploaded before the creative and its hash referenced from the creative, in the
bundle and publish.sh, and published to the fake server."""
from __future__ import annotations

import hashlib
import os
import subprocess
from datetime import datetime, timezone

import pytest
from facebook_business.adobjects.adcreativelinkdata import AdCreativeLinkData
from facebook_business.adobjects.adcreativelinkdataimagelayerspec import AdCreativeLinkDataImageLayerSpec
from facebook_business.adobjects.adcreativelinkdataimageoverlayspec import AdCreativeLinkDataImageOverlaySpec
from facebook_business.adobjects.adimage import AdImage
from PIL import Image

from dcstudio.core.model.catalog_format import CatalogFormat, FrameLayer, ImageOverlay
from dcstudio.core.model.project_folder import save_project
from dcstudio.core.platforms.meta.export.bundle import write_bundle
from dcstudio.core.platforms.meta.export.catalog_plan import FRAME_CALL
from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from dcstudio.core.platforms.meta.publish.plan_reader import check_plan
from dcstudio.core.platforms.meta.publish.publisher import Publisher
from dcstudio.core.values.errors import BadInputError
from tests.core.catalog_ad_project import catalog_ad_project
from tests.core.test_publish import ACCOUNT, make_client
from tests.fake_graph.fixtures import fake_graph, token  # noqa: F401  (fixtures)

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)


def _values(enum) -> set[str]:
    return {v for k, v in vars(enum).items() if not k.startswith("_")}


def _fields(cls) -> set[str]:
    return _values(cls.Field)


@pytest.fixture
def project(tmp_path):
    project = catalog_ad_project(tmp_path / "shirts")
    (project.folder / "assets").mkdir()
    Image.new("RGBA", (600, 600), (10, 120, 200, 255)).save(project.folder / "assets" / "frame.png")
    project.set_catalog_format(CatalogFormat(
        "single_image", preferred_image_tags=("lifestyle",), additional_image_index=0,
        image_overlay=ImageOverlay(text_type="from_price", position="bottom_right"),
        frame=FrameLayer("assets/frame.png", blending_mode="multiply", opacity=80)))
    save_project(project)
    return project


def _by_id(plan):
    return {c["id"]: c for c in plan["calls"]}


def test_the_format_overlay_and_frame_are_the_sdks_fields(project):
    plan = check_plan(build_plan(project, now=NOW))
    calls = _by_id(plan)
    ids = [c["id"] for c in plan["calls"]]
    assert ids.index(FRAME_CALL) < ids.index("creative-1")
    frame = calls[FRAME_CALL]
    assert frame["kind"] == "image" and frame["path"] == "act_{ad_account_id}/adimages"
    assert frame["sha256"] == hashlib.sha256((project.folder / "assets" / "frame.png").read_bytes()).hexdigest()
    assert frame["file"] == "images/frame.png" and set(frame["params"]) <= _fields(AdImage)
    assert plan["summary"]["images"] == 1
    data = calls["creative-1"]["params"]["object_story_spec"]["template_data"]
    assert set(data) <= _fields(AdCreativeLinkData)
    assert data["format_option"] == "single_image" and data["format_option"] in _values(AdCreativeLinkData.FormatOption)
    assert data["preferred_image_tags"] == ["lifestyle"] and data["additional_image_index"] == 0
    overlay = data["image_overlay_spec"]
    assert set(overlay) <= _fields(AdCreativeLinkDataImageOverlaySpec)
    assert overlay["text_type"] == "from_price" and overlay["position"] == "bottom_right"
    assert overlay["text_type"] in _values(AdCreativeLinkDataImageOverlaySpec.TextType)
    layers = data["image_layer_specs"]
    for layer in layers:
        assert set(layer) <= _fields(AdCreativeLinkDataImageLayerSpec)
    assert layers[1]["frame_image_hash"] == "{image-frame.hash}"  # values/plan_references.py's form
    assert layers[1]["blending_mode"] in _values(AdCreativeLinkDataImageLayerSpec.BlendingMode)


def test_no_format_leaves_meta_default_and_uploads_nothing(project):
    project.set_catalog_format(None)
    plan = build_plan(project, now=NOW)
    assert FRAME_CALL not in _by_id(plan) and plan["summary"]["images"] == 0
    data = _by_id(plan)["creative-1"]["params"]["object_story_spec"]["template_data"]
    assert not {"format_option", "image_overlay_spec", "image_layer_specs"} & set(data)


def test_a_missing_frame_is_one_line_naming_the_field(project):
    (project.folder / "assets" / "frame.png").unlink()
    with pytest.raises(BadInputError, match=r"catalog_format\.image_layer_specs\.frame\.file: .*missing"):
        build_plan(project, now=NOW)


def test_the_frame_is_published_before_the_creative_that_names_its_hash(project, fake_graph, token):  # noqa: F811
    plan = build_plan(project)
    result = Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=project).run()
    r = result.results
    frame_hash = r[FRAME_CALL]["hash"]
    image = fake_graph.state.images[frame_hash]
    creative = fake_graph.state.objects["creative"][r["creative-1"]["id"]]
    data = creative["object_story_spec"]["template_data"]
    assert data["image_layer_specs"][1]["frame_image_hash"] == frame_hash
    assert data["image_overlay_spec"]["text_type"] == "from_price"
    assert image is not None


def test_the_bundle_holds_the_frame_and_publish_sh_sends_it(project, tmp_path, fake_graph, token):  # noqa: F811
    plan = write_bundle(project, tmp_path / "b", now=NOW, previews=False)
    out = tmp_path / "b"
    frame = _by_id(plan)[FRAME_CALL]
    assert (out / frame["file"]).read_bytes() == (project.folder / "assets" / "frame.png").read_bytes()
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "META_ACCESS_TOKEN": token,
           "AD_ACCOUNT_ID": "424242", "GRAPH_API_BASE": fake_graph.url}
    run = subprocess.run(["bash", str(out / "publish.sh")], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    creatives = list(fake_graph.state.objects["creative"].values())
    frame_hash = creatives[0]["object_story_spec"]["template_data"]["image_layer_specs"][1]["frame_image_hash"]
    assert frame_hash in fake_graph.state.images
    uploaded = [r for r in fake_graph.log if r["method"] == "POST" and r["path"].endswith("/adimages")]
    assert len(uploaded) == 1
