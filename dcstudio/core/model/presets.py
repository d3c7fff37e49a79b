"""Per-account presets a media team reuses: ad account, page, Instagram account, pixel and
event, the url_tags and naming templates, the default country and budget.

They live in the user's settings (``presets.json`` in the config folder: ``DCSTUDIO_CONFIG_DIR``,
else platformdirs' user config dir), never in a project or an export: applying one copies its
values into the project's fields, and the ad account goes to the user's per-project setting only.
A file that cannot be read is named and left as it is: saving refuses rather than replace it.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from dcstudio.core.model.campaign import BudgetError, CampaignSettings, check_amount
from dcstudio.core.model.project import ExportSettings
from dcstudio.core.values.atomic import atomic_write_text
from dcstudio.core.values.errors import BadInputError
from dcstudio.core.values.json_input import JsonInputError, parse_json

CONFIG_DIR_ENV = "DCSTUDIO_CONFIG_DIR"
PRESETS_FILE = "presets.json"
PRESETS_VERSION = 1
MAX_NAME = 80


@dataclass(frozen=True)
class Preset:
    """An empty field leaves the project's value as it is when the preset is applied."""

    name: str
    ad_account: str = ""  # act_<digits>; kept in the user's settings per project, never in the project
    page_id: str = ""
    instagram_user_id: str = ""
    pixel_id: str = ""
    custom_event_type: str = ""
    url_tags_template: str = ""
    naming_template: str = ""
    country: str = ""  # ISO 3166 two-letter code, the targeting's only country when applied
    budget_amount: str = ""  # in the currency's major unit, as typed ("40.00")
    budget_currency: str = ""

    def values(self) -> dict[str, str]:
        """The fields it sets (the name aside), as label-free pairs."""
        return {k: v for k, v in asdict(self).items() if k != "name" and v}


FIELDS = tuple(f.name for f in fields(Preset))


def config_dir(folder: Path | None = None) -> Path:
    if folder is not None:
        return Path(folder)
    if os.environ.get(CONFIG_DIR_ENV):
        return Path(os.environ[CONFIG_DIR_ENV])
    import platformdirs

    return Path(platformdirs.user_config_dir("dcstudio"))


def check_preset(preset: Preset) -> Preset:
    """The preset, or BadInputError naming the field that cannot be applied."""
    name = preset.name.strip()
    if not name or len(name) > MAX_NAME or any(ord(c) < 32 for c in name):
        raise BadInputError(f"preset name {preset.name!r}: use 1 to {MAX_NAME} printable characters")
    for key in FIELDS:
        if not isinstance(getattr(preset, key), str):
            raise BadInputError(f"preset {name!r}: {key} must be text, not {getattr(preset, key)!r}")
    account = preset.ad_account
    if account and not (account.startswith("act_") and account[4:].isdigit()):
        raise BadInputError(f"preset {name!r}: ad account {account!r} is not act_ followed by digits")
    for key in ("page_id", "instagram_user_id", "pixel_id"):
        if getattr(preset, key) and not getattr(preset, key).isdigit():
            raise BadInputError(f"preset {name!r}: {key} {getattr(preset, key)!r} is not a number")
    event = preset.custom_event_type
    if event and not all(c.isupper() or c == "_" for c in event):
        raise BadInputError(f"preset {name!r}: event {event!r} is not an event type such as PURCHASE")
    if preset.country and not (len(preset.country) == 2 and preset.country.isalpha() and preset.country.isupper()):
        raise BadInputError(f"preset {name!r}: country {preset.country!r} is not a two-letter code such as US")
    if preset.budget_amount:
        try:
            check_amount(preset.budget_amount, preset.budget_currency or "USD")
        except BudgetError as exc:
            raise BadInputError(f"preset {name!r}: {exc}") from None
    try:
        _export_settings(preset, None)
    except ValueError as exc:
        raise BadInputError(f"preset {name!r}: {exc}") from None
    return replace(preset, name=name)


def _export_settings(preset: Preset, current):
    current = current or ExportSettings()
    return replace(current, naming_template=preset.naming_template or current.naming_template,
                   url_tags_template=preset.url_tags_template or current.url_tags_template)


