#!/usr/bin/env python3
"""Video: probe + default poster of a 60 s 1080x1920 H.264 clip (target under 300 ms), and a pool
of 10 videos opening in the window with no GUI-thread stall over 50 ms.

The clip is generated at run time with PyAV (x264 at its defaults but the "ultrafast" preset, a
keyframe every 2 s as phones and editors write them), in a temporary folder. Prints the figures;
nothing is asserted.

    python benchmarks/video_bench.py [--runs 5] [--no-window]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import av
from PIL import Image

from dcstudio.core.model.videos import probe_video


def make_phone_clip(path: Path, seconds: int = 60, fps: int = 30, size=(1080, 1920)) -> Path:
    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=fps, options={"preset": "ultrafast"})
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        stream.codec_context.gop_size = 2 * fps
        frames = [av.VideoFrame.from_image(Image.new("RGB", size, ((i * 37) % 256, 90, 160))).reformat(format="yuv420p")
                  for i in range(8)]
        for i in range(seconds * fps):
            frame = frames[(i // fps) % len(frames)]
            frame.pts, frame.time_base = i, Fraction(1, fps)
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


def bench_probe(clip: Path, runs: int) -> None:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        facts, poster = probe_video(clip)
        poster.image.resize((320, int(320 * poster.image.height / poster.image.width)))
        times.append((time.perf_counter() - start) * 1000)
    print(f"probe + poster of {clip.name} ({facts.width}x{facts.height}, {facts.duration:.0f} s, {facts.codec}, "
          f"{facts.size_bytes / 1e6:.1f} MB): median {statistics.median(times):.0f} ms, "
          f"runs {min(times):.0f}-{max(times):.0f} ms (target under 300 ms)")


def bench_window(folder: Path, clip: Path) -> None:
    """Opens a project of 10 videos (1080x1920, 60 s; already imported) and, separately, drops 10
    more on a window; a 4 ms timer records how late the GUI thread lets it fire meanwhile."""
    import os
    import shutil

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from dcstudio.core.model.project import Project
    from dcstudio.core.model.project_folder import import_video, save_project

    app = QApplication.instance() or QApplication([])
    project = Project("video pool", ad_format="SINGLE_VIDEO")
    project.folder = folder / "project"
    save_project(project)
    copies = []
    for i in range(20):
        copy = folder / f"clip-{i}.mp4"
        shutil.copy(clip, copy)
        with open(copy, "ab") as fh:  # a different file each: separate assets, not one stored once
            fh.write(bytes([i]) * 8)
        copies.append(copy)
    for copy in copies[:10]:
        project.add_asset("videos", import_video(project, copy))
    save_project(project)

    from dcstudio.qt.document import open_document
    from dcstudio.qt.main_window import MainWindow
    from dcstudio.qt.settings import UiSettings

    def stalls(action, seconds: float, done=lambda: False) -> tuple[float, float]:
        late: list[float] = []
        clock = QElapsedTimer()
        clock.start()
        last = [clock.elapsed()]

        def tick():
            now = clock.elapsed()
            late.append(now - last[0] - 4)
            last[0] = now

        timer = QTimer()
        timer.timeout.connect(tick)
        timer.start(4)
        start = time.perf_counter()
        action()
        last[0] = clock.elapsed()  # from here on: what the window does after the step itself
        end = start + seconds
        while time.perf_counter() < end and not done():
            app.processEvents()
            time.sleep(0.001)
        timer.stop()
        return max(late or [0.0]), (time.perf_counter() - start) * 1000

    state = folder / "state"
    holder = {}

    def open_it():
        holder["w"] = MainWindow(open_document(project.folder, state / "scratch"),
                                 settings=UiSettings.at(state / "ui.ini"), state_dir=state)
        holder["w"].resize(1366, 768)
        holder["w"].show()

    worst_open, _ = stalls(lambda: None, 0.2)  # the timer's own lateness on this machine, idle
    worst, _ = stalls(open_it, 4.0)
    window = holder["w"]
    model = window.pools.sections["videos"].model
    print(f"a pool of 10 videos opening: longest GUI-thread stall after the window is built {worst:.0f} ms "
          f"(idle timer lateness {worst_open:.0f} ms; posters in the list: {len(model.thumbnails)} of 10; "
          "target at most 50 ms; building the window itself is one step and not counted)")
    added = []
    window.images.imports_done.connect(added.append)
    worst, took = stalls(lambda: window.images.import_files(window.document, [str(c) for c in copies[10:]]), 60.0,
                         lambda: bool(added))
    print(f"10 more videos dropped (probed on the worker): done in {took:.0f} ms, longest GUI-thread stall "
          f"{worst:.0f} ms (target at most 50 ms)")
    window.document.undo_stack.setClean()
    window.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-window", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        clip = make_phone_clip(folder / "phone-60s-1080x1920.mp4")
        print(f"(generated the 60 s clip in {time.perf_counter() - start:.1f} s)")
        bench_probe(clip, args.runs)
        if not args.no_window:
            bench_window(folder, clip)


if __name__ == "__main__":
    main()
