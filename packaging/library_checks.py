"""After a build: the bundle's own copies of PyAV and numpy, with their shimmed libraries (elf_shims,
bundle_rules.UNUSED_LIBRARY), still do what the studio asks of them.

Each check puts the package next to the bundle's copy of its vendored libraries (av.libs/,
numpy.libs/, where the shims are) and runs them in a fresh interpreter that finds that copy first
(python -I), with dcstudio's source:
- PyAV decodes H.264, HEVC, VP9 and AV1 video and AAC and Opus audio (clips encoded first with the
  build machine's full PyAV, whose encoders the bundle leaves out);
- numpy runs the insights' statistics (dcstudio/core/insights/stats.py) and gets the figures the
  build machine's numpy gets.
Used by build.py; a shim that is called aborts with its library's name, which the message shows.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (file, video encoder, audio encoder, what the bundle must decode): the codecs Meta takes.
CLIPS = (
    ("h264-aac.mp4", "libx264", "aac", ("h264", "aac")),
    ("hevc-opus.mp4", "libx265", "libopus", ("hevc", "opus")),
    ("vp9-opus.mp4", "libvpx-vp9", "libopus", ("vp9", "opus")),
    ("av1-aac.mp4", "libsvtav1", "aac", ("libdav1d", "aac")),
)

DECODE = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
import av
assert av.__file__.startswith(sys.argv[1]), av.__file__
out = {}
for path in sys.argv[2:]:
    with av.open(path) as container:
        v, a = container.streams.video[0], container.streams.audio[0]
        frames = sum(1 for _ in container.decode(v))
        container.seek(0)
        samples = sum(f.samples for f in container.decode(a))
        out[path] = [v.codec_context.name, frames, a.codec_context.name, samples]
print(json.dumps(out))
"""

STATS = r"""
import json, sys
sys.path[:0] = [sys.argv[1], sys.argv[2]]
import numpy
assert numpy.__file__.startswith(sys.argv[1]), numpy.__file__
from dcstudio.core.insights import stats
counts = [(12, 400), (30, 410), (3, 90), (250, 9000), (0, 0)]
print(json.dumps([[r.mean, r.low, r.high] for r in stats.posteriors(counts)] + [stats.prob_best(counts)]))
"""


def _sandbox(internal: Path, package: str, site: Path) -> bool:
    """The build machine's package (its Python files are in the bundle's archive, not in a folder)
    next to the bundle's copy of its vendored libraries, where the shims are."""
    import importlib

    libs = internal / f"{package}.libs"
    if not libs.is_dir():
        return False
    shutil.copytree(Path(importlib.import_module(package).__file__).parent, site / package, symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__", "tests"))
    shutil.copytree(libs, site / libs.name, symlinks=True)
    return True


def _run(code: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-I", "-c", code, *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def make_clips(folder: Path) -> list[tuple[Path, tuple[str, str]]]:
    """The clips of ``CLIPS`` whose encoders the build machine's PyAV has (12 frames, 0.5 s of sound)."""
    import av
    from PIL import Image

    made = []
    for name, video_codec, audio_codec, expected in CLIPS:
        if video_codec not in av.codecs_available or audio_codec not in av.codecs_available:
            print(f"library_checks: no {video_codec} or {audio_codec} encoder here; {name} is not checked")
            continue
        path = folder / name
        with av.open(str(path), "w") as out:
            v = out.add_stream(video_codec, rate=12)
            v.width, v.height, v.pix_fmt = 64, 64, "yuv420p"
            a = out.add_stream(audio_codec, rate=48000)
            for i in range(12):
                frame = av.VideoFrame.from_image(Image.new("RGB", (64, 64), (i * 20, 90, 160)))
                out.mux(v.encode(frame))
            out.mux(v.encode())
            sound = av.AudioFrame(format="s16", layout="stereo", samples=24000)
            for plane in sound.planes:
                plane.update(bytes(plane.buffer_size))
            sound.rate = 48000
            out.mux(a.encode(sound))
            out.mux(a.encode())
        made.append((path, expected))
    return made


def check_av(internal: Path) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if not _sandbox(internal, "av", tmp / "site"):
            return []
        clips = make_clips(tmp)
        done = _run(DECODE, str(tmp / "site"), *(str(p) for p, _ in clips), cwd=tmp)
        if done.returncode != 0:
            return [f"PyAV with the bundle's libraries cannot decode: {done.stderr.strip()[-600:]}"]
        got = json.loads(done.stdout)
        problems = []
        for path, (video, audio) in clips:
            v_name, frames, a_name, samples = got[str(path)]
            if (v_name, a_name) != (video, audio) or frames != 12 or samples < 24000:
                problems.append(f"{path.name}: the bundle decoded {frames} {v_name} frames and {samples} {a_name} "
                                f"samples, not 12 {video} frames and 24000 {audio} samples")
            else:
                print(f"library_checks: {path.name}: {frames} {v_name} frames and {samples} {a_name} samples "
                      "decoded with the bundle's libraries")
        return problems


def check_numpy(internal: Path) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if not _sandbox(internal, "numpy", tmp / "site"):
            return []
        bundled = _run(STATS, str(tmp / "site"), str(ROOT), cwd=tmp)
        if bundled.returncode != 0:
            return [f"numpy with the bundle's libraries cannot run the insights' statistics: "
                    f"{bundled.stderr.strip()[-600:]}"]
        here = subprocess.run([sys.executable, "-c", STATS.replace("sys.path[:0] = [sys.argv[1], sys.argv[2]]\n", "")
                               .replace("assert numpy.__file__.startswith(sys.argv[1]), numpy.__file__\n", "")],
                              capture_output=True, text=True, cwd=ROOT, timeout=300, check=True)
        if json.loads(bundled.stdout) != json.loads(here.stdout):
            return [f"the bundle's numpy gives other insights figures: {bundled.stdout[:300]} "
                    f"against {here.stdout[:300]}"]
        print("library_checks: the insights' statistics give the same figures with the bundle's numpy")
        return []
