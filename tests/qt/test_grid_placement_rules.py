"""The grid's placement picks the assets the project's customization rules give it: the Story
tiles show the image labelled for stories (tests/corpus/doc_placement_images_feed_story.json)."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

import shiboken6  # noqa: E402
from PIL import Image  # noqa: E402
from PySide6.QtCore import QObject  # noqa: E402

from dcstudio.core.model.project_folder import load_project  # noqa: E402
from dcstudio.core.platforms.meta.export.importer import import_spec  # noqa: E402
from dcstudio.qt.grid_model import CombinationGridModel  # noqa: E402
from dcstudio.qt.tile_loader import TileLoader  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_the_story_tiles_show_the_story_image_and_the_feed_tiles_the_feed_one(tmp_path, qapp):
    import_spec(CORPUS / "doc_placement_images_feed_story.json", tmp_path / "p")
    project = load_project(tmp_path / "p")
    by_label = {label: a.id for a in project.pools["images"] for label in a.adlabels}
    owner = QObject()
    loader = TileLoader(lambda *args: Image.new("RGB", (8, 8)), threads=1, parent=owner)
    try:
        model = CombinationGridModel(loader, owner)
        model.set_project(project)
        model.set_placement("story")
        assert {model.space[i].get("media") for i in range(len(model.space))} == {by_label["labelig"]}
        model.set_placement("feed-portrait")
        assert {model.space[i].get("media") for i in range(len(model.space))} == {by_label["labelfb"]}
    finally:
        loader.shutdown()
        shiboken6.delete(owner)
