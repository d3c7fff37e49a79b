"""`publish --plan`: the image files of a bundle are checked before the first call. Each must
lie inside the plan's folder once symlinks are followed, hold the bytes the plan's sha256 names
and decode as an image; otherwise nothing at all is sent."""
from __future__ import annotations

import hashlib
import json

import pytest
from PIL import Image

from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from dcstudio.core.platforms.meta.export.upload_images import prepare_upload_images
from dcstudio.core.platforms.meta.publish.publisher import Publisher
from dcstudio.core.values.errors import ImageError
from tests.core.test_publish import ACCOUNT, counts, make_client
from tests.fake_graph.fixtures import *  # noqa: F401,F403


def _bundle(project, tmp_path):
    bundle = tmp_path / "bundle"
    prepare_upload_images(project, bundle / "images")
    plan = build_plan(project)
    return plan, bundle


def _first_image(plan):
    return next(c for c in plan["calls"] if c["kind"] == "image")


def _publish(fake_graph, token, project, plan, bundle):
    return Publisher(plan, account=ACCOUNT, client=make_client(fake_graph, token), project=project,
                     plan_dir=bundle).run()


def _sent_nothing(fake_graph):
    assert fake_graph.requests_to(".*", "POST") == []
    assert counts(fake_graph) == {"campaign": 0, "adset": 0, "creative": 0, "ad": 0}
    assert fake_graph.state.uploads == 0


def test_a_symlink_out_of_the_bundle_is_refused_before_anything_is_sent(fake_graph, token, demo_project, tmp_path):
    plan, bundle = _bundle(demo_project, tmp_path)
    secret = tmp_path / "elsewhere" / "private.png"
    secret.parent.mkdir()
    Image.new("RGB", (8, 8), "red").save(secret)
    call = _first_image(plan)
    target = bundle / call["file"]
    target.unlink()
    target.symlink_to(secret)
    call["sha256"] = hashlib.sha256(secret.read_bytes()).hexdigest()  # what a crafted plan would say
    with pytest.raises(ImageError, match="leads outside the plan's folder") as err:
        _publish(fake_graph, token, demo_project, plan, bundle)
    assert str(target) in str(err.value)
    _sent_nothing(fake_graph)


def test_a_symlinked_folder_out_of_the_bundle_is_refused(fake_graph, token, demo_project, tmp_path):
    plan, bundle = _bundle(demo_project, tmp_path)
    (bundle / "images").rename(tmp_path / "outside")
    (bundle / "images").symlink_to(tmp_path / "outside")
    with pytest.raises(ImageError, match="leads outside the plan's folder"):
        _publish(fake_graph, token, demo_project, plan, bundle)
    _sent_nothing(fake_graph)


def test_a_symlink_within_the_bundle_is_fine(fake_graph, token, demo_project, tmp_path):
    plan, bundle = _bundle(demo_project, tmp_path)
    target = bundle / _first_image(plan)["file"]
    (bundle / "originals").mkdir()
    kept = target.rename(bundle / "originals" / target.name)
    target.symlink_to(kept)
    _publish(fake_graph, token, demo_project, plan, bundle)
    assert counts(fake_graph)["ad"] == 1 and fake_graph.state.uploads == 5


def test_changed_bytes_are_refused_before_the_campaign_is_made(fake_graph, token, demo_project, tmp_path):
    plan, bundle = _bundle(demo_project, tmp_path)
    images = [c for c in plan["calls"] if c["kind"] == "image"]
    last = bundle / images[-1]["file"]
    last.write_bytes(last.read_bytes() + b"\0")
    with pytest.raises(ImageError, match="sha256") as err:
        _publish(fake_graph, token, demo_project, plan, bundle)
    assert str(last) in str(err.value)
    _sent_nothing(fake_graph)


def _truncated_jpeg() -> bytes:
    import io

    out = io.BytesIO()
    Image.effect_noise((300, 200), 60).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()[:-4000]


@pytest.mark.parametrize("content", [b"%PDF-1.4 not an image", b"", "truncated jpeg"])
def test_bytes_that_are_not_an_image_are_refused_even_with_a_matching_sha256(fake_graph, token, demo_project,
                                                                             tmp_path, content):
    content = _truncated_jpeg() if content == "truncated jpeg" else content
    plan, bundle = _bundle(demo_project, tmp_path)
    call = _first_image(plan)
    (bundle / call["file"]).write_bytes(content)
    call["sha256"] = hashlib.sha256(content).hexdigest()
    with pytest.raises(ImageError, match="is not an image that can be uploaded"):
        _publish(fake_graph, token, demo_project, plan, bundle)
    _sent_nothing(fake_graph)


def test_the_command_line_names_the_symlinked_file(memory_keyring, demo_copy, fake_graph, token, monkeypatch,
                                                   tmp_path, capsys):
    from dcstudio.cli import main
    from dcstudio.core.model.project_folder import load_project

    monkeypatch.setenv("DCSTUDIO_ACCESS_TOKEN", token)
    plan, bundle = _bundle(load_project(demo_copy), tmp_path)
    call = _first_image(plan)
    outside = tmp_path / "id_rsa"
    outside.write_bytes(b"-----BEGIN OPENSSH PRIVATE KEY-----\n")
    call["sha256"] = hashlib.sha256(outside.read_bytes()).hexdigest()
    (bundle / call["file"]).unlink()
    (bundle / call["file"]).symlink_to(outside)
    (bundle / "plan.json").write_text(json.dumps(plan))
    assert main(["publish", str(demo_copy), "--account", ACCOUNT, "--yes", "--plan", str(bundle / "plan.json"),
                 "--api-base", fake_graph.url]) == 2
    err = capsys.readouterr().err
    assert f"{bundle / call['file']}: leads outside the plan's folder" in err and "nothing was sent" in err
    _sent_nothing(fake_graph)
