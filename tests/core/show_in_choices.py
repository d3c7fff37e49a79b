"""A project given "Show in…" choices the way the window's ShowInCommand applies them on redo:
the rules apply_choices makes, and the labels it gives the assets."""
from __future__ import annotations

from dcstudio.core.model.customization import apply_choices


def apply_show_in(project, choices) -> None:
    customization, labels = apply_choices(project.customization, project.pools, choices)
    project.set_customization(customization)
    for asset_id, names in labels.items():
        project.update_asset(asset_id, adlabels=names)
