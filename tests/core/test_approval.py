"""A rejected asset is left out of what ships (plan, bundle, publish) and named where the marketer
looks (the plan's summary, the bundle's README, the checks); an approval sheet can show only what
is cleared."""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone

from pypdf import PdfReader

from dcstudio.core.lint import lint
from dcstudio.core.model.approval import approved_only, without_rejected
from dcstudio.core.platforms.meta.export.bundle import write_bundle
from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from dcstudio.core.render import contact_sheet
from tests.fake_graph.fixtures import *  # noqa: F401,F403  (fixtures)

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)
NOTE = "Logo too small; legal wants a bigger badge"


def _reject_mug(project):
    project.set_approval("img2", "rejected", NOTE)
    return project.asset("img2")


def test_a_rejected_image_leaves_no_trace_in_the_bundle_and_is_named_in_its_summary(demo_project, tmp_path):
    mug = _reject_mug(demo_project)
    original = (demo_project.folder / mug.file).read_bytes()
    out = tmp_path / "bundle"
    plan = write_bundle(demo_project, out, now=NOW)

    assert [c["id"] for c in plan["calls"] if c["kind"] == "image"] == [
        "image-img1", "image-img3", "image-img4", "image-img5"]
    assert plan["summary"]["images"] == 4 and plan["summary"]["combinations"] == 144
    assert plan["summary"]["left_out"] == [{"id": "img2", "name": "Ceramic mug", "note": NOTE}]
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert "images/ceramic-mug.jpg" not in files and "images/trail-sneaker.jpg" in files
    hashes = {mug.sha256, hashlib.sha256(original).hexdigest()}
    # Only the plan's summary and the README name it; no other file holds its id, name, file or hash.
    for rel, data in files.items():
        text = data.decode("utf-8", "replace")
        assert not any(h in text for h in hashes), rel
        assert "ceramic-mug" not in text, rel
        if rel not in ("plan.json", "README.md"):
            assert "img2" not in text and "Ceramic mug" not in text, rel
    calls = json.dumps(plan["calls"])
    assert "img2" not in calls and "Ceramic mug" not in calls
    sheet = " ".join(page.extract_text() for page in PdfReader(str(out / "previews" / "contact-sheet.pdf")).pages)
    assert "Ceramic mug" not in sheet and "Trail sneaker" in sheet
    assert not [n for n in files if n.startswith("previews/") and "img2" in n]
    readme = files["README.md"].decode("utf-8")
    assert f"1 rejected asset left out: img2 'Ceramic mug' (\"{NOTE}\")" in readme
    assert "No file, hash or preview of it is in this export" in readme
    # The project itself keeps the asset: leaving out is the export's view, not an edit.
    assert demo_project.asset("img2").approval.state == "rejected" and len(demo_project.pools["images"]) == 5


def test_a_rejected_text_is_left_out_with_its_exclusions_and_pins(demo_project):
    demo_project.pin("title2")
    demo_project.exclude("title2", "img1")
    demo_project.set_approval("title2", "rejected", "Off brand")
    shipped, left_out = without_rejected(demo_project)
    assert [a.id for a in left_out] == ["title2"]
    assert "title2" not in {a.id for _, a in shipped.assets()} and not shipped.pins and not shipped.exclusions
    plan = build_plan(demo_project, now=NOW)
    feed = next(c for c in plan["calls"] if c["kind"] == "creative")["params"]["asset_feed_spec"]
    assert [t["text"] for t in feed["titles"]] == ["Gear up for spring", "Made to go further"]
    assert plan["summary"]["adsets"] == 1  # the exclusion went with it: no split
    assert "title2" in demo_project.pins and demo_project.exclusions  # the original is untouched


def test_nothing_rejected_leaves_the_project_as_it_is(demo_project):
    assert without_rejected(demo_project) == (demo_project, [])
    assert build_plan(demo_project, now=NOW)["summary"]["left_out"] == []


def test_every_image_rejected_says_why_there_is_nothing_to_export(demo_project):
    for n in range(1, 6):
        demo_project.set_approval(f"img{n}", "rejected")
    try:
        build_plan(demo_project, now=NOW)
    except Exception as exc:  # noqa: BLE001  the message is what matters
        assert "rejected assets left out (img1, img2, img3, img4, img5)" in str(exc)
    else:
        raise AssertionError("a plan without images was built")


def test_the_checks_name_the_rejected_asset_and_judge_the_project_without_it(demo_project):
    _reject_mug(demo_project)
    report = lint(demo_project)
    found = [f for f in report.findings if f.rule_id == "approval.rejected"]
    assert [(f.severity, f.asset_id, f.message) for f in found] == [
        ("info", "img2", f"img2 'Ceramic mug' is rejected (\"{NOTE}\") and is left out")]
    assert report.errors == []
    # A rejected image too small to ship is no error: it does not ship.
    demo_project.update_asset("img2", width=200, height=200)
    assert lint(demo_project).errors == []
    demo_project.set_approval("img2", "draft")
    assert [f.rule_id for f in lint(demo_project).errors]  # back in the pool, its size counts again


def test_a_publish_never_uploads_a_rejected_image(fake_graph, token, demo_project):
    from tests.core.test_publish_session import Run

    _reject_mug(demo_project)
    outcome = Run(fake_graph, token, demo_project).run()
    assert outcome.status == "published"
    uploads = fake_graph.requests_to("adimages$", "POST")
    assert len(uploads) == 4
    assert "ceramic-mug.jpg" not in [r["fields"].get("name") for r in uploads]
    assert all("ceramic" not in json.dumps(r, default=str).lower() for r in fake_graph.requests_to(".*"))


def test_approved_only_keeps_the_combinations_made_only_of_approved_assets(demo_project, tmp_path):
    for asset_id in ("img1", "img3", "title1", "body1", "desc1", "cta1", "link1"):
        demo_project.set_approval(asset_id, "approved")
    cleared = approved_only(demo_project)
    assert {a.id for _, a in cleared.assets()} == {"img1", "img3", "title1", "body1", "desc1", "cta1", "link1"}
    out = tmp_path / "cleared.pdf"
    result = contact_sheet(demo_project, out, approved_only=True)
    assert result.combinations == 2
    text = " ".join(page.extract_text() for page in PdfReader(str(out)).pages)
    assert "Trail sneaker" in text and "Canvas backpack" in text and "Ceramic mug" not in text
    assert "approved only" in text
    assert contact_sheet(demo_project, tmp_path / "all.pdf").combinations == 180


def test_the_export_dialogs_summary_names_what_review_held_back(demo_project):
    from dcstudio.core.platforms.meta.exporter import BUNDLE

    assert "rejected" not in BUNDLE.describe(demo_project)
    _reject_mug(demo_project)
    assert BUNDLE.describe(demo_project).endswith(f"1 rejected asset left out: img2 'Ceramic mug' (\"{NOTE}\").")
