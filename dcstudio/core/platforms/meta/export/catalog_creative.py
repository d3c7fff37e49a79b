"""Reading a catalog ad's creative, as ``GET /<creative_id>`` returns it, into a catalog-ad project.

The creative names its product set (``product_set_id``) and holds the template in
``object_story_spec.template_data``: message, name (the headline) and description with product
tags, link (the end card's), call_to_action (a type; Meta links each product), and
multi_share_end_card; beside it ``template_url_spec`` and ``url_tags``. The set's catalog is not in
the creative: export and publish ask for it (``--catalog-id``).

What the project cannot hold yet is named in the notes, never dropped silently: the format and
overlay fields (format_option, image_overlay_spec, ...) until the format model reads them, a call
to action's value, and Meta's answer fields.
"""
from __future__ import annotations

from dcstudio.core.model.catalog_publish import CatalogPublish
from dcstudio.core.model.catalog_template import URL_PLATFORMS, CatalogTemplate, TemplateUrlSpec
from dcstudio.core.model.project import Project
from dcstudio.core.values.errors import BadInputError

TEXT_FIELDS = ("message", "name", "description")
READ_TEMPLATE_FIELDS = (*TEXT_FIELDS, "link", "call_to_action", "multi_share_end_card")
# Fields Meta adds to a creative it returns; they describe the object, not the ad to make again.
ANSWER_FIELDS = ("id", "account_id", "status", "effective_object_story_id", "thumbnail_url", "object_type",
                 "image_url", "effective_instagram_media_id", "effective_authorization_category")


def is_catalog_creative(doc: dict) -> bool:
    story = doc.get("object_story_spec")
    return "product_set_id" in doc and isinstance(story, dict) and "template_data" in story


def _text(value, where: str) -> str:
    if not isinstance(value, str):
        raise BadInputError(f"{where}: must be text, not {type(value).__name__}")
    return value


def _template(data: dict, doc: dict, source, notes: list) -> CatalogTemplate:
    where = f"{source}: object_story_spec.template_data"
    texts = {f: _text(data[f], f"{where}.{f}") for f in TEXT_FIELDS if f in data}
    cta = data.get("call_to_action", {"type": CatalogTemplate.call_to_action_type})
    if not isinstance(cta, dict) or not isinstance(cta.get("type"), str):
        raise BadInputError(f"{where}.call_to_action: must be an object with a type such as SHOP_NOW")
    if cta.get("value"):
        notes.append(f"{where}.call_to_action.value: left out (a catalog ad's button links each product; "
                     f"the value was {cta['value']!r})")
    end_card = data.get("multi_share_end_card", True)
    if not isinstance(end_card, bool):
        raise BadInputError(f"{where}.multi_share_end_card: must be true or false")
    try:
        return CatalogTemplate(**texts, call_to_action_type=cta["type"], multi_share_end_card=end_card,
                               template_url_spec=_url_spec(doc.get("template_url_spec"), source, notes))
    except ValueError as exc:
        raise BadInputError(f"{where}: {exc}") from None


def _url_spec(spec, source, notes: list) -> TemplateUrlSpec:
    if spec is None:
        return TemplateUrlSpec()
    if not isinstance(spec, dict):
        raise BadInputError(f"{source}: template_url_spec: must be an object")
    kept = {}
    for platform, entry in spec.items():
        if platform not in URL_PLATFORMS:
            notes.append(f"{source}: template_url_spec.{platform}: left out (the project holds web, ios and "
                         "android)")
            continue
        if not isinstance(entry, dict):
            raise BadInputError(f"{source}: template_url_spec.{platform}: must be an object")
        kept[platform] = {k: v for k, v in entry.items() if k in URL_PLATFORMS[platform]}
        for key in sorted(set(entry) - set(URL_PLATFORMS[platform])):
            notes.append(f"{source}: template_url_spec.{platform}.{key}: left out (not a field dcstudio keeps)")
    try:
        return TemplateUrlSpec(**kept)
    except ValueError as exc:
        raise BadInputError(f"{source}: template_url_spec: {exc}") from None


def _settings(doc: dict, data: dict, source) -> CatalogPublish:
    try:
        return CatalogPublish(product_set_id=str(doc["product_set_id"]), link=_text(data.get("link", ""),
                              f"{source}: object_story_spec.template_data.link"),
                              url_tags=_text(doc.get("url_tags", ""), f"{source}: url_tags"))
    except ValueError as exc:
        field = "product_set_id" if "product_set_id" in str(exc) else "url_tags" if "url_tags" in str(exc) \
            else "object_story_spec.template_data.link"
        raise BadInputError(f"{source}: {field}: {exc}") from None


def catalog_creative_project(doc: dict, source, dest, notes: list | None = None) -> Project:
    """A new (unsaved) project in ``dest`` holding the creative's template and its product set."""
    notes = notes if notes is not None else []
    story = doc["object_story_spec"]
    data = story["template_data"]
    if not isinstance(data, dict):
        raise BadInputError(f"{source}: object_story_spec.template_data: must be an object")
    project = Project(str(doc.get("name") or "Imported catalog ad")[:200], folder=dest)
    project.set_catalog_template(_template(data, doc, source, notes))
    project.set_catalog_publish(_settings(doc, data, source))
    page = story.get("page_id")
    if page is not None:
        project.update_campaign(page_id=str(page), instagram_user_id=str(story.get("instagram_user_id") or ""))
    left = sorted(set(data) - set(READ_TEMPLATE_FIELDS))
    if left:
        notes.append(f"{source}: object_story_spec.template_data: not imported: {', '.join(left)} (formats and "
                     "overlays are read once the project models them)")
    others = sorted(set(story) - {"page_id", "instagram_user_id", "template_data"})
    if others:
        notes.append(f"{source}: object_story_spec: not imported: {', '.join(others)}")
    answer = sorted(set(doc) & set(ANSWER_FIELDS))
    rest = sorted(set(doc) - set(ANSWER_FIELDS) - {"name", "product_set_id", "object_story_spec",
                                                   "template_url_spec", "url_tags"})
    if answer:
        notes.append(f"{source}: Meta's answer fields left out: {', '.join(answer)}")
    if rest:
        notes.append(f"{source}: not imported: {', '.join(rest)}")
    notes.append(f"{source}: the product set {doc['product_set_id']} is used as it is; give its catalog's id "
                 "(--catalog-id) to export or publish")
    return project
