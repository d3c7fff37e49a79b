"""One QUndoCommand per kind of model change. Each calls a Project method (which emits
``project.changed``) in redo() and the method that reverses it in undo(); the window never
mutates the model any other way, so the undo stack's clean state is the document's saved state.
"""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QUndoCommand

from dcstudio.core.model.assets import Asset
from dcstudio.core.model.campaign import CampaignSettings
from dcstudio.core.model.catalog_format import CatalogFormat
from dcstudio.core.model.catalog_template import CatalogTemplate
from dcstudio.core.model.customization import ShowIn, apply_choices
from dcstudio.core.model.project import Project

POOL_NOUNS = {
    "images": "image", "videos": "video", "titles": "headline", "bodies": "primary text",
    "descriptions": "description", "call_to_actions": "call to action", "link_urls": "link",
}


class AddAssetCommand(QUndoCommand):
    def __init__(self, project: Project, pool: str, asset: Asset, index: int | None = None, text: str = ""):
        super().__init__(text or f"Add {POOL_NOUNS[pool]}")
        self.project, self.pool, self.asset, self.index = project, pool, asset, index
        self._removed = None

    def redo(self) -> None:
        if self._removed is not None:
            # What the undo took (the rules its labels changed among them) comes back whole.
            self.project.restore_asset(*self._removed)
            return
        # The first redo gives the asset its id.
        self.asset = self.project.add_asset(self.pool, self.asset, self.index)

    def undo(self) -> None:
        self._removed = self.project.remove_asset(self.asset.id)


class RemoveAssetCommand(QUndoCommand):
    """Removal takes the asset's pin, exclusions and file problem with it; undo restores them all."""

    def __init__(self, project: Project, asset_id: str):
        pool = project.pool_of(asset_id)
        super().__init__(f"Remove {POOL_NOUNS[pool]} {asset_id}")
        self.project, self.asset_id, self._saved = project, asset_id, None

    def redo(self) -> None:
        self._saved = self.project.remove_asset(self.asset_id)

    def undo(self) -> None:
        self.project.restore_asset(*self._saved)


class ReplaceAssetCommand(QUndoCommand):
    """Any edit of one asset (text, crop, approval, CTA type, URL, label): old value <-> new value."""

    def __init__(self, project: Project, new: Asset, text: str = ""):
        super().__init__(text or f"Edit {new.id}")
        self.project, self.new, self.old = project, new, project.asset(new.id)
        # A relink to another file drops the old file's problem; undo must bring it back.
        self.old_problem = project.file_problems.get(new.id)

    def redo(self) -> None:
        self.project.replace_asset(self.new)

    def undo(self) -> None:
        self.project.replace_asset(self.old, file_problem=self.old_problem)


class MoveAssetCommand(QUndoCommand):
    def __init__(self, project: Project, asset_id: str, new_index: int):
        super().__init__(f"Move {asset_id}")
        self.project, self.asset_id, self.new_index = project, asset_id, new_index
        self.old_index = project.index_of(asset_id)

    def redo(self) -> None:
        self.project.move_asset(self.asset_id, self.new_index)

    def undo(self) -> None:
        self.project.move_asset(self.asset_id, self.old_index)


class PinCommand(QUndoCommand):
    def __init__(self, project: Project, asset_id: str, pinned: bool):
        super().__init__(f"{'Pin' if pinned else 'Unpin'} {asset_id}")
        self.project, self.asset_id, self.pinned = project, asset_id, pinned
        self.was_pinned = asset_id in project.pins  # undo goes back to this, whatever was asked

    def _apply(self, pinned: bool) -> None:
        (self.project.pin if pinned else self.project.unpin)(self.asset_id)

    def redo(self) -> None:
        self._apply(self.pinned)

    def undo(self) -> None:
        self._apply(self.was_pinned)


class ExclusionCommand(QUndoCommand):
    """"Never together": adds (or removes) one pair."""

    def __init__(self, project: Project, first: str, second: str, excluded: bool = True):
        verb = "Never show" if excluded else "Allow"
        super().__init__(f"{verb} {first} with {second}")
        self.project, self.pair, self.excluded = project, (first, second), excluded
        self.was_excluded = frozenset(self.pair) in project.exclusions  # what undo goes back to

    def _apply(self, excluded: bool) -> None:
        (self.project.exclude if excluded else self.project.unexclude)(*self.pair)

    def redo(self) -> None:
        self._apply(self.excluded)

    def undo(self) -> None:
        self._apply(self.was_excluded)


class SetCampaignCommand(QUndoCommand):
    def __init__(self, project: Project, campaign: CampaignSettings, text: str = "Edit campaign settings"):
        super().__init__(text)
        self.project, self.new, self.old = project, campaign, project.campaign

    def redo(self) -> None:
        self.project.set_campaign(self.new)

    def undo(self) -> None:
        self.project.set_campaign(self.old)


class SetCatalogTemplateCommand(QUndoCommand):
    def __init__(self, project: Project, template: CatalogTemplate | None, text: str = "Edit catalog ad template"):
        super().__init__(text)
        self.project, self.new, self.old = project, template, project.catalog_template

    def redo(self) -> None:
        self.project.set_catalog_template(self.new)

    def undo(self) -> None:
        self.project.set_catalog_template(self.old)


