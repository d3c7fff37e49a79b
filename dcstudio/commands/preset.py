"""`dcstudio preset list|show|save|delete`: the per-account presets kept in the user's settings
(``dcstudio.core.model.presets``), and the helper behind `dcstudio new --preset NAME`."""
from __future__ import annotations

from dataclasses import replace

from dcstudio.commands._common import open_project, print_json
from dcstudio.core.model.presets import FIELDS, Preset, PresetStore, apply_to_project, preset_from_project
from dcstudio.core.values.errors import BadInputError

_FLAGS = {key: "--" + key.replace("_", "-") for key in FIELDS[1:]}


def add_parser(sub) -> None:
    p = sub.add_parser("preset", help="per-account presets (ad account, page, pixel, templates, country, budget)",
                       description="Presets live in the user's settings (presets.json in the config folder, "
                                   "DCSTUDIO_CONFIG_DIR overrides it), never in a project or an export. "
                                   "`dcstudio new --preset NAME` applies one.")
    inner = p.add_subparsers(dest="action", required=True, metavar="list|show|save|delete")
    listing = inner.add_parser("list", help="the presets' names")
    listing.add_argument("--json", action="store_true", help="every preset as JSON")
    show = inner.add_parser("show", help="one preset's values")
    show.add_argument("name")
    show.add_argument("--json", action="store_true")
    save = inner.add_parser("save", help="add or replace a preset (from --from-project and/or the flags)")
    save.add_argument("name")
    save.add_argument("--from-project", metavar="DIR", help="take the values of this project's settings")
    for key, flag in _FLAGS.items():
        save.add_argument(flag, dest=key, metavar="VALUE", type=str.upper if key in (
            "country", "budget_currency", "custom_event_type") else str)
    delete = inner.add_parser("delete", help="remove a preset")
    delete.add_argument("name")
    p.set_defaults(func=run)


def run(args) -> int:
    store = PresetStore()
    if args.action == "list":
        presets = store.load()
        if args.json:
            print_json({name: p.values() for name, p in sorted(presets.items())})
        else:
            for name in store.names():
                print(name)
        return 0
    if args.action == "show":
        preset = store.get(args.name)
        if args.json:
            print_json(preset.values())
        else:
            for key, value in preset.values().items():
                print(f"{key}\t{value}")
        return 0
    if args.action == "delete":
        store.delete(args.name)
        print(f"deleted preset {args.name!r} from {store.path}")
        return 0
    base = Preset(args.name)
    if args.from_project:
        base = preset_from_project(args.name, open_project(args.from_project))
    given = {key: getattr(args, key) for key in _FLAGS if getattr(args, key) is not None}
    saved = store.save(replace(base, **given))
    print(f"saved preset {saved.name!r} to {store.path}")
    return 0


def preset_for_new(args) -> Preset | None:
    """The preset `dcstudio new --preset NAME` applies, less the fields its own flags give (those win).
    An unknown name is refused with the known ones."""
    if not getattr(args, "preset", None):
        return None
    preset = PresetStore().get(args.preset)
    given = {"page_id": bool(args.page_id), "budget_amount": args.budget is not None,
             "budget_currency": args.currency != "USD",
             "instagram_user_id": bool(getattr(args, "instagram_id", None)),
             "pixel_id": bool(getattr(args, "pixel_id", None)),
             "custom_event_type": bool(getattr(args, "event", None)),
             "country": bool(getattr(args, "country", None))}
    return replace(preset, **{key: "" for key, flag in given.items() if flag})


def apply_for_new(preset: Preset | None, project) -> None:
    if preset is None:
        return
    try:
        apply_to_project(preset, project)
    except ValueError as exc:  # a budget the flags' currency cannot take
        raise BadInputError(f"--preset {preset.name}: {exc}") from None
    if preset.ad_account:
        # The account is not a project field (a colleague may publish elsewhere): said, not stored.
        print(f"preset {preset.name!r}: publish with --account {preset.ad_account}")
