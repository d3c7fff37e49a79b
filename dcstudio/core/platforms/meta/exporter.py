"""Meta's exporter: the Marketing API bundle (``export.bundle.write_bundle``) as an ``Exporter``."""
from __future__ import annotations

from dcstudio.core.model.adset_split import split_project
from dcstudio.core.model.approval import left_out_record, left_out_sentence, without_rejected
from dcstudio.core.platforms.exporters import FOLDER, ZIP


class BundleExporter:
    id = "meta-bundle"
    title = "Marketing API bundle"
    targets = (FOLDER, ZIP)

    def describe(self, project) -> str:
        if getattr(project, "catalog_template", None) is not None:
            return (f"Writes the catalog ad's Marketing API calls ({project.export.api_version}): catalog, feed, "
                    "product sets, campaign, ad set, creative and ad, publish.sh and the feed file. Nothing is "
                    "published.")
        project, left_out = without_rejected(project)
        split = split_project(project)
        held = f"\n{left_out_sentence(left_out_record(left_out))}." if left_out else ""
        return (f"Writes the exact Marketing API calls ({project.export.api_version}), publish.sh, the images "
                f"as uploaded and previews. Nothing is published.\nSplit: {split.describe()}.{held}")

    def write(self, project, out, *, progress=None, cancel=None, **options) -> dict:
        """``write_bundle``: returns the plan. Options: force, previews, replace, on_replace, now."""
        # Imported on use: the bundle brings the plan builder, zip writing and the renderer, which
        # a look at the registry (the dialog's summary, ``dcstudio lint``) does not need.
        from dcstudio.core.platforms.meta.export.bundle import write_bundle

        return write_bundle(project, out, progress=progress, cancel=cancel, **options)


BUNDLE = BundleExporter()
