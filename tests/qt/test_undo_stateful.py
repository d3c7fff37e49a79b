"""A stateful property test of editing, undo/redo and saving, the way the window does them.

Random but valid undo commands are pushed on a Document opened on a copy of the demo project
(one of whose image files has changed on disk, so the project starts with a file problem);
undo, redo, jumps in the history, saves and reopenings come in between. After every step:

- the project at each position of the undo stack is exactly what it was when the stack was last
  there (its JSON form and its file problems), so undoing everything gives the project as opened;
- the JSON form passes the schema and reads back to the same JSON; a save and load gives it too;
- pool models and a grid model kept in step with ``document.changed`` (as the main window does)
  agree with freshly built models, and a pool model's row signals told the truth; the grid's
  count matches a brute-force count of the ads (pins, exclusions, ad format);
- the grid's tiles, cached or new, show the project as it is now (the fake renderer paints a
  colour standing for everything the real one would draw);
- a document that says it has no unsaved changes holds what was last saved.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import os
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from dcstudio.core.model.assets import POOLS, Approval, CtaAsset, LinkAsset, TextAsset, VideoAsset
from dcstudio.core.model.campaign import Budget
from dcstudio.core.model.combinations import CombinationSpace
from dcstudio.core.model.project import highest_ids, id_number
from dcstudio.core.model.project_folder import import_image, load_project
from dcstudio.core.model.project_format import dumps, project_from_dict
from dcstudio.core.render import PLACEMENTS, content_of
from dcstudio.core.values.crops import CROP_KEYS, Crop
from dcstudio.core.values.meta_enums import AD_FORMATS, CALL_TO_ACTION_TYPES, DC_OBJECTIVES, ENHANCEMENT_FEATURES
from dcstudio.core.values.resources import demo_project_dir

pytest.importorskip("PySide6")

import shiboken6  # noqa: E402
from PIL import Image  # noqa: E402
from PySide6.QtCore import (  # noqa: E402
    QCoreApplication,
    QEventLoop,
    QModelIndex,
    QObject,  # noqa: E402
)

from dcstudio.core.model.customization import PLACEMENT_GROUPS, ChoicesUnreadable, ShowIn, read_choices  # noqa: E402
from dcstudio.qt.commands import (  # noqa: E402
    AddAssetCommand,
    EnhancementCommand,
    ExclusionCommand,
    MoveAssetCommand,
    PinCommand,
    ProjectSettingsCommand,
    RemoveAssetCommand,
    ReplaceAssetCommand,
    SetCampaignCommand,
    show_in_command,
)
from dcstudio.qt.document import open_document  # noqa: E402
from dcstudio.qt.grid_model import CombinationGridModel  # noqa: E402
from dcstudio.qt.pool_model import PoolModel  # noqa: E402
from dcstudio.qt.tile_loader import TileError, TileLoader  # noqa: E402

TEXT_POOLS = ("titles", "bodies", "descriptions")
# What the rules did over a whole run: the test fails if the machine never really exercised them.
RAN: Counter = Counter()
WORK = {"root": None}

texts = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).filter(str.strip)
names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).map(str.strip).filter(bool)
urls = st.sampled_from(["https://example.com/", "https://shop.example.com/spring?x=1",
                        "https://example.org/ünïcode", "https://example.com/a/b"])
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2)


def _undoable(project) -> str:
    """The project file less ``last_asset_ids``: the one thing undo never takes back (an id once
    given is never given again), checked by ``ids_are_never_given_twice``."""
    doc = json.loads(dumps(project))
    doc.pop("last_asset_ids")
    return json.dumps(doc, indent=2, ensure_ascii=False)


def _colour(project, combination, placement) -> tuple[int, int, int]:
    """Everything a preview shows (the renderer's own content_of, plus placeholders), as a colour."""
    content = content_of(project, combination, placement)
    problems = sorted((i, project.file_problems.get(i)) for i in combination.asset_ids())
    shown = [(a.id, a.sha256, getattr(a, "crop", None), project.file_problems.get(a.id)) for a in content.media]
    digest = hashlib.sha256(repr((content, problems, shown)).encode()).digest()
    return digest[0], digest[1], digest[2]


def _render(space, combination, placement, size):
    # No real rendering: a plain tile whose colour stands for what the real one would show.
    return Image.new("RGB", (16, 16), _colour(space.sources, combination, placement))


class RowTracker:
    """Replays a pool model's row signals on a list of ids, as a view would see them."""

    def __init__(self, model: PoolModel):
        self.model, self.ids = model, []
        model.modelReset.connect(self._reset)
        model.rowsInserted.connect(self._inserted)
        model.rowsRemoved.connect(self._removed)
        model.rowsMoved.connect(self._moved)

    def _reset(self):
        self.ids = [self.model.asset_id(r) for r in range(self.model.rowCount())]

    def _inserted(self, _parent, first, last):
        self.ids[first:first] = [self.model.asset_id(r) for r in range(first, last + 1)]

    def _removed(self, _parent, first, last):
        del self.ids[first:last + 1]

    def _moved(self, _parent, start, end, _dest_parent, row):
        moving = self.ids[start:end + 1]
        rest = self.ids[:start] + self.ids[end + 1:]
        at = row if row <= start else row - len(moving)
        self.ids = rest[:at] + moving + rest[at:]


def _pool_rows(model: PoolModel) -> list:
    rows = []
    for r in range(model.rowCount()):
        index = model.index(r)
        rows.append((model.asset_id(r), model.data(index), model.data(index, PoolModel.PinnedRole),
                     model.data(index, PoolModel.ProblemRole), model.data(index, PoolModel.ShowInRole)))
    return rows


def _grid_rows(model: CombinationGridModel) -> tuple:
    n = model.rowCount()
    sample = sorted({0, 1, n // 3, n // 2, n - 2, n - 1} & set(range(n)))
    return n, model.excluded_count, [model.combination(r).ids for r in sample]


def _brute_force_count(project, honour_exclusions: bool) -> int | None:
    """The number of ads, counted the slow obvious way (None when too many to list, or when
    customization rules choose each placement's assets: the grid then counts its placement's)."""
    if project.customization.rules:
        return None
    pools = project.pools
    cards: list[str] = []
    dims = []
    if project.ad_format == "CAROUSEL":
        cards = [a.id for a in pools["images"][:10]]
        if not cards:
            return 0
    else:
        media = {"SINGLE_IMAGE": ["images"], "SINGLE_VIDEO": ["videos"],
                 "AUTOMATIC_FORMAT": ["images", "videos"]}[project.ad_format]
        dims.append([a.id for pool in media for a in pools[pool]])
    dims += [[a.id for a in pools[pool]] for pool in ("titles", "bodies", "descriptions", "call_to_actions",
                                                       "link_urls") if pools[pool]]
    dims = [[a for a in ids if a in project.pins] or ids for ids in dims]
    total = 1
    for ids in dims:
        total *= len(ids)
    if total > 4000:
        return None
    if not honour_exclusions:
        return total
    return sum(1 for ids in itertools.product(*dims)
               if not any(pair <= set(ids) | set(cards) for pair in project.exclusions))


class UndoMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        root = Path(tempfile.mkdtemp(dir=WORK["root"]))
        self.folder = root / "project"
        shutil.copytree(demo_project_dir(), self.folder)
        # A file changed behind the project's back: that image must stay flagged, whatever is undone.
        with open(self.folder / "assets" / "ceramic-mug.jpg", "ab") as f:
            f.write(b"edited elsewhere")
        self.sources = []
        for i, size in enumerate([(64, 48), (40, 90)]):
            path = root / f"new-{i}.png"
            Image.new("RGB", size, (30 * i, 90, 160)).save(path)
            self.sources.append(path)
        # One owner for this example's Qt objects, deleted in teardown while the QApplication
        # lives: left to the garbage collector, some outlived it and crashed the test run's exit.
        self.owner = QObject()
        self.loader = TileLoader(_render, threads=1, parent=self.owner)
        self.grid = CombinationGridModel(self.loader, self.owner)
        self.pool_models = {pool: PoolModel(pool, self._push, self.owner) for pool in POOLS}
        self.trackers = {pool: RowTracker(m) for pool, m in self.pool_models.items()}
        self.document = None
        self._open(open_document(self.folder))
        assert self.project.file_problems, "the demo copy should start with a changed file"

    # -- set-up, as MainWindow.set_document does it ---------------------------------------------------
    def _open(self, document) -> None:
        if self.document is not None:
            self.document.close()
        self.document = document
        document.setParent(self.owner)
        self.grid.set_document(document)  # each model follows the document's changes itself
        for model in self.pool_models.values():
            model.set_document(document)
        # What the project is at each position of the undo stack, and what its file holds.
        self.states = {0: self._state()}
        self.saved = _undoable(document.project)
        self.given: set[str] = {a.id for _, a in document.project.assets()}  # every id seen in this file

    @property
    def project(self):
        return self.document.project

    def _state(self) -> tuple:
        p = self.project
        return _undoable(p), tuple(sorted(p.file_problems.items()))

    def _push(self, command) -> None:
        self._record(lambda: self.document.push(command))
        RAN[type(command).__name__] += 1

    def _record(self, step) -> None:
        """Runs ``step`` (one command pushed, or one macro) and notes the state it leads to."""
        stack = self.document.undo_stack
        before = stack.index()
        step()
        assert stack.index() == before + 1
        for i in [i for i in self.states if i > before]:
            del self.states[i]
        self.states[stack.index()] = self._state()
        RAN["push"] += 1

    def _ids(self, *pools) -> list[str]:
        return [a.id for pool in (pools or POOLS) for a in self.project.pools[pool]]

    def teardown(self):
        self.loader.shutdown()
        if self.document is not None:
            self.document.close()
        shiboken6.delete(self.owner)

    # -- assets ---------------------------------------------------------------------------------------
    @rule(pool=st.sampled_from(TEXT_POOLS), text=texts, where=st.integers(-1, 6))
    def add_text(self, pool, text, where):
        self._push(AddAssetCommand(self.project, pool, TextAsset("", text), None if where < 0 else where))

    @rule(data=st.data())
    def duplicate(self, data):
        ids = self._ids("titles", "bodies", "descriptions", "call_to_actions", "link_urls", "videos")
        assume(ids)
        asset_id = data.draw(st.sampled_from(ids))
        asset = self.project.asset(asset_id)
        copy = replace(asset, id="", approval=Approval())
        self._push(AddAssetCommand(self.project, self.project.pool_of(asset_id), copy,
                                   self.project.index_of(asset_id) + 1, f"Duplicate {asset_id}"))

    @rule(cta=st.sampled_from(CALL_TO_ACTION_TYPES))
    def add_cta(self, cta):
        self._push(AddAssetCommand(self.project, "call_to_actions", CtaAsset("", cta)))

    @rule(url=urls, display=st.sampled_from(["", "example.com"]))
    def add_link(self, url, display):
        self._push(AddAssetCommand(self.project, "link_urls", LinkAsset("", url, display)))

    @rule(video_id=st.integers(1, 10**15).map(str))
    def add_video(self, video_id):
        self._push(AddAssetCommand(self.project, "videos", VideoAsset("", video_id=video_id)))

    @rule(which=st.integers(0, 1))
    def add_image(self, which):
        self._push(AddAssetCommand(self.project, "images", import_image(self.project, self.sources[which])))

    @rule()
    def add_images_at_once(self):
        """Several files dropped together: one undo step (a macro), as ImageActions does it."""
        stack = self.document.undo_stack

        def macro():
            stack.beginMacro(f"Add {len(self.sources)} images")
            for source in self.sources:
                stack.push(AddAssetCommand(self.project, "images", import_image(self.project, source)))
            stack.endMacro()

        self._record(macro)
        RAN["macro"] += 1

    @rule(data=st.data())
    def remove(self, data):
        ids = self._ids()
        assume(ids)
        # Flagged images weigh more: there are few of them, and they have the most to lose.
        flagged = [i for i in ids if i in self.project.file_problems]
        self._push(RemoveAssetCommand(self.project, data.draw(st.sampled_from(flagged * 3 + ids))))

    @rule(data=st.data(), text=texts)
    def edit_text(self, data, text):
        """Typed into the pool list: the model's setData pushes the command."""
        ids = self._ids(*TEXT_POOLS)
        assume(ids)
        asset = self.project.asset(data.draw(st.sampled_from(ids)))
        assume(text != asset.text)
        model = self.pool_models[self.project.pool_of(asset.id)]
        pushed = RAN["push"]
        assert model.setData(model.index(model.row_of(asset.id)), text)
        assert RAN["push"] == pushed + 1 and self.project.asset(asset.id).text == text

    @rule(data=st.data(), state=st.sampled_from(["draft", "approved", "rejected"]),
          note=st.sampled_from(["", "too long", "brand"]), label=st.sampled_from(["", "Hero", "Ünïcode"]))
    def approve_or_label(self, data, state, note, label):
        ids = self._ids()
        assume(ids)
        asset = self.project.asset(data.draw(st.sampled_from(ids)))
        new = replace(asset, approval=Approval(state, note), label=label)
        assume(new != asset)
        self._push(ReplaceAssetCommand(self.project, new))

    @rule(data=st.data(), cta=st.sampled_from(CALL_TO_ACTION_TYPES))
    def change_cta(self, data, cta):
        ids = self._ids("call_to_actions")
        assume(ids)
        asset = self.project.asset(data.draw(st.sampled_from(ids)))
        assume(cta != asset.type)
        self._push(ReplaceAssetCommand(self.project, replace(asset, type=cta)))

    @rule(data=st.data(), url=urls)
    def edit_link(self, data, url):
        ids = self._ids("link_urls")
        assume(ids)
        asset = self.project.asset(data.draw(st.sampled_from(ids)))
        assume(url != asset.website_url)
        self._push(ReplaceAssetCommand(self.project, replace(asset, website_url=url)))

    @rule(data=st.data(), key=st.sampled_from([k for k in CROP_KEYS if k != "191x100"]))
    def crop(self, data, key):
        ids = [i for i in self._ids("images") if i not in self.project.file_problems]
        assume(ids)
        asset = self.project.asset(data.draw(st.sampled_from(ids)))
        crop = Crop.centered(asset.width, asset.height, key)
        assume(crop != asset.crop)
        self._push(ReplaceAssetCommand(self.project, replace(asset, crop=crop), f"Crop {asset.id}"))

    @rule(data=st.data(), which=st.integers(0, 1))
    def relink_image(self, data, which):
        """Points an image at another file (a new hash): its old file problem no longer applies."""
        ids = self._ids("images")
        assume(ids)
        flagged = [i for i in ids if i in self.project.file_problems]
        asset = self.project.asset(data.draw(st.sampled_from(flagged * 3 + ids)))
        fresh = import_image(self.project, self.sources[which])
        new = replace(asset, file=fresh.file, sha256=fresh.sha256, width=fresh.width, height=fresh.height,
                      crop=fresh.crop)
        assume(new != asset)
        self._push(ReplaceAssetCommand(self.project, new, f"Relink {asset.id}"))

    @rule(data=st.data())
    def move(self, data):
        ids = self._ids()
        assume(ids)
        asset_id = data.draw(st.sampled_from(ids))
        size = len(self.project.pools[self.project.pool_of(asset_id)])
        row = data.draw(st.integers(0, size - 1))
        assume(row != self.project.index_of(asset_id))
        self._push(MoveAssetCommand(self.project, asset_id, row))

    # -- pins and exclusions (toggles, as the pool's context menu pushes them) ----------------------
    @rule(data=st.data())
    def toggle_pin(self, data):
        ids = self._ids()
        assume(ids)
        asset_id = data.draw(st.sampled_from(ids))
        self._push(PinCommand(self.project, asset_id, asset_id not in self.project.pins))

    @rule(data=st.data())
    def toggle_exclusion(self, data):
        ids = self._ids()
        assume(len(ids) > 1)
        first = data.draw(st.sampled_from(ids))
        others = [i for i in ids if self.project.pool_of(i) != self.project.pool_of(first)]
        assume(others)
        second = data.draw(st.sampled_from(others))
        excluded = frozenset((first, second)) in self.project.exclusions
        self._push(ExclusionCommand(self.project, first, second, not excluded))

    @rule(data=st.data(), groups=st.sets(st.sampled_from(list(PLACEMENT_GROUPS)), min_size=1),
          locale=st.sampled_from([None, 6, 9]))
    def show_in(self, data, groups, locale):
        """As the pool's "Show in…" does it."""
        ids = self._ids()
        assume(ids)
        try:
            choices = read_choices(self.project.customization, self.project.pools)
        except ChoicesUnreadable:  # e.g. a removed asset's label left behind: the window replaces them
            choices = {}
        command = show_in_command(self.project, choices, data.draw(st.sampled_from(ids)), ShowIn(groups, locale))
        assume(command is not None)
        self._push(command)

    # -- settings ---------------------------------------------------------------------------------------
    @rule(kind=st.sampled_from(["daily", "lifetime"]), amount=amounts,
          currency=st.sampled_from(["USD", "EUR", "JPY", "GBP"]), objective=st.sampled_from(DC_OBJECTIVES))
    def campaign(self, kind, amount, currency, objective):
        c = self.project.campaign
        new = replace(c, budget=Budget(kind, amount, currency), objective=objective)
        assume((new.budget, new.objective) != (c.budget, c.objective))
        self._push(SetCampaignCommand(self.project, new))

    @rule(name=names)
    def rename(self, name):
        assume(name != self.project.name)
        self._push(ProjectSettingsCommand(self.project, "Rename project", name=name))

    @rule(ad_format=st.sampled_from(AD_FORMATS))
    def ad_format(self, ad_format):
        assume(ad_format != self.project.ad_format)
        self._push(ProjectSettingsCommand(self.project, "Change ad format", ad_format=ad_format))

    @rule(feature=st.sampled_from(ENHANCEMENT_FEATURES), status=st.sampled_from([None, "OPT_IN", "OPT_OUT"]))
    def enhancement(self, feature, status):
        assume(self.project.enhancements.get(feature) != status)
        self._push(EnhancementCommand(self.project, feature, status))

    # -- history, views, files ------------------------------------------------------------------------
    @precondition(lambda self: self.document.undo_stack.canUndo())
    @rule(steps=st.integers(1, 3))
    def undo(self, steps):
        stack = self.document.undo_stack
        before = self._state()
        for _ in range(steps):
            stack.undo()
        RAN["undo"] += 1
        if self._state() != before:
            RAN["undo changed the project"] += 1

    @precondition(lambda self: self.document.undo_stack.canUndo())
    @rule()
    def undo_one(self):  # a second way in: undo comes up as often as the edits that feed it
        self.undo(1)

    @precondition(lambda self: self.document.undo_stack.canRedo())
    @rule(steps=st.integers(1, 3))
    def redo(self, steps):
        stack = self.document.undo_stack
        for _ in range(steps):
            stack.redo()
        RAN["redo"] += 1

    @precondition(lambda self: self.document.undo_stack.count() > 1)
    @rule(data=st.data())
    def jump(self, data):
        """The History panel: any position, in one go."""
        stack = self.document.undo_stack
        stack.setIndex(data.draw(st.integers(0, stack.count())))
        RAN["jump"] += 1

    @precondition(lambda self: self.document.undo_stack.count() > 0)
    @rule()
    def undo_all_and_redo_all(self):
        stack = self.document.undo_stack
        latest, top = self._state(), stack.index()
        stack.setIndex(0)
        assert self._state() == self.states[0]
        stack.setIndex(stack.count())
        stack.setIndex(top)
        assert self._state() == latest
        RAN["undo all"] += 1

    @rule(hide=st.booleans())
    def hide_excluded(self, hide):
        self.grid.set_hide_excluded(hide)

    @rule(placement=st.sampled_from(PLACEMENTS))
    def placement(self, placement):
        self.grid.set_placement(placement)

    @rule(data=st.data())
    def filter_grid(self, data):
        """"Show its combinations" on an asset, or back to all."""
        self.grid.set_filter(data.draw(st.sampled_from([None] + self._ids())))
        RAN["filter"] += 1

    @rule()
    def save_and_load(self):
        self.document.save()
        self.saved = _undoable(self.project)
        assert not self.document.is_modified
        reloaded = load_project(self.folder)
        assert dumps(reloaded) == dumps(self.project)
        RAN["save"] += 1

    @rule()
    def save_and_reopen(self):
        self.document.save()
        saved = dumps(self.project)
        self._open(open_document(self.folder))
        assert dumps(self.project) == saved
        RAN["reopen"] += 1

    # -- invariants -------------------------------------------------------------------------------------
    @invariant()
    def history_is_exact(self):
        index = self.document.undo_stack.index()
        assert self._state() == self.states[index], f"the project at undo position {index} differs"

    @invariant()
    def tiles_show_the_project_as_it_is(self):
        """The grid's tiles (rendered now, or cached from an earlier state) show the current project."""
        grid = self.grid
        rows = sorted({0, grid.rowCount() // 2, grid.rowCount() - 1} & set(range(grid.rowCount())))
        for row in rows:
            grid.request(row)
        # A wait for the workers, not a speed test: the GUI tests' one wait (tests/qt/conftest.py).
        deadline = time.monotonic() + WORK["wait_ms"] / 1000
        while any(grid.loader.tile(grid.key_for(r)) is None for r in rows) and time.monotonic() < deadline:
            QCoreApplication.processEvents(QEventLoop.AllEvents, 20)
        for row in rows:
            tile = grid.loader.tile(grid.key_for(row))
            assert tile is not None and not isinstance(tile, TileError), (row, tile)
            want = _colour(self.project, grid.combination(row), grid.placement)
            have = tile.pixelColor(tile.width() // 2, tile.height() // 2)
            assert (have.red(), have.green(), have.blue()) == want, \
                f"tile {row} ({grid.combination(row).slug()}, {grid.placement}) shows an older state"
        RAN["tiles checked"] += len(rows)

    @invariant()
    def unmodified_means_as_saved(self):
        """A document that says it has no unsaved changes closes without asking: it must be so."""
        if not self.document.is_modified:
            assert _undoable(self.project) == self.saved

    @invariant()
    def ids_are_never_given_twice(self):
        """An asset added after another was removed never takes its id: each id present is one
        seen before or a number above every number its pool has given."""
        project = self.project
        highest = highest_ids(self.given)
        new = [a.id for _, a in project.assets() if a.id not in self.given]
        for asset_id in new:
            numbered = id_number(asset_id)
            assert numbered is None or numbered[1] > highest.get(numbered[0], 0), asset_id
        self.given.update(new)
        for asset_id in self.given:
            numbered = id_number(asset_id)
            if numbered is not None:
                assert project.last_ids.get(numbered[0], 0) >= numbered[1], asset_id

    @invariant()
    def json_form_is_valid_and_stable(self):
        text = dumps(self.project)
        again = project_from_dict(json.loads(text), "in memory", folder=self.folder)
        assert dumps(again) == text

    @invariant()
    def models_agree_with_fresh_ones(self):
        project = self.project
        for pool, model in self.pool_models.items():
            ids = [a.id for a in project.pools[pool]]
            assert self.trackers[pool].ids == ids, f"{pool}: row signals disagree with the pool"
            fresh = PoolModel(pool, self._push)
            fresh.set_project(project)
            assert _pool_rows(model) == _pool_rows(fresh), pool
        hide = self.grid.hide_excluded
        fresh_grid = CombinationGridModel(self.loader)
        fresh_grid.set_hide_excluded(hide)
        fresh_grid.set_placement(self.grid.placement)  # rules give each placement its own assets
        fresh_grid.project = project
        fresh_grid.filter_asset = self.grid.filter_asset
        fresh_grid.rebuild()
        self.loader.tile_ready.disconnect(fresh_grid._on_tile_ready)  # the shared loader outlives it
        if self.grid.filter_asset is None:
            assert self.grid.rowCount() == len(CombinationSpace.from_project(project, honour_exclusions=hide,
                                                                         placement=self.grid.placement))
            expected = _brute_force_count(project, hide)
            assert expected is None or self.grid.rowCount() == expected, (self.grid.rowCount(), expected)
        assert _grid_rows(self.grid) == _grid_rows(fresh_grid)
        assert self.grid.rowCount() == fresh_grid.rowCount()
        assert not self.grid.index(0).isValid() or self.grid.data(self.grid.index(0)) is not None
        assert all(m.rowCount(QModelIndex()) == len(project.pools[p]) for p, m in self.pool_models.items())


def test_editing_undo_redo_and_saving_keep_everything_in_step(qapp, tmp_path, wait_ms):
    WORK["root"], WORK["wait_ms"] = tmp_path, wait_ms
    RAN.clear()
    # About 12 s as is; DCSTUDIO_UNDO_EXAMPLES=500 makes a longer hunt (a few minutes).
    examples = int(os.environ.get("DCSTUDIO_UNDO_EXAMPLES", 25))
    run_state_machine_as_test(UndoMachine, settings=settings(
        max_examples=examples, stateful_step_count=25, deadline=None, database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
    # Not vacuous: commands of every kind were pushed, undo really changed the project, files
    # were written and read back, and tiles were compared.
    assert RAN["undo changed the project"] >= 5, RAN
    assert RAN["save"] + RAN["reopen"] >= 3, RAN
    assert RAN["tiles checked"] >= 100, RAN
    for kind in ("AddAssetCommand", "RemoveAssetCommand", "ReplaceAssetCommand", "MoveAssetCommand",
                 "PinCommand", "ExclusionCommand", "SetCampaignCommand", "ProjectSettingsCommand",
                 "EnhancementCommand", "ShowInCommand"):
        assert RAN[kind] >= 1, (kind, RAN)
