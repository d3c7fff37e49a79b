"""Naming and url_tags templates.

Naming template placeholders: {project} {objective} {date} {format} {level} {n}. {date} is the
schedule's start day (YYYY-MM-DD) when the project has one, else the day of the export. Without
{level} in the template, ad sets, creatives and ads get " - ad set 2" (and so on) appended, so
the campaign takes the template as it is and the other names stay distinct.

url_tags template: query parameters joined by "&", e.g. ``utm_content={image}&utm_term={title}``.
Meta appends the url_tags of every asset shown to the clicked link, so tags are set per asset:
an asset receives the parameters that name its own kind ({image} {video} {title} {body}
{description}, or {asset} for any kind) with its token filled in (its label made URL-safe, else
its id); other kinds' placeholders in that parameter are dropped with their separator.
Parameters naming no asset kind (only {project} {objective} {date}, or nothing) go on the link
URLs. Meta's own ``{{ad.id}}``-style dynamic parameters pass through untouched. An asset's own
url_tags are appended after the template's.
"""
from __future__ import annotations

import re
from datetime import datetime

from dcstudio.core.values.api_version import DEFAULT_API_VERSION, is_api_version

NAMING_PLACEHOLDERS = ("project", "objective", "date", "format", "level", "n")
ASSET_KINDS = {"images": "image", "videos": "video", "titles": "title", "bodies": "body",
               "descriptions": "description"}
URL_TAG_PLACEHOLDERS = (*ASSET_KINDS.values(), "asset", "link", "project", "objective", "date")
_STATIC = ("project", "objective", "date")
# {name} but not Meta's {{name}}: those are dynamic URL parameters filled in by Meta.
_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_]*)\}(?!\})")
_SEPARATORS = "-_.:|+~"


def _placeholders(template: str) -> list[str]:
    return _PLACEHOLDER.findall(template)


def check_template(template: str, allowed, what: str) -> None:
    """ValueError naming the first unknown placeholder."""
    for name in _placeholders(template):
        if name not in allowed:
            raise ValueError(f"the {what} template uses {{{name}}}, which is not known; use "
                             + ", ".join("{" + a + "}" for a in allowed))
    stripped = _PLACEHOLDER.sub("", template).replace("{{", "").replace("}}", "")
    if "{" in stripped or "}" in stripped:
        raise ValueError(f"the {what} template has an unmatched brace: {template!r}")


def check_export_settings(settings) -> None:
    check_template(settings.naming_template, NAMING_PLACEHOLDERS, "naming")
    if not settings.naming_template.strip():
        raise ValueError("the naming template is empty")
    check_template(settings.url_tags_template, URL_TAG_PLACEHOLDERS, "url_tags")
    if not is_api_version(settings.api_version):
        raise ValueError(f"API version must look like {DEFAULT_API_VERSION}, not {settings.api_version!r}")


def schedule_date(project, now: datetime) -> str:
    start = project.campaign.start_time
    return start[:10] if start and re.match(r"^\d{4}-\d{2}-\d{2}", start) else now.strftime("%Y-%m-%d")


def object_name(project, level: str, n: int | None, now: datetime) -> str:
    """The name of the campaign (level "campaign", n None), ad set, creative or ad number n."""
    template = project.export.naming_template
    values = {"project": project.name, "objective": project.campaign.objective,
              "date": schedule_date(project, now), "format": project.ad_format,
              "level": level, "n": "" if n is None else str(n)}
    name = _PLACEHOLDER.sub(lambda m: values[m.group(1)], template).strip()
    if "{level}" not in template and level != "campaign":
        name = f"{name} - {level} {n}"
    return name[:400]


def token(asset) -> str:
    """A URL-safe word for an asset: its label, else its id."""
    text = getattr(asset, "label", "") or asset.id
    word = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-")
    return word or asset.id


def _drop(part: str, name: str) -> str:
    """Removes {name} from a parameter together with one separator next to it."""
    sep = "[" + re.escape(_SEPARATORS) + "]"
    ph = re.escape("{" + name + "}")
    return re.sub(f"{sep}{ph}|{ph}{sep}?", "", part)


def _fill(part: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), part)


def _static_values(project, now) -> dict[str, str]:
    return {"project": re.sub(r"[^a-z0-9]+", "-", project.name.lower()).strip("-") or "project",
            "objective": project.campaign.objective.lower(), "date": schedule_date(project, now)}


def asset_url_tags(project, pool: str, asset, now: datetime) -> str:
    """url_tags for one asset of an images, videos or text pool (template, then its own)."""
    kind = ASSET_KINDS[pool]
    template = project.export.url_tags_template
    parts = []
    for part in filter(None, template.split("&")):
        names = set(_placeholders(part))
        if kind not in names and "asset" not in names:
            continue
        for other in (set(ASSET_KINDS.values()) | {"link"}) - {kind}:
            if other in names:
                part = _drop(part, other)
        parts.append(_fill(part, {kind: token(asset), "asset": token(asset), **_static_values(project, now)}))
    own = getattr(asset, "url_tags", "")
    return "&".join(parts + ([own] if own else []))


def link_url_tags(project, link, now: datetime) -> str:
    """url_tags for a link URL: the template's parameters that name no asset kind, or {link}."""
    parts = []
    kinds = set(ASSET_KINDS.values()) | {"asset"}
    for part in filter(None, project.export.url_tags_template.split("&")):
        names = set(_placeholders(part))
        if names & kinds:
            continue
        parts.append(_fill(part, {"link": token(link), **_static_values(project, now)}))
    return "&".join(parts)


def template_warnings(template: str) -> list[str]:
    """Parameters that name two asset kinds: Meta would repeat the key once per kind."""
    out = []
    for part in filter(None, template.split("&")):
        kinds = [n for n in _placeholders(part) if n in ASSET_KINDS.values()]
        if len(kinds) > 1:
            key = part.split("=", 1)[0]
            out.append(f"url_tags parameter {key!r} names {', '.join('{' + k + '}' for k in kinds)}: Meta "
                       f"appends each shown asset's url_tags, so the link carries {key} once per asset "
                       f"kind; use one parameter per kind")
    return out
