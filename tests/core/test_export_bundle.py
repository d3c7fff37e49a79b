"""write_bundle: the files, the manifest, zip and folder, lint refusal, images as uploaded,
cancel, no token anywhere, and publish.sh checked by bash and run against the fake Graph API."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import threading
import zipfile
from datetime import datetime, timezone

import pytest
from PIL import Image

from dcstudio.core.model.project_folder import import_image
from dcstudio.core.platforms.meta.export.bundle import LintErrors, write_bundle
from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from dcstudio.core.values.errors import BadInputError, Cancelled, DcError
from tests.fake_graph.fixtures import fake_graph, memory_keyring, token  # noqa: F401  (fixtures)

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_folder_bundle_holds_every_part(demo_project, tmp_path):
    out = tmp_path / "bundle"
    progress = []
    plan = write_bundle(demo_project, out, now=NOW, progress=lambda d, t: progress.append((d, t)))
    assert plan == build_plan(demo_project, now=NOW)
    assert json.loads((out / "plan.json").read_text("utf-8")) == plan
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {"plan.json", "asset_feed_spec.json", "publish.sh", "README.md", "manifest.json",
            "dcstudio-project.json", "images/trail-sneaker.jpg", "images/smart-watch.jpg",
            "previews/contact-sheet.pdf", "previews/index.csv"} <= names
    assert len([n for n in names if n.startswith("previews/feed-square/") and n.endswith(".jpg")]) == 180
    assert not [n for n in names if n.endswith(".dcstudio-render.json")]  # the render's own record stays out
    assert (out / "previews" / "contact-sheet.pdf").read_bytes().startswith(b"%PDF")
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert set(manifest["files"]) == names - {"manifest.json", ".dcstudio-export.json"}
    assert set(json.loads((out / ".dcstudio-export.json").read_text("utf-8"))["files"]) == \
        names - {".dcstudio-export.json"}
    for name, digest in manifest["files"].items():
        assert _sha((out / name).read_bytes()) == digest
    for call in (c for c in plan["calls"] if c["kind"] == "image"):
        assert _sha((out / call["file"]).read_bytes()) == call["sha256"]
    feed = json.loads((out / "asset_feed_spec.json").read_text("utf-8"))
    assert feed["images"][0]["hash"] == "images/trail-sneaker.jpg"
    assert feed["titles"] == plan["calls"][7]["params"]["asset_feed_spec"]["titles"]
    assert os.access(out / "publish.sh", os.X_OK)
    readme = (out / "README.md").read_text("utf-8")
    assert "Spring Essentials" in readme and "META_ACCESS_TOKEN" in readme and "v25.0" in readme
    assert "plan_version" in readme and "{image-img1.hash}" in readme  # the format, documented
    assert progress and progress[-1][0] == progress[-1][1]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no temporary folder left"


def test_zip_bundle_has_the_same_files(demo_project, tmp_path):
    write_bundle(demo_project, tmp_path / "dir", now=NOW, previews=False)
    write_bundle(demo_project, tmp_path / "b.zip", now=NOW, previews=False)
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        names = set(zf.namelist())
        assert json.loads(zf.read("plan.json")) == json.loads((tmp_path / "dir" / "plan.json").read_bytes())
        assert zf.read("images/ceramic-mug.jpg") == (tmp_path / "dir" / "images" / "ceramic-mug.jpg").read_bytes()
    assert names == {p.relative_to(tmp_path / "dir").as_posix() for p in (tmp_path / "dir").rglob("*") if p.is_file()}


def test_zip_entries_carry_the_time_they_were_made(demo_project, tmp_path):
    before = datetime.now().replace(microsecond=0)
    write_bundle(demo_project, tmp_path / "b.zip", now=NOW, previews=False)
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        times = {datetime(*info.date_time) for info in zf.infolist()}
    # The zip format keeps even seconds, in local time.
    assert all(before.timestamp() - 2 <= t.timestamp() <= datetime.now().timestamp() + 2 for t in times), times


def test_the_readme_writes_the_budget_as_money_and_names_each_feed_once(demo_project, tmp_path):
    from dataclasses import replace
    from decimal import Decimal

    from dcstudio.core.model.campaign import Budget

    demo_project.campaign = replace(demo_project.campaign, budget=Budget(amount=Decimal(5), currency="USD"))
    demo_project.exclude("img1", "title1")
    write_bundle(demo_project, tmp_path / "b", now=NOW, previews=False)
    readme = (tmp_path / "b" / "README.md").read_text("utf-8")
    assert "Budget: 5.00 USD daily" in readme
    assert "asset_feed_spec.json and asset_feed_spec-2.json (one per ad set)" in readme
    listed = [line for line in readme.splitlines() if line.startswith("- `")]
    assert len(listed) == len(set(listed))


def test_split_bundle_writes_one_feed_per_ad_set(demo_project, tmp_path):
    demo_project.exclude("img1", "title1")
    plan = write_bundle(demo_project, tmp_path / "b", now=NOW, previews=False)
    assert plan["summary"]["adsets"] == 2
    assert (tmp_path / "b" / "asset_feed_spec-2.json").is_file()
    assert "img1 + title1" in (tmp_path / "b" / "README.md").read_text("utf-8")


def test_lint_errors_refuse_unless_forced(demo_project, tmp_path):
    demo_project.update_campaign(page_id="")
    with pytest.raises(LintErrors) as info:
        write_bundle(demo_project, tmp_path / "b", now=NOW, previews=False)
    assert any(f.rule_id == "meta.page_id.missing" for f in info.value.findings)
    assert "meta.page_id.missing" in str(info.value) and "--force" in str(info.value)
    assert not (tmp_path / "b").exists()
    write_bundle(demo_project, tmp_path / "b", now=NOW, force=True, previews=False)
    assert "meta.page_id.missing" in (tmp_path / "b" / "README.md").read_text("utf-8")


def test_rotated_image_is_uploaded_with_rotation_applied(demo_project, tmp_path):
    src = tmp_path / "rotated.jpg"
    im = Image.new("RGB", (600, 400), (200, 30, 30))
    im.paste((20, 20, 200), (0, 0, 100, 100))  # a marker in the stored top-left corner
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise for display
    im.save(src, "JPEG", exif=exif, quality=95)
    asset = demo_project.add_asset("images", import_image(demo_project, src))
    assert (asset.width, asset.height) == (400, 600)
    plan = write_bundle(demo_project, tmp_path / "b", now=NOW, previews=False)
    call = next(c for c in plan["calls"] if c["id"] == f"image-{asset.id}")
    data = (tmp_path / "b" / call["file"]).read_bytes()
    assert _sha(data) == call["sha256"] != asset.sha256
    with Image.open(tmp_path / "b" / call["file"]) as up:
        assert up.size == (400, 600) and up.getexif().get(0x0112, 1) == 1
        # After a clockwise turn the stored top-left marker sits at the top right.
        r, g, b = up.convert("RGB").getpixel((380, 20))
        assert b > 150 and r < 80


def test_cancel_leaves_nothing(demo_project, tmp_path):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        write_bundle(demo_project, tmp_path / "out" / "b", now=NOW, cancel=cancel)
    assert list((tmp_path / "out").iterdir()) == []


def test_targets_are_checked(demo_project, tmp_path):
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    with pytest.raises(BadInputError, match="not empty"):
        write_bundle(demo_project, busy, now=NOW, previews=False)
    write_bundle(demo_project, tmp_path / "again", now=NOW, previews=False)
    (tmp_path / "again" / "stale.txt").write_text("old")
    # An earlier export is replaced whole (moved aside, with what was added to it), never merged.
    write_bundle(demo_project, tmp_path / "again", now=NOW, previews=False, replace=True)
    assert not (tmp_path / "again" / "stale.txt").exists()
    [aside] = tmp_path.glob("again.previous-*")
    assert (aside / "stale.txt").read_text() == "old"


def test_no_bundle_ever_contains_a_token(demo_project, tmp_path, memory_keyring, token, monkeypatch):  # noqa: F811
    from dcstudio.core.platforms.meta.publish import tokens

    tokens.store_token("default", token)
    monkeypatch.setenv("META_ACCESS_TOKEN", token)
    monkeypatch.setenv("DCSTUDIO_ACCESS_TOKEN", token)
    write_bundle(demo_project, tmp_path / "b", now=NOW)  # previews too: every file is scanned
    write_bundle(demo_project, tmp_path / "b.zip", now=NOW, previews=False)
    needle = token.encode()
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) > 10
    for path in files:
        data = path.read_bytes()
        assert needle not in data, f"{path} holds the token"
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        for name in zf.namelist():
            assert needle not in zf.read(name)


def test_publish_script_passes_bash_syntax_check(demo_project, tmp_path):
    demo_project.exclude("img1", "title1")
    write_bundle(demo_project, tmp_path / "b", now=NOW, previews=False)
    script = tmp_path / "b" / "publish.sh"
    subprocess.run(["bash", "-n", str(script)], check=True)
    text = script.read_text("utf-8")
    assert "META_ACCESS_TOKEN" in text and "access_token@-" in text


@pytest.mark.skipif(not shutil.which("curl"), reason="needs curl")
def test_publish_script_publishes_against_the_fake_graph_api(demo_project, tmp_path, fake_graph, token):  # noqa: F811
    demo_project.exclude("img1", "title1")
    plan = write_bundle(demo_project, tmp_path / "b", now=NOW, previews=False)
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "META_ACCESS_TOKEN": token,
           "AD_ACCOUNT_ID": "act_424242", "GRAPH_API_BASE": fake_graph.url}
    run = subprocess.run(["bash", str(tmp_path / "b" / "publish.sh")], env=env, capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0, run.stderr
    assert token not in run.stdout + run.stderr
    assert fake_graph.count("campaign") == 1 and fake_graph.count("adset") == 2 and fake_graph.count("ad") == 2
    creatives = [r for r in fake_graph.requests_to(r"act_424242/adcreatives$", "POST")]
    feed = json.loads(creatives[0]["fields"]["asset_feed_spec"])
    assert all(len(img["hash"]) == 32 for img in feed["images"])  # real hashes, carried from the uploads
    assert set(fake_graph.seen_secrets) == {token}
    state = (tmp_path / "b" / "publish-state.env").read_text()
    assert token not in state and "R_ad_2_id=" in state
    # A rerun skips every call already made.
    before = len(fake_graph.log)
    again = subprocess.run(["bash", str(tmp_path / "b" / "publish.sh")], env=env, capture_output=True, text=True,
                           timeout=60)
    assert again.returncode == 0 and len(fake_graph.log) == before
    assert len(plan["calls"]) == before


def test_publish_script_stops_on_an_api_error(demo_project, tmp_path, fake_graph, token):  # noqa: F811
    write_bundle(demo_project, tmp_path / "b", now=NOW, previews=False)
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "META_ACCESS_TOKEN": "wrong-token",
           "AD_ACCOUNT_ID": "424242", "GRAPH_API_BASE": fake_graph.url}
    run = subprocess.run(["bash", str(tmp_path / "b" / "publish.sh")], env=env, capture_output=True, text=True,
                         timeout=60)
    assert run.returncode != 0 and "Graph API error 190" in run.stderr
    assert fake_graph.count("campaign") == 0 and len(fake_graph.log) == 1


def test_a_zip_bundle_is_on_disk_before_it_takes_its_name(demo_project, tmp_path, monkeypatch):
    # A rename without an fsync first can leave an empty .zip under the final name after a power cut.
    real_fsync, real_replace, events = os.fsync, os.replace, []

    def fsync(fd):
        events.append(("fsync", os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))))
        return real_fsync(fd)

    def replace(src, dst):
        events.append(("replace", os.path.basename(dst)))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    write_bundle(demo_project, tmp_path / "b.zip", now=NOW, previews=False)
    named = events.index(("replace", "b.zip"))
    assert any(kind == "fsync" and (name.startswith(".b.zip.") or name == "bundle.zip")
               for kind, name in events[:named])


def test_publish_script_sends_braces_in_user_text_as_written(demo_project):
    from dcstudio.core.platforms.meta.export.plan_builder import build_plan
    from dcstudio.core.platforms.meta.export.publish_script import publish_script

    body = demo_project.pools["bodies"][0]
    demo_project.update_asset(body.id, text="Made for you, {{first.name}}")
    script = publish_script(build_plan(demo_project, now=NOW))
    assert "{{first.name}}" in script and "$R_first_name" not in script
    assert '"$R_campaign_id"' in script  # a real reference is still carried over


def test_the_zip_holds_only_regular_files_the_bundle_made(tmp_path):
    from dcstudio.core.platforms.meta.export.bundle import bundle_files, write_zip
    from dcstudio.core.platforms.meta.export.target import MARKER_NAME, marker

    root = tmp_path / "bundle"
    (root / "images").mkdir(parents=True)
    (root / "plan.json").write_text("{}")
    (root / "images" / "a.jpg").write_bytes(b"jpeg")
    (tmp_path / "secret.txt").write_text("private")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "other.txt").write_text("private too")
    (root / "link.txt").symlink_to(tmp_path / "secret.txt")
    (root / "linked").symlink_to(tmp_path / "elsewhere")
    assert bundle_files(root) == ["images/a.jpg", "plan.json"]
    (root / MARKER_NAME).write_text(json.dumps(marker(1, "now", bundle_files(root))))
    write_zip(root, tmp_path / "b.zip")
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        assert sorted(zf.namelist()) == [MARKER_NAME, "images/a.jpg", "plan.json"]
    for listed in (["../secret.txt"], ["/etc/passwd"], ["images\\a.jpg"], ["link.txt"]):
        (root / MARKER_NAME).write_text(json.dumps(marker(1, "now", listed)))
        with pytest.raises(BadInputError):
            write_zip(root, tmp_path / f"bad-{len(list(tmp_path.iterdir()))}.zip")


def test_a_file_name_with_a_backslash_never_reaches_a_bundle(demo_project, tmp_path):
    # The project reads "\\" as a separator (as Windows would), so such a name points at no file:
    # neither a zip nor a folder export packs it, forced or not.
    src = demo_project.folder / demo_project.pools["images"][0].file
    odd = src.with_name("back\\slash.jpg")
    os.rename(src, odd)
    demo_project.update_asset(demo_project.pools["images"][0].id, file=odd.relative_to(demo_project.folder).as_posix())
    for target in (tmp_path / "b.zip", tmp_path / "folder"):
        with pytest.raises(LintErrors, match=r"back\\slash\.jpg: file is missing"):
            write_bundle(demo_project, target, now=NOW, previews=False)
        with pytest.raises(DcError):
            write_bundle(demo_project, target, now=NOW, previews=False, force=True)
        assert not target.exists()


@pytest.mark.skipif(not shutil.which("curl"), reason="needs curl")
def test_publish_script_sends_meta_macros_in_url_tags_untouched(demo_project, tmp_path, fake_graph, token):  # noqa: F811
    # {{campaign.id}} is Meta's own click macro: only a value that is exactly {call.field} is ours.
    from dcstudio.core.model.project import ExportSettings

    demo_project.set_export_settings(ExportSettings(url_tags_template="utm_campaign={{campaign.id}}&utm_ad={{ad.id}}"))
    write_bundle(demo_project, tmp_path / "b", now=NOW, previews=False)
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "META_ACCESS_TOKEN": token,
           "AD_ACCOUNT_ID": "act_424242", "GRAPH_API_BASE": fake_graph.url}
    run = subprocess.run(["bash", str(tmp_path / "b" / "publish.sh")], env=env, capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0, run.stderr
    creative = fake_graph.requests_to(r"act_424242/adcreatives$", "POST")[0]["fields"]
    links = json.loads(creative["asset_feed_spec"])["link_urls"]
    assert links and all(link["url_tags"] == "utm_campaign={{campaign.id}}&utm_ad={{ad.id}}" for link in links)
    campaign_id = next(iter(fake_graph.state.objects["campaign"]))
    adset = fake_graph.requests_to(r"act_424242/adsets$", "POST")[0]["fields"]
    assert adset["campaign_id"] == campaign_id  # the real reference is still filled in
