"""The persistent preview cache: keys, LRU by bytes, damaged entries, two processes, reopening."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image

from dcstudio.core.model.assets import ImageAsset
from dcstudio.core.model.combinations import CombinationSpace
from dcstudio.core.model.project_folder import load_project
from dcstudio.core.render import TileCache, render_preview
from dcstudio.core.render.preview_store import PreviewStore, entry_key, preview_cache_dir
from dcstudio.core.values.crops import Crop


def _image(colour, size=(40, 30)) -> Image.Image:
    return Image.new("RGB", size, colour)


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.px"))


def test_the_folder_is_the_env_override_else_the_users_cache_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("DCSTUDIO_CACHE_DIR", str(tmp_path))
    assert preview_cache_dir() == tmp_path / "previews"
    monkeypatch.delenv("DCSTUDIO_CACHE_DIR")
    import platformdirs

    assert preview_cache_dir() == Path(platformdirs.user_cache_dir("dcstudio")) / "previews"


def test_an_entry_comes_back_pixel_for_pixel_in_a_new_store(tmp_path):
    picture = Image.effect_noise((64, 48), 40).convert("RGB")
    PreviewStore(tmp_path).put("ab" * 32, picture)
    again = PreviewStore(tmp_path).get("ab" * 32)  # another session
    assert again is not None and again.size == picture.size and again.tobytes() == picture.tobytes()


def test_the_key_changes_with_the_hash_the_file_the_crop_and_the_size(tmp_path):
    photo = tmp_path / "a.jpg"
    photo.write_bytes(b"one")
    key = entry_key("h1", photo, (0, 0, 10, 10), (320, 320))
    assert key == entry_key("h1", photo, (0, 0, 10, 10), (320, 320))
    assert key != entry_key("h2", photo, (0, 0, 10, 10), (320, 320))
    assert key != entry_key("h1", photo, (0, 1, 10, 10), (320, 320))
    assert key != entry_key("h1", photo, (0, 0, 10, 10), (320, 400))
    stamp = photo.stat().st_mtime_ns
    photo.write_bytes(b"two")  # same length: the time tells
    os.utime(photo, ns=(stamp + 1_000_000_000, stamp + 1_000_000_000))
    assert key != entry_key("h1", photo, (0, 0, 10, 10), (320, 320))
    assert entry_key("h1", tmp_path / "gone.jpg", (0, 0, 10, 10), (320, 320)) is None


def test_the_least_recently_used_entries_go_when_the_bytes_run_over(tmp_path):
    one = len(_image("red").tobytes()) + 64  # an entry: the pixels and a small header
    store = PreviewStore(tmp_path, max_bytes=3 * one)
    for i, key in enumerate(("a1", "b2", "c3")):
        store.put(key * 32, _image((i, 0, 0)))
        past = time.time() - 100 + i
        os.utime(store._path(key * 32), (past, past))
    assert store.get("a1" * 32) is not None  # read: the most recent now
    store.put("d4" * 32, _image("blue"))
    assert store.get("b2" * 32) is None  # the least recently used went
    assert store.get("a1" * 32) is not None and store.get("d4" * 32) is not None
    assert store.total_bytes() <= 3 * one


def test_a_damaged_entry_is_dropped_and_made_again(tmp_path):
    store = PreviewStore(tmp_path)
    store.put("cd" * 32, _image("green"))
    (entry,) = _entries(tmp_path)
    data = entry.read_bytes()
    for damage in (data[: len(data) // 2], data[:-1] + bytes([data[-1] ^ 0xFF]), b"", b"not an entry at all"):
        entry.write_bytes(damage)
        assert store.get("cd" * 32) is None
        assert not entry.exists()
        store.put("cd" * 32, _image("green"))
        assert store.get("cd" * 32).getpixel((0, 0)) == (0, 128, 0)


def test_a_cache_that_cannot_be_written_is_not_used(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder would be")
    store = PreviewStore(blocker / "previews")
    store.put("ef" * 32, _image("red"))  # no error
    assert store.get("ef" * 32) is None


_WRITER = """
import sys
from PIL import Image
from dcstudio.core.values.crops import Crop
from dcstudio.core.render.preview_store import PreviewStore
store = PreviewStore(sys.argv[1])
picture = Image.effect_noise((300, 200), 50).convert("RGB")
picture.save(sys.argv[2])
for _ in range(60):
    store.put("77" * 32, picture)
    seen = store.get("77" * 32)
    assert seen is not None, "a reader saw no entry or a damaged one"
"""


def test_two_processes_writing_the_same_key_leave_one_whole_entry(tmp_path):
    folder = tmp_path / "cache"
    writers = [subprocess.Popen([sys.executable, "-c", _WRITER, str(folder), str(tmp_path / f"{i}.png")],
                                stderr=subprocess.PIPE, text=True) for i in range(2)]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    kept = PreviewStore(folder).get("77" * 32)
    written = [Image.open(tmp_path / f"{i}.png").tobytes() for i in range(2)]
    assert kept is not None and kept.tobytes() in written  # one writer's whole picture
    assert [p.name for p in folder.rglob("*") if p.is_file()] == ["77" * 32 + ".px"]  # no temporaries


def test_a_reopened_project_draws_from_the_cache_and_a_changed_crop_misses(demo_copy, tmp_path):
    store = PreviewStore(tmp_path / "previews")
    project = load_project(demo_copy)
    combo = CombinationSpace.from_project(project)[0]
    first = render_preview(project, combo, "feed-square", 200, cache=TileCache(store=store))
    made = len(_entries(tmp_path / "previews"))
    assert made >= 1 and store.misses >= 1 and store.hits == 0

    again = PreviewStore(tmp_path / "previews")  # a new session, a new in-memory cache
    second = render_preview(load_project(demo_copy), combo, "feed-square", 200, cache=TileCache(store=again))
    assert again.hits == made and again.misses == 0
    assert second.tobytes() == first.tobytes()

    reopened = load_project(demo_copy)
    asset = reopened.find(combo.ids[0])
    assert isinstance(asset, ImageAsset)
    reopened.update_asset(asset.id, crop=Crop(0, 0, asset.width // 2, asset.width // 2, "1:1"))
    third = PreviewStore(tmp_path / "previews")
    render_preview(reopened, CombinationSpace.from_project(reopened)[0], "feed-square", 200,
                   cache=TileCache(store=third))
    assert third.misses >= 1  # the new crop is decoded, not the old one shown


def test_the_default_store_finds_its_folder_when_first_used(monkeypatch, tmp_path):
    store = PreviewStore.default()
    monkeypatch.setenv("DCSTUDIO_CACHE_DIR", str(tmp_path / "later"))
    store.put("aa" * 32, _image("red"))
    assert _entries(tmp_path / "later" / "previews")
