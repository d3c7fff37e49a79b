"""One field of a Marketing API payload, checked as it is read. Every refusal names the file and
the field (``asset_feed_spec.images[2].url_tags``), so a person can find what to mend."""
from __future__ import annotations

import json
import re

from dcstudio.core.lint.checks_meta import COUNT_LIMITS
from dcstudio.core.values.errors import BadInputError

# Meta takes at most 10 of anything (COUNT_LIMITS): a list past this bound is no ad's, and a
# project of it would only make the window and the linter crawl. Refused when read.
MAX_ENTRIES = 10_000
_ID = re.compile(r"^[0-9]{1,32}$")


def fail(source, where: str, problem: str):
    raise BadInputError(f"{source}: {where}: {problem}")


def short(value) -> str:
    """A value as the message quotes it: its JSON, cut short."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def listed(obj: dict, key: str, source, where: str, of=dict, what: str = "objects") -> list:
    value = obj.get(key, [])
    field = f"{where}.{key}" if where else key
    if not isinstance(value, list) or not all(isinstance(v, of) for v in value):
        fail(source, field, f"must be a list of {what}")
    if len(value) > MAX_ENTRIES:
        fail(source, field, f"has {len(value):,} entries; an import takes at most {MAX_ENTRIES:,} per list "
                            f"(Meta itself takes at most {COUNT_LIMITS.get(key, 10)})")
    return value


def graph_id(value, source, where: str, required: bool = False) -> str:
    """A Graph API id: digits, as text or as a whole JSON number."""
    if value is None or value == "":
        if required:
            fail(source, where, "is missing")
        return ""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        value = str(value)
    if not isinstance(value, str) or not _ID.match(value):
        fail(source, where, f"must be an id (digits only), not {short(value)}")
    return value


def text(entry: dict, key: str, source, where: str, required: bool = False) -> str:
    value = entry.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        fail(source, f"{where}.{key}", f"must be text, not {type(value).__name__}")
    if required and not value:
        fail(source, f"{where}.{key}", "is missing")
    return value


def adlabels(entry: dict, source, where: str) -> tuple[str, ...]:
    """The names of an entry's adlabels, in order: customization rules point at them by name."""
    labels = listed(entry, "adlabels", source, where)
    names = []
    for i, label in enumerate(labels):
        name = label.get("name")
        if not isinstance(name, str) or not name:
            fail(source, f"{where}.adlabels[{i}].name", "a label needs a name (rules point at labels by name)")
        names.append(name)
    return tuple(names)


def first_label(entry: dict, source, where: str) -> str:
    names = adlabels(entry, source, where)
    return names[0] if names else ""
