"""Reading a catalog ad's creative, as ``GET /<creative_id>`` returns it, into a catalog-ad project.

The creative names its product set (``product_set_id``) and holds the template in
``object_story_spec.template_data``: message, name (the headline) and description with product
tags, link (the end card's), call_to_action (a type; Meta links each product), and
multi_share_end_card; beside it ``template_url_spec`` and ``url_tags``. The set's catalog is not in
the creative: export and publish ask for it (``--catalog-id``).

The format and overlay fields (format_option, preferred_image_tags, additional_image_index,
image_overlay_spec) become the project's ``catalog_format`` (model/catalog_format.py). What the
project cannot hold is named in the notes, never dropped silently: a frame known only by its
ad-account hash (``image_layer_specs``: the project's frame is a file it uploads), an overlay
field the model does not know, a call to action's value, and Meta's answer fields.
"""
from __future__ import annotations

from dcstudio.core.model.catalog_format import CAROUSEL_PRODUCTS, CatalogFormat, ImageOverlay
from dcstudio.core.model.catalog_publish import CatalogPublish
from dcstudio.core.model.catalog_template import URL_PLATFORMS, CatalogTemplate, TemplateUrlSpec
from dcstudio.core.model.project import Project
from dcstudio.core.values.errors import BadInputError

TEXT_FIELDS = ("message", "name", "description")
FORMAT_FIELDS = ("format_option", "preferred_image_tags", "additional_image_index", "image_overlay_spec")
READ_TEMPLATE_FIELDS = (*TEXT_FIELDS, "link", "call_to_action", "multi_share_end_card", *FORMAT_FIELDS)
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


def _format(data: dict, source, notes: list) -> CatalogFormat | None:
    """The creative's format and overlay as the project's ``catalog_format``; None when it has
    none of those fields (Meta's default format)."""
    where = f"{source}: object_story_spec.template_data"
    if not any(f in data for f in FORMAT_FIELDS):
        return None
    overlay = None
    spec = data.get("image_overlay_spec")
    if spec is not None:
        if not isinstance(spec, dict):
            raise BadInputError(f"{where}.image_overlay_spec: must be an object")
        known = set(ImageOverlay.__dataclass_fields__)
        for key in sorted(set(spec) - known):
            notes.append(f"{where}.image_overlay_spec.{key}: left out (not a field dcstudio keeps; the value was "
                         f"{spec[key]!r})")
        try:
            overlay = ImageOverlay.from_spec({k: v for k, v in spec.items() if k in known})
        except (ValueError, TypeError) as exc:
            raise BadInputError(f"{where}.image_overlay_spec: {exc}") from None
    tags = data.get("preferred_image_tags", [])
    if not isinstance(tags, list):
        raise BadInputError(f"{where}.preferred_image_tags: must be a list of texts")
    try:
        return CatalogFormat(data.get("format_option", CAROUSEL_PRODUCTS), preferred_image_tags=tuple(tags),
                             additional_image_index=data.get("additional_image_index"), image_overlay=overlay)
    except (ValueError, TypeError) as exc:
        raise BadInputError(f"{where}: {exc}") from None


def _layer_notes(data: dict, source, notes: list) -> None:
    layers = data.get("image_layer_specs")
    if layers is None:
        return
    hashes = [layer.get("frame_image_hash") for layer in layers if isinstance(layer, dict)
              and layer.get("frame_image_hash")] if isinstance(layers, list) else []
    frame = f" (the frame image {', '.join(map(str, hashes))} is known by its ad-account hash only)" if hashes else ""
    notes.append(f"{source}: object_story_spec.template_data.image_layer_specs: not imported{frame}: the project's "
                 "frame is an image file it uploads; choose one in the Ad dock or set catalog_format's frame")


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
    project.set_catalog_format(_format(data, source, notes))
    _layer_notes(data, source, notes)
    page = story.get("page_id")
    if page is not None:
        project.update_campaign(page_id=str(page), instagram_user_id=str(story.get("instagram_user_id") or ""))
    left = sorted(set(data) - set(READ_TEMPLATE_FIELDS) - {"image_layer_specs"})
    if left:
        notes.append(f"{source}: object_story_spec.template_data: not imported: {', '.join(left)}")
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
