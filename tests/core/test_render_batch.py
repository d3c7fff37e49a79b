"""render_all and contact_sheet as the export and the window call them: progress, cancel, index."""
from __future__ import annotations

import json
import threading

import pytest

from dcstudio.core.model.assets import TextAsset
from dcstudio.core.render import contact_sheet, render_all
from dcstudio.core.values.errors import BadInputError, Cancelled
from tests.core.test_render_support import make_project, picture


@pytest.fixture
def project(tmp_path):
    images = [picture(tmp_path / f"i{k}.png", c) for k, c in enumerate([(200, 40, 40), (40, 40, 200)])]
    return make_project(tmp_path / "p", images, titles=("One", "Two", "Three"), bodies=("Body",))


def test_progress_counts_every_file(project, tmp_path):
    seen = []
    result = render_all(project, tmp_path / "out", placements=["feed-square", "story"], size=120,
                        progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 12) and seen[-1] == (12, 12)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert result.complete and result.combinations == 6 and len(result.files) == 12
    assert [f.placement for f in result.files] == ["feed-square"] * 6 + ["story"] * 6
    assert result.files[0].assets == {"media": "img1", "title": "title1", "body": "body1",
                                      "description": "desc1", "cta": "cta1", "link": "link1"}


@pytest.mark.parametrize("jobs", [1, 2])
def test_cancel_stops_and_the_index_lists_what_was_written(project, tmp_path, jobs):
    project.add_asset("titles", TextAsset("", "Four"))
    for k in range(20):  # enough combinations for several worker batches
        project.add_asset("descriptions", TextAsset("", f"d{k}"))
    cancel = threading.Event()

    def progress(done, total):
        if done >= 5:
            cancel.set()

    out = tmp_path / "out"
    with pytest.raises(Cancelled, match="stopped after"):
        render_all(project, out, placements="feed-square", size=100, jobs=jobs, progress=progress, cancel=cancel)
    index = json.loads((out / "index.json").read_text())
    assert index["complete"] is False
    listed = {f["file"] for f in index["files"]}
    on_disk = {p.relative_to(out).as_posix() for p in (out / "feed-square").glob("*.jpg")}
    assert 5 <= len(listed) < index["combinations"] and listed == on_disk


def test_carousel_project_index_has_cards(tmp_path):
    images = [picture(tmp_path / f"i{k}.png", (40 * k, 90, 120)) for k in range(3)]
    project = make_project(tmp_path / "p", images, ad_format="CAROUSEL")
    result = render_all(project, tmp_path / "out", placements=["carousel"], size=100)
    assert len(result.files) == 1
    assert result.files[0].assets["cards"] == ["img1", "img2", "img3"]
    assert result.files[0].file.startswith("carousel/00001-carousel_title1")


def test_bad_arguments_are_refused(project, tmp_path):
    with pytest.raises(BadInputError, match="format"):
        render_all(project, tmp_path / "o", placements=["feed-square"], size=100, fmt="gif")
    with pytest.raises(BadInputError, match="placement"):
        render_all(project, tmp_path / "o", placements=["banner"], size=100)
    (tmp_path / "file").write_text("x")
    with pytest.raises(BadInputError, match="not a folder"):
        render_all(project, tmp_path / "file", placements=["feed-square"], size=100)


def test_contact_sheet_progress_and_cancel(project, tmp_path):
    seen = []
    result = contact_sheet(project, tmp_path / "s.pdf", progress=lambda d, t: seen.append((d, t)))
    assert result.pages == 1 and result.combinations == 6 and seen[-1] == (6, 6)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        contact_sheet(project, tmp_path / "c.pdf", cancel=cancel)
    assert not (tmp_path / "c.pdf").exists() and not list(tmp_path.glob(".c.pdf*"))


def test_png_sheet_too_large_is_refused_early(project, tmp_path, monkeypatch):
    from dcstudio.core.render import sheet

    monkeypatch.setattr(sheet, "PNG_MAX_PIXELS", 2_000_000)  # as if the project had thousands
    rendered = []
    with pytest.raises(BadInputError, match="write a .pdf"):
        contact_sheet(project, tmp_path / "big.png", progress=lambda d, t: rendered.append(d))
    assert max(rendered) <= 3  # refused after the first row, not after rendering everything
    assert not (tmp_path / "big.png").exists()


def test_workers_also_start_by_spawn(project, tmp_path, monkeypatch):
    """With other threads running (the window), workers start by spawn: the project travels pickled."""
    import multiprocessing

    from dcstudio.core.render import batch

    stop = threading.Event()
    helper = threading.Thread(target=stop.wait)
    helper.start()
    try:
        assert batch._mp_context().get_start_method() == multiprocessing.get_context("spawn").get_start_method()
        for k in range(8):
            project.add_asset("descriptions", TextAsset("", f"extra {k}"))
        result = render_all(project, tmp_path / "out", placements="feed-square", size=100, jobs=2)
    finally:
        stop.set()
        helper.join()
    assert len(result.files) == result.combinations == 54 and result.complete
    assert len(list((tmp_path / "out" / "feed-square").glob("*.jpg"))) == 54
