"""Reading video files with PyAV (its wheels bundle FFmpeg's decoders): probe facts, the poster
frame, a frame at any second. Only decodes; every refusal names the file and the reason.

Sizes are the displayed ones: a phone's display matrix (rotation) is applied, as EXIF orientation
is for photos. Nothing is decoded beyond what is asked: probing reads the container and the first
packets; a poster decodes from the keyframe before its second up to one frame that is not black.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageStat

from dcstudio.core.model.assets import VideoFacts
from dcstudio.core.values.errors import VideoError

VIDEO_SUFFIXES = (".mp4", ".mov", ".m4v")
# Over 4096x2304 (an 8K video is 33 megapixels) a decoded frame alone is tens of MB and no
# placement shows more than 1080 px wide: refused at import, with the reason.
MAX_VIDEO_PIXELS = 4096 * 2304
# Meta's longest feed video is 241 minutes; a longer file has no placement to go to.
MAX_SECONDS = 241 * 60
POSTER_SECOND = 1.0  # where the default poster is looked for
POSTER_LOOK_SECONDS = 3.0  # how far past it the search for a frame that is not black goes
BLACK_LEVEL = 20  # mean luma (0-255) at or under which a frame counts as black
_VFR_PACKETS = 240  # packets whose timestamps decide whether the frame rate varies


def _av():
    try:
        import av
    except ImportError:  # the decoder is a dependency, but a broken install must not crash the studio
        return None
    return av


def _open(path: Path):
    av = _av()
    if av is None:
        raise VideoError(path, "cannot be read: PyAV (the video decoder, package 'av') is not installed")
    if not path.exists():
        raise VideoError(path, "file not found")
    if path.is_dir():
        raise VideoError(path, "is a folder, not a video file")
    if path.stat().st_size == 0:
        raise VideoError(path, "the file is empty")
    try:
        return av.open(str(path), "r", metadata_errors="ignore")
    except av.error.FFmpegError as exc:
        raise VideoError(path, _unreadable(path, exc)) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise VideoError(path, f"cannot be read: {exc}") from None


def _unreadable(path: Path, exc: Exception) -> str:
    with open(path, "rb") as fh:
        head = fh.read(16)
    if len(head) >= 8 and head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free"):
        return (f"is damaged or truncated: the MP4/MOV header is there but the file cannot be read "
                f"({getattr(exc, 'strerror', None) or exc}); copy it again from where it came")
    return (f"is not a video that can be read (the name says {path.suffix or 'nothing'}, the content is not "
            "an MP4 or MOV video)")


def _video_stream(container, path: Path):
    if not container.streams:
        raise VideoError(path, _unreadable(path, ValueError("no streams found")))
    if not container.streams.video:
        kinds = sorted({s.type for s in container.streams})
        what = "it is audio only" if kinds == ["audio"] else f"it holds {', '.join(kinds) or 'no streams'}"
        raise VideoError(path, f"has no video picture ({what}): add a video file, not a sound file")
    stream = container.streams.video[0]
    stream.thread_type = "AUTO"
    return stream


def _duration(container, stream) -> float:
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    return container.duration / 1_000_000 if container.duration else 0.0


def _variable_fps(container, stream) -> bool:
    """True when the first packets' timestamps are unevenly spaced (demuxed only, not decoded)."""
    stamps = []
    for packet in container.demux(stream):
        if packet.pts is not None:
            stamps.append(packet.pts)
        if len(stamps) >= _VFR_PACKETS:
            break
    stamps.sort()
    steps = [b - a for a, b in zip(stamps, stamps[1:], strict=False) if b > a]
    return len(steps) >= 3 and max(steps) > min(steps) * 1.5


def _rotation(degrees) -> int:
    return round((degrees or 0) / 90) * 90 % 360


def _upright(image: Image.Image, rotation: int) -> Image.Image:
    # The display matrix turns the picture counterclockwise by ``rotation``; so does PIL's rotate.
    return image.rotate(rotation, expand=True) if rotation else image


@dataclass(frozen=True)
class Poster:
    image: Image.Image  # upright, RGB
    second: float


def probe_video(path) -> tuple[VideoFacts, Poster]:
    """The facts of a video file and its default poster: the first frame that is not black about
    POSTER_SECOND in (the first frame when all are black). Raises VideoError naming the file for a
    file that is not a video, has no picture, is truncated, or is too large to handle."""
    path = Path(path)
    with _open(path) as container:
        stream = _video_stream(container, path)
        coded_w, coded_h = stream.codec_context.width, stream.codec_context.height
        if not coded_w or not coded_h:
            raise VideoError(path, "is damaged: its video stream has no picture size")
        if coded_w * coded_h > MAX_VIDEO_PIXELS:
            raise VideoError(path, f"is {coded_w}x{coded_h} pixels ({coded_w * coded_h / 1e6:.0f} megapixels); the "
                                   "studio takes videos up to 4096x2304 (4K), more than any placement shows: "
                                   "scale it down")
        duration = _duration(container, stream)
        if duration > MAX_SECONDS:
            raise VideoError(path, f"lasts {duration / 3600:.1f} hours; Meta's longest placement (feed) takes "
                                   f"{MAX_SECONDS // 60} minutes: cut it shorter")
        fps = float(stream.average_rate or stream.guessed_rate or 0)
        codec = stream.codec_context.name
        audio = container.streams.audio[0].codec_context.name if container.streams.audio else ""
        variable = _variable_fps(container, stream)
        poster = _poster(container, stream, path, duration)
        frame_rotation = poster.rotation
        _check_end(container, stream, path, duration)
    rotation = _rotation(frame_rotation)
    width, height = (coded_h, coded_w) if rotation in (90, 270) else (coded_w, coded_h)
    facts = VideoFacts(width, height, round(duration, 3), round(fps, 3), codec, os.path.getsize(path), rotation,
                       variable, audio)
    return facts, Poster(_upright(poster.frame.to_image(), rotation).convert("RGB"), round(poster.second, 3))


