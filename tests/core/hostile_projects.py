"""A fixed corpus of hostile project files, each the demo's dcstudio.json with one thing made bad.

Each case is built as bytes (some cannot be written with ``json.dumps``: a 5,000-deep array, an
integer of 5,000 digits, a lone surrogate escape) and names the field the reader must blame.
Shared by the reader's tests and the CLI's.
"""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from dcstudio.core.values.resources import demo_project_dir

MARK = "\u2063HOLE\u2063"  # a placeholder, replaced by raw JSON text after dumping


def demo_doc() -> dict:
    return json.loads((demo_project_dir() / "dcstudio.json").read_text("utf-8"))


@dataclass(frozen=True)
class Hostile:
    name: str
    field: str  # the field the message must name
    build: Callable[[], bytes]


def _with(path: list, raw: str) -> Callable[[], bytes]:
    """The demo with the value at ``path`` replaced by the raw JSON text ``raw``."""
    def build() -> bytes:
        doc = demo_doc()
        node = doc
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = MARK
        return json.dumps(doc, ensure_ascii=True).replace(json.dumps(MARK), raw).encode("utf-8")
    return build


def _value(path: list, value) -> Callable[[], bytes]:
    return _with(path, json.dumps(value))


CASES = [
    Hostile("deep-array", "campaign.targeting.deep", _with(["campaign", "targeting", "deep"], "[" * 5000 + "]" * 5000)),
    Hostile("deep-objects", "campaign.promoted_object.a", _with(["campaign", "promoted_object", "a"],
                                                                '{"a":' * 3000 + "1" + "}" * 3000)),
    Hostile("huge-int-width", "assets.images[0].width", _with(["assets", "images", 0, "width"], "9" * 5000)),
    Hostile("huge-int-free", "campaign.targeting.age_min", _with(["campaign", "targeting", "age_min"], "1" * 4400)),
    Hostile("infinite-float", "campaign.targeting.age_max", _with(["campaign", "targeting", "age_max"], "1e999")),
    Hostile("fractional-width", "assets.images[0].width", _with(["assets", "images", 0, "width"], "1200.5")),
    Hostile("huge-float-width", "assets.images[0].width", _with(["assets", "images", 0, "width"], "1e300")),
    Hostile("nul-in-path", "assets.images[0].file", _value(["assets", "images", 0, "file"], "assets/a\x00.jpg")),
    Hostile("surrogate-in-title", "assets.titles[0].text", _with(["assets", "titles", 0, "text"], '"Hi \\udc00"')),
    Hostile("surrogate-in-name", "name", _with(["name"], '"\\ud83c"')),
    Hostile("surrogate-in-key", "campaign.targeting", _with(["campaign", "targeting"], '{"\\udfff": 1}')),
    Hostile("backslash-traversal", "assets.images[0].file",
            _value(["assets", "images", 0, "file"], "assets/..\\..\\..\\..\\evil.jpg")),
    Hostile("backslash", "assets.images[1].file", _value(["assets", "images", 1, "file"], "assets\\mug.jpg")),
    Hostile("dotdot", "assets.images[0].file", _value(["assets", "images", 0, "file"], "assets/../../evil.jpg")),
    Hostile("absolute", "assets.images[0].file", _value(["assets", "images", 0, "file"], "/etc/passwd")),
    Hostile("drive-letter", "assets.images[0].file", _value(["assets", "images", 0, "file"], "C:/evil.jpg")),
    Hostile("drive-relative", "assets.images[0].file", _value(["assets", "images", 0, "file"], "c:evil.jpg")),
    Hostile("unc", "assets.images[0].file", _value(["assets", "images", 0, "file"], "//server/share/evil.jpg")),
    Hostile("video-thumbnail-dotdot", "assets.videos[0].thumbnail",
            _value(["assets", "videos"], [{"id": "vid1", "video_id": "123", "thumbnail": "../x.jpg"}])),
    Hostile("format-version-true", "format_version", _value(["format_version"], True)),
    Hostile("width-string", "assets.images[0].width", _value(["assets", "images", 0, "width"], "1200")),
    Hostile("crop-bool", "assets.images[0].crop.left", _value(["assets", "images", 0, "crop", "left"], False)),
]


# One audit hook for the whole test run (hooks cannot be removed): while a ``watch_opens`` block
# runs, it records each file opened that is not inside the watched place (or, for a file, is it).
_watch: dict = {"inside": None, "exact": None, "seen": None}


def _hook(event, args):
    if event != "open" or _watch["seen"] is None or not args:
        return
    try:
        path = os.path.realpath(os.fsdecode(args[0]))
    except (TypeError, ValueError, OSError):  # a file descriptor, or a name that cannot be a path
        return
    inside, exact = _watch["inside"], _watch["exact"]
    if (exact is not None and path == exact) or (inside is not None and path != inside
                                                 and not path.startswith(inside + os.sep)):
        _watch["seen"].append(path)


@contextmanager
def watch_opens(path=None, *, outside_of=None):
    """Lists the files opened inside the block: ``path`` itself, or anything not in ``outside_of``."""
    global _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True
    seen: list[str] = []
    _watch.update(exact=os.path.realpath(path) if path else None,
                  inside=os.path.realpath(outside_of) if outside_of else None, seen=seen)
    try:
        yield seen
    finally:
        _watch.update(exact=None, inside=None, seen=None)


_installed = False