class SetCatalogFormatCommand(QUndoCommand):
    def __init__(self, project: Project, fmt: CatalogFormat | None, text: str = "Edit catalog ad format"):
        super().__init__(text)
        self.project, self.new, self.old = project, fmt, project.catalog_format

    def redo(self) -> None:
        self.project.set_catalog_format(self.new)

    def undo(self) -> None:
        self.project.set_catalog_format(self.old)


class TypeInTemplateCommand(SetCatalogTemplateCommand):
    """Typing in one field of the catalog ad's template: the keystrokes of one visit to the field
    (``session``) merge into one step, so Ctrl+Z takes back the visit's typing, not one letter."""

    MERGE_ID = 1700

    def __init__(self, project: Project, template: CatalogTemplate, field: str, session: int, text: str):
        super().__init__(project, template, text)
        self.field, self.session = field, session

    def id(self) -> int:
        return self.MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        if not isinstance(other, TypeInTemplateCommand) or (other.field, other.session) != (self.field, self.session):
            return False
        self.new = other.new
        self.setObsolete(self.new == self.old)  # typed back to what it was: no step at all
        return True


class ProjectSettingsCommand(QUndoCommand):
    """Name, profile or ad format."""

    def __init__(self, project: Project, text: str = "Edit project settings", **changes):
        super().__init__(text)
        self.project, self.changes = project, changes
        self.old = {k: getattr(project, k) for k in changes}

    def redo(self) -> None:
        self.project.set_project_settings(**self.changes)

    def undo(self) -> None:
        self.project.set_project_settings(**self.old)


STATUS_WORDS = {"OPT_IN": "Opt in", "OPT_OUT": "Opt out", None: "Not set"}


def enhancement_words(feature: str) -> str:
    """An Advantage+ feature as the Campaign tab names it: image_brightness_and_contrast ->
    "Image brightness and contrast"."""
    return feature.replace("_", " ").capitalize()


class EnhancementCommand(QUndoCommand):
    def __init__(self, project: Project, feature: str, status: str | None):
        super().__init__(f"Set {enhancement_words(feature)} to {STATUS_WORDS.get(status, status)}")
        self.project, self.feature, self.status = project, feature, status
        self.old = project.enhancements.get(feature)

    def redo(self) -> None:
        self.project.set_enhancement(self.feature, self.status)

    def undo(self) -> None:
        self.project.set_enhancement(self.feature, self.old)


class SetLeadFormCommand(QUndoCommand):
    """The lead form every call to action opens (its value's lead_gen_form_id; "" takes it away)."""

    def __init__(self, project: Project, form_id: str):
        super().__init__(f"Set Lead form to {form_id or 'none'}")
        self.project = project
        self.old = list(project.pools["call_to_actions"])
        self.new = []
        for cta in self.old:
            value = {k: v for k, v in (cta.value or {}).items() if k != "lead_gen_form_id"}
            if form_id:
                value["lead_gen_form_id"] = form_id
            self.new.append(replace(cta, value=value))

    def redo(self) -> None:
        for cta in self.new:
            self.project.replace_asset(cta)

    def undo(self) -> None:
        for cta in self.old:
            self.project.replace_asset(cta)


class ShowInCommand(QUndoCommand):
    """Where assets show: the rules (a new Customization) and the labels that go with them; undo
    puts back the customization and each asset's labels it found."""

    def __init__(self, project: Project, customization, labels: dict[str, tuple[str, ...]], text: str):
        super().__init__(text)
        self.project, self.new, self.labels = project, customization, labels
        self.old = project.customization
        self.old_labels = {asset_id: project.asset(asset_id).adlabels for asset_id in labels}

    def redo(self) -> None:
        self.project.set_customization(self.new)
        for asset_id, names in self.labels.items():
            self.project.update_asset(asset_id, adlabels=names)

    def undo(self) -> None:
        for asset_id, names in self.old_labels.items():
            self.project.update_asset(asset_id, adlabels=names)
        self.project.set_customization(self.old)


def show_in_command(project: Project, choices: dict[str, ShowIn], asset_id: str,
                    choice: ShowIn) -> ShowInCommand | None:
    """The step that shows ``asset_id`` where ``choice`` says, the other assets as ``choices`` say
    ({} replaces rules the window cannot read); None when nothing would change."""
    customization, labels = apply_choices(project.customization, project.pools, dict(choices, **{asset_id: choice}))
    labels = {aid: names for aid, names in labels.items() if project.asset(aid).adlabels != names}
    if customization == project.customization and not labels:
        return None
    where = "everywhere" if choice.everywhere else f"in {choice.describe()}"
    return ShowInCommand(project, customization, labels, f"Show {asset_id} {where}")


class SetCatalogCommand(QUndoCommand):
    """The catalog's source, profile, mapping and product sets: old value <-> new value (the rows
    are a cache on disk, not part of the undo)."""

    def __init__(self, project: Project, catalog, text: str = "Edit the catalog"):
        super().__init__(text)
        self.project, self.new, self.old = project, catalog, project.catalog

    def redo(self) -> None:
        self.project.set_catalog(self.new)

    def undo(self) -> None:
        self.project.set_catalog(self.old)
