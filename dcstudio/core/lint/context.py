"""What a check sees: the project, the profile, and a way to report a finding."""
from __future__ import annotations

import os
from pathlib import PurePosixPath

from dcstudio.core.lint.findings import Finding
from dcstudio.core.lint.rules import RULES
from dcstudio.core.values.errors import ImageError

POOL_NOUNS = {
    "images": "image", "videos": "video", "titles": "title", "bodies": "body",
    "descriptions": "description", "call_to_actions": "call to action", "link_urls": "link",
}
PLURALS = {"images": "images", "videos": "videos", "titles": "titles", "bodies": "bodies",
           "descriptions": "descriptions", "call_to_actions": "calls to action", "link_urls": "link URLs"}

# The heavy rules (word lists, similarity, character scans) read at most this much of a text:
# the longest text a profile takes (a Meta body), so a text they cut already has the length
# error, and a 100 MB one does not cost minutes per edit.
TEXT_CHECK_BOUND = 1024


class LintContext:
    def __init__(self, project, profile: str):
        self.project = project
        self.profile = profile
        self.findings: list[Finding] = []
        self._sizes: dict[str, int | None] = {}

    def report(self, rule_id: str, message: str, *, hint: str, asset_id: str | None = None,
               field: str | None = None) -> None:
        rule = RULES[rule_id]  # KeyError here means a check reports a rule the registry lacks
        if self.profile not in rule.profiles:
            return
        self.findings.append(Finding(rule_id, rule.severity, message, asset_id, field, hint, rule.source))

    @staticmethod
    def checked(text: str) -> str:
        """The part of a text the heavy rules look at (all of it up to TEXT_CHECK_BOUND)."""
        return text[:TEXT_CHECK_BOUND]

    def pool(self, name: str) -> list:
        return self.project.pools[name]

    def name(self, asset) -> str:
        """How a message names an asset: its id and what a person recognises it by."""
        shown = asset.display_name if hasattr(asset, "display_name") else asset.id
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        return f"{asset.id} ({shown!r})" if shown and shown != asset.id else asset.id

    def file_size(self, asset) -> int | None:
        """The asset file's size on disk from os.stat (never decoded); None when it cannot be known.

        An unsaved project (no folder) has no files to look at yet.
        """
        rel = getattr(asset, "file", None)
        if not rel or self.project.folder is None:
            return None
        if rel not in self._sizes:
            try:
                self._sizes[rel] = os.stat(self.project.resolve(rel)).st_size
            except (OSError, ImageError):  # ImageError: a link out of the project, never looked at
                self._sizes[rel] = None
        return self._sizes[rel]

    @staticmethod
    def suffix(asset) -> str:
        rel = getattr(asset, "file", None) or ""
        return PurePosixPath(rel).suffix.lower()
