"""Project.snapshot(): a detached copy a worker thread or process can read while the original is edited."""
from __future__ import annotations

import pickle
from datetime import datetime, timezone

from dcstudio.core.model.assets import TextAsset
from dcstudio.core.model.campaign import Budget
from dcstudio.core.model.combinations import CombinationSpace
from dcstudio.core.model.project import ExportSettings
from dcstudio.core.model.project_format import dumps
from dcstudio.core.platforms.meta.export.plan_builder import build_plan
from dcstudio.core.render import render_preview
from dcstudio.core.render.batch import render_all

NOW = datetime(2025, 5, 1, tzinfo=timezone.utc)


def _dressed(project):
    """The demo with every kind of document data set, also those the old copies dropped."""
    project.set_export_settings(ExportSettings("{project}-{date}", "utm_content={image}"))
    project.remote_images["img2"] = {"hash": "0123456789abcdef"}
    project.file_problems["img3"] = "the file changed since it was added"
    project.set_enhancement("image_uncrop", "OPT_IN")
    project.pin("img1")
    project.exclude("img1", project.pools["titles"][0].id)
    return project


def test_the_snapshot_holds_all_the_document_data(demo_project):
    project = _dressed(demo_project)
    snap = project.snapshot()
    assert dumps(snap) == dumps(project)
    assert snap.export == project.export and snap.remote_images == project.remote_images
    assert snap.file_problems == project.file_problems and snap.folder == project.folder


def test_no_mutable_container_is_shared(demo_project):
    """Also guards attributes added later: each list, dict or set of the project is the snapshot's own."""
    project = _dressed(demo_project)
    snap = project.snapshot()
    for name, value in vars(project).items():
        if isinstance(value, (list, dict, set)):
            assert getattr(snap, name) is not value, name
            for inner in (value.values() if isinstance(value, dict) else ()):
                if isinstance(inner, (list, dict, set)):
                    assert all(inner is not other for other in getattr(snap, name).values()), name
    assert snap.changed is not project.changed


def test_editing_the_snapshot_never_reaches_the_project_or_its_listeners(demo_project):
    project = _dressed(demo_project)
    heard = []
    project.changed.connect(heard.append)
    before = dumps(project), dict(project.file_problems), {k: dict(v) for k, v in project.remote_images.items()}
    snap = project.snapshot()
    snap_heard = []
    snap.changed.connect(snap_heard.append)

    snap.add_asset("titles", TextAsset("", "Only in the copy"))
    snap.remove_asset("img1")
    snap.move_asset(snap.pools["titles"][0].id, 2)
    snap.update_campaign(budget=Budget("daily", "99", "EUR"))
    snap.set_project_settings(name="Copy")
    snap.set_export_settings(ExportSettings("{project}"))
    snap.set_enhancement("image_uncrop", None)
    snap.remote_images["img2"]["hash"] = "changed"
    snap.remote_images["img4"] = {"url": "https://example.com/x.jpg"}
    snap.file_problems.clear()

    assert heard == [] and len(snap_heard) == 7
    assert (dumps(project), dict(project.file_problems), project.remote_images) == before


def test_the_snapshot_pickles_with_listeners_on_the_project(demo_project):
    project = _dressed(demo_project)
    project.changed.connect(lambda change: None)  # a lambda cannot be pickled: the snapshot must not carry it
    copy = pickle.loads(pickle.dumps(project.snapshot()))
    assert dumps(copy) == dumps(project)
    assert copy.remote_images == project.remote_images and copy.file_problems == project.file_problems


def test_the_snapshot_renders_and_exports_as_the_project_does(demo_project, tmp_path):
    project = _dressed(demo_project)
    project.file_problems.clear()  # an export refuses a changed file; the copy must agree either way
    snap = project.snapshot()
    combination = CombinationSpace.from_project(project)[0]
    assert (render_preview(snap, combination, "feed-square", 120).tobytes()
            == render_preview(project, combination, "feed-square", 120).tobytes())
    assert build_plan(snap, now=NOW) == build_plan(project, now=NOW)
    one = render_all(project, tmp_path / "one", placements="feed-square", size=100, limit=12, jobs=1)
    two = render_all(project, tmp_path / "two", placements="feed-square", size=100, limit=12, jobs=2)
    for rel in (tmp_path / "one" / "feed-square").iterdir():
        assert (tmp_path / "two" / "feed-square" / rel.name).read_bytes() == rel.read_bytes()
    assert one.combinations == two.combinations == 12