@dataclass
class _Found:
    frame: object
    second: float
    rotation: int


def _decode_from(container, stream, second: float, path: Path):
    """Frames from the keyframe at or before ``second``; a decoding failure names the file."""
    av = _av()
    try:
        if second > 0:
            container.seek(int(second / stream.time_base), stream=stream, backward=True, any_frame=False)
        yield from container.decode(stream)
    except av.error.FFmpegError as exc:
        raise VideoError(path, f"is damaged or truncated: decoding stopped ({exc})") from None


def _mean_luma(frame) -> float:
    small = frame.reformat(width=32, height=max(1, 32 * frame.height // max(1, frame.width)), format="gray")
    return ImageStat.Stat(small.to_image()).mean[0]


def _keyframe_after(container, stream, path: Path, start: float) -> _Found | None:
    """The first keyframe at or after ``start`` when it comes within a second and is not black:
    one frame decoded (phones and editors put a keyframe every 1-2 s)."""
    if start <= 0:
        return None
    av = _av()
    try:
        container.seek(int(start / stream.time_base), stream=stream, backward=False, any_frame=False)
        for frame in container.decode(stream):
            t = float(frame.time) if frame.time is not None else -1.0
            if start - 0.05 <= t <= start + 1.0 and _mean_luma(frame) > BLACK_LEVEL:
                return _Found(frame, t, frame.rotation)
            return None
    except av.error.FFmpegError:
        return None  # the careful search below names what is wrong
    return None


def _poster(container, stream, path: Path, duration: float) -> _Found:
    start = min(POSTER_SECOND, duration / 2) if duration else 0.0
    quick = _keyframe_after(container, stream, path, start)
    if quick is not None:
        return quick
    first = None
    for frame in _decode_from(container, stream, start, path):
        t = float(frame.time) if frame.time is not None else 0.0
        if t + 1e-6 < start - 0.5 / max(1.0, float(stream.average_rate or 25)):
            continue  # before the second asked for: decoded only to reach it
        if first is None:
            first = _Found(frame, t, frame.rotation)
        if _mean_luma(frame) > BLACK_LEVEL:
            return _Found(frame, t, frame.rotation)
        if t > start + POSTER_LOOK_SECONDS:
            break
    if first is None:
        # the seek went past the frames the file really holds: it is shorter than it says
        for frame in _decode_from(container, stream, 0.0, path):
            return _Found(frame, float(frame.time or 0.0), frame.rotation)
        raise VideoError(path, "is damaged or truncated: it holds no picture that can be decoded")
    return first


def _check_end(container, stream, path: Path, duration: float) -> None:
    """A truncated file keeps its header's duration; the packets near its end then point past the
    end of the file. Demuxes (does not decode) the last second."""
    size = os.path.getsize(path)
    try:
        container.seek(int(max(0.0, duration - 1.0) / stream.time_base), stream=stream, backward=True)
        last = None
        for packet in container.demux(stream):
            if packet.size:
                last = packet
        if last is None or (last.pos is not None and last.pos >= 0 and last.pos + last.size > size):
            raise VideoError(path, "is truncated: the file ends before the video does; copy it again from where it "
                                   "came")
    except _av().error.FFmpegError as exc:
        raise VideoError(path, f"is damaged or truncated: reading its end failed ({exc})") from None


def frame_at(path, second: float, *, max_size: tuple[int, int] | None = None,
             cancel: threading.Event | Callable[[], bool] | None = None) -> Poster:
    """The upright frame shown at ``second`` (for the thumbnail picker and the large preview's
    scrubbing), scaled down to fit ``max_size`` while decoding. Raises VideoError naming the file."""
    path = Path(path)
    stopped = (cancel.is_set if isinstance(cancel, threading.Event) else cancel) or (lambda: False)
    with _open(path) as container:
        stream = _video_stream(container, path)
        chosen = None
        for frame in _decode_from(container, stream, max(0.0, second), path):
            if stopped():
                raise VideoError(path, "reading the frame was cancelled")
            chosen = frame
            if frame.time is not None and frame.time + 1e-6 >= second:
                break
        if chosen is None:
            raise VideoError(path, f"holds no picture at {second:.2f} s")
        rotation = _rotation(chosen.rotation)
        if max_size:
            w, h = chosen.width, chosen.height
            fit_w, fit_h = (max_size[1], max_size[0]) if rotation in (90, 270) else max_size
            scale = min(1.0, fit_w / w, fit_h / h)
            if scale < 1.0:
                chosen = chosen.reformat(width=max(2, int(w * scale)), height=max(2, int(h * scale)))
        image = _upright(chosen.to_image(), rotation).convert("RGB")
        return Poster(image, float(chosen.time or 0.0))


def save_poster(image: Image.Image, dest: Path) -> None:
    """The poster as a JPEG; Meta's video thumbnails are images uploaded like any other."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    image.convert("RGB").save(dest, "JPEG", quality=90)
