"""Small video files made with PyAV for the tests: real MP4s, written in a temporary folder."""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
from PIL import Image

SAMPLE_RATE = 48000


def make_clip(path, *, width: int = 64, height: int = 64, seconds: float = 2.0, fps: int = 10,
              rotation: int = 0, audio: bool = False, black_first: float = 0.0, codec: str = "libx264",
              variable: bool = False, gop: int | None = None, faststart: bool = False,
              video: bool = True) -> Path:
    """An H.264 MP4 of coloured frames (black during the first ``black_first`` seconds).
    ``rotation``: a display matrix as a phone writes one (the picture stays coded as given).
    ``variable``: frames at uneven intervals, as a phone recording in low light.
    ``faststart``: the index before the frames, as for streaming (a cut copy then keeps its header).
    ``audio``: a silent stereo AAC track as long as the clip; with ``video=False`` it is all the
    file holds (a song, which is no ad video)."""
    path = Path(path)
    options = {"movflags": "faststart"} if faststart else {}
    with av.open(str(path), "w", format="mp4", options=options) as out:
        # Every stream is added before the first packet: muxing writes the header.
        stream = _video_stream(out, width, height, fps, codec, variable, gop, rotation) if video else None
        sound = out.add_stream("aac", rate=SAMPLE_RATE) if audio else None
        if stream is not None:
            _write_frames(out, stream, width, height, seconds, fps, black_first, variable)
        if sound is not None:
            _write_silence(out, sound, seconds)
    return path


def _video_stream(out, width: int, height: int, fps: int, codec: str, variable: bool, gop: int | None,
                  rotation: int):
    stream = out.add_stream(codec, rate=fps)
    stream.width, stream.height = width, height
    stream.pix_fmt = "yuv420p"
    if gop:
        stream.codec_context.gop_size = gop
    if variable:
        stream.codec_context.time_base = Fraction(1, 1000)
    if rotation:
        stream.set_display_rotation(rotation)
    return stream


def _write_frames(out, stream, width: int, height: int, seconds: float, fps: int, black_first: float,
                  variable: bool) -> None:
    n = max(1, round(seconds * fps))
    pts_ms = 0
    for i in range(n):
        t = i / fps
        colour = (0, 0, 0) if t < black_first else ((40 + 7 * i) % 256, 120, 200)
        frame = av.VideoFrame.from_image(Image.new("RGB", (width, height), colour))
        if variable:
            frame.pts, frame.time_base = pts_ms, Fraction(1, 1000)
            pts_ms += 1000 // fps if i % 3 else 3000 // fps
        for packet in stream.encode(frame):
            out.mux(packet)
    for packet in stream.encode():
        out.mux(packet)


def _write_silence(out, sound, seconds: float, frame_size: int = 1024) -> None:
    for start in range(0, int(SAMPLE_RATE * seconds), frame_size):
        frame = av.AudioFrame(format="fltp", layout="stereo", samples=frame_size)
        for plane in frame.planes:
            plane.update(bytes(plane.buffer_size))
        frame.sample_rate, frame.pts = SAMPLE_RATE, start
        for packet in sound.encode(frame):
            out.mux(packet)
    for packet in sound.encode():
        out.mux(packet)


def truncate(path, keep: float = 0.6) -> Path:
    """The file cut short, as a copy that stopped half-way."""
    path = Path(path)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path
