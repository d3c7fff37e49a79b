"""While a project's first screen of previews is drawn, the checks and thumbnails wait; then they
run, in order, and only the newest of a kind."""
from __future__ import annotations

import threading

from PIL import Image

from dcstudio.qt.first_screen import FirstScreenGate


def test_an_open_gate_runs_at_once(qtbot):
    gate, ran = FirstScreenGate(), []
    gate.defer("a", lambda: ran.append("a"))
    assert ran == ["a"]


def test_a_closed_gate_keeps_work_until_opened_newest_of_a_kind_only(qtbot):
    gate, ran = FirstScreenGate(), []
    gate.close(60_000)
    gate.defer("lint", lambda: ran.append("lint 1"))
    gate.defer(("thumbnail", "img1"), lambda: ran.append("img1"))
    gate.defer("lint", lambda: ran.append("lint 2"))
    assert ran == [] and gate.is_closed
    gate.open()
    assert ran == ["img1", "lint 2"] and not gate.is_closed
    gate.defer("lint", lambda: ran.append("lint 3"))
    assert ran[-1] == "lint 3"


def test_a_closed_gate_opens_by_itself_after_its_longest_wait(qtbot):
    gate, ran = FirstScreenGate(), []
    gate.close(30)
    gate.defer("lint", lambda: ran.append("lint"))
    qtbot.waitUntil(lambda: ran == ["lint"])


def test_thumbnails_and_checks_follow_the_first_screen_of_tiles(make_window, demo_copy, qtbot):
    tiles_may_finish = threading.Event()

    def slow_render(project, combination, placement, size):
        tiles_may_finish.wait(10)
        return Image.new("RGB", (size, size), (200, 200, 200))

    window = make_window(demo_copy, render_fn=slow_render)
    images = window.pools.sections["images"].model
    qtbot.wait(300)  # the thumbnails and the checks would be done by now, were they not held
    assert window.first_screen.is_closed and not window.grid.visible_tiles_done()
    assert not images.thumbnails and window.lint_runner.report is None
    tiles_may_finish.set()
    qtbot.waitUntil(window.grid.visible_tiles_done)
    assert not window.first_screen.is_closed
    qtbot.waitUntil(lambda: len(images.thumbnails) == images.rowCount() and window.lint_runner.report is not None)


def test_another_project_never_shows_the_thumbnails_of_the_one_before(make_window, demo_copy, tmp_path, write_image,
                                                                      qtbot):
    from dcstudio.cli import main

    window = make_window(demo_copy)
    images = window.pools.sections["images"].model
    qtbot.waitUntil(lambda: window.pools.thumbnails_done())
    assert images.thumbnails["img1"].pixelColor(24, 24).blue() < 100  # the orange sneaker picture
    other = tmp_path / "other"
    assert main(["new", str(other), "--image", str(write_image(tmp_path / "blue.png", color=(30, 60, 220)))]) == 0
    assert window.open_project(other)  # its one image is also called img1
    qtbot.waitUntil(lambda: window.pools.thumbnails_done() and window.first_screen.is_closed is False)
    qtbot.wait(200)  # anything still queued for the demo project would land by now
    thumb = images.thumbnails["img1"]
    assert thumb.pixelColor(thumb.width() // 2, thumb.height() // 2).blue() > 180


def test_reopening_the_same_project_while_its_thumbnails_wait_still_shows_them(make_window, demo_copy, qtbot):
    window = make_window(demo_copy)
    assert window.open_project(demo_copy)  # the same pictures, asked for again while the first wait
    qtbot.waitUntil(window.pools.thumbnails_done)