def applied(preset: Preset, campaign: CampaignSettings, export):
    """(campaign, export settings) with the preset's values in place of the project's."""
    changes: dict = {}
    if preset.page_id:
        changes["page_id"] = preset.page_id
    if preset.instagram_user_id:
        changes["instagram_user_id"] = preset.instagram_user_id
    if preset.pixel_id or preset.custom_event_type:
        promoted = dict(campaign.promoted_object)
        if preset.pixel_id:
            promoted["pixel_id"] = preset.pixel_id
        if preset.custom_event_type:
            promoted["custom_event_type"] = preset.custom_event_type
        changes["promoted_object"] = promoted
    if preset.country:
        targeting = dict(campaign.targeting)
        targeting["geo_locations"] = {"countries": [preset.country]}
        changes["targeting"] = targeting
    if preset.budget_amount or preset.budget_currency:
        budget = campaign.budget
        changes["budget"] = replace(budget, amount=check_amount(preset.budget_amount or budget.amount,
                                                                preset.budget_currency or budget.currency),
                                    currency=preset.budget_currency or budget.currency)
    return replace(campaign, **changes), _export_settings(preset, export)


def apply_to_project(preset: Preset, project) -> None:
    """Applies ``preset`` to ``project`` (the ad account is not a project field: see the module)."""
    campaign, export = applied(preset, project.campaign, project.export)
    project.set_campaign(campaign)
    project.set_export_settings(export)


def preset_from_project(name: str, project, ad_account: str = "") -> Preset:
    c = project.campaign
    countries = c.targeting.get("geo_locations", {}).get("countries", []) if isinstance(c.targeting, dict) else []
    return check_preset(Preset(
        name=name, ad_account=ad_account, page_id=c.page_id, instagram_user_id=c.instagram_user_id,
        pixel_id=str(c.promoted_object.get("pixel_id", "")), custom_event_type=str(c.promoted_object.get(
            "custom_event_type", "")), url_tags_template=project.export.url_tags_template,
        naming_template=project.export.naming_template, country=countries[0] if len(countries) == 1 else "",
        budget_amount=str(c.budget.amount), budget_currency=c.budget.currency))


class PresetStore:
    """The presets file of one config folder (tests give a temporary one)."""

    def __init__(self, folder: Path | None = None):
        self.path = config_dir(folder) / PRESETS_FILE

    def _refuse(self, problem: str):
        return BadInputError(f"{self.path}: {problem}; the file is left as it is (fix or move it to start anew)")

    def load(self) -> dict[str, Preset]:
        """Every preset by name. BadInputError naming the file when it cannot be read."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise self._refuse(f"cannot be read ({exc.strerror or exc})") from None
        try:
            data = parse_json(raw)
        except (JsonInputError, ValueError) as exc:
            raise self._refuse(f"is not valid JSON ({exc})") from None
        if not isinstance(data, dict) or not isinstance(data.get("presets"), dict):
            raise self._refuse('is not a presets file (no "presets" object)')
        if data.get("presets_version") != PRESETS_VERSION:
            raise self._refuse(f"has presets_version {data.get('presets_version')!r}; this dcstudio reads "
                               f"{PRESETS_VERSION}")
        presets = {}
        for name, item in data["presets"].items():
            if not isinstance(item, dict) or set(item) - set(FIELDS):
                raise self._refuse(f"preset {name!r} is not an object of {', '.join(FIELDS[1:])}")
            try:
                presets[name] = check_preset(Preset(**{**item, "name": name}))
            except BadInputError as exc:
                raise self._refuse(str(exc)) from None
        return presets

    def names(self) -> list[str]:
        return sorted(self.load(), key=str.casefold)

    def get(self, name: str) -> Preset:
        presets = self.load()
        if name not in presets:
            known = ", ".join(sorted(presets, key=str.casefold)) or "none yet (dcstudio preset save NAME ...)"
            raise BadInputError(f"no preset {name!r}; known presets: {known}")
        return presets[name]

    def _write(self, presets: dict[str, Preset]) -> None:
        data = {"presets_version": PRESETS_VERSION,
                "presets": {name: {k: v for k, v in asdict(p).items() if k != "name" and v}
                            for name, p in sorted(presets.items())}}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")

    def save(self, preset: Preset) -> Preset:
        """Adds or replaces the preset of that name. Refuses (naming the file) when the file on disk
        cannot be read, so no preset in it is lost."""
        preset = check_preset(preset)
        presets = self.load()
        presets[preset.name] = preset
        self._write(presets)
        return preset

    def delete(self, name: str) -> Preset:
        presets = self.load()
        gone = self.get(name)
        del presets[name]
        self._write(presets)
        return gone
