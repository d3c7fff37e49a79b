"""What the fake Graph API holds and how each endpoint answers (no HTTP here)."""
from __future__ import annotations

import base64
import binascii
import hashlib
import io
import itertools
import json
import re
import threading

from PIL import Image

# An unfilled plan reference; Meta's own {{campaign.id}} url_tags macros are fine.
PLACEHOLDER = re.compile(r"(?<!\{)\{[A-Za-z0-9_-]+\.[a-z_]+\}(?!\})")
KIND_OF_EDGE = {"campaigns": "campaign", "adsets": "adset", "adcreatives": "creative", "ads": "ad"}
LEGACY_OBJECTIVES = ("PRODUCT_CATALOG_SALES", "CONVERSIONS", "LINK_CLICKS", "APP_INSTALLS")
JSON_FIELDS = {"special_ad_categories", "targeting", "promoted_object", "object_story_spec", "asset_feed_spec",
               "template_url_spec", "degrees_of_freedom_spec", "creative", "execution_options", "filtering", "hashes",
               "fields_json"}


FILTERABLE_EDGES = ("campaigns", "adsets", "ads")  # the edges whose SDK signature lists `filtering`
_FILTER_OPERATORS = {
    "EQUAL": lambda have, want: have == str(want),
    "NOT_EQUAL": lambda have, want: have != str(want),
    "CONTAIN": lambda have, want: str(want) in have,
    "NOT_CONTAIN": lambda have, want: str(want) not in have,
    "STARTS_WITH": lambda have, want: have.startswith(str(want)),
    "IN": lambda have, want: have in [str(w) for w in want],
    "NOT_IN": lambda have, want: have not in [str(w) for w in want],
}


def apply_filtering(items: list[dict], raw: str) -> list[dict]:
    """The ``filtering`` parameter of the ads management edges: a JSON list of
    {field, operator, value}, every rule applied (AND)."""
    try:
        rules = json.loads(raw)
    except ValueError:
        raise invalid("Param filtering must be a JSON-encoded list") from None
    if not isinstance(rules, list):
        raise invalid("Param filtering must be an array")
    for rule in rules:
        if not isinstance(rule, dict) or not {"field", "operator", "value"} <= set(rule):
            raise invalid("Filtering rules need field, operator and value")
        test = _FILTER_OPERATORS.get(rule["operator"])
        if test is None:
            raise invalid(f"Filtering operator {rule['operator']} is not supported by the test server")
        if rule["operator"] in ("IN", "NOT_IN") and not isinstance(rule["value"], list):
            raise invalid(f"Filtering operator {rule['operator']} needs a list value")
        items = [o for o in items if test(str(o.get(rule["field"], "")), rule["value"])]
    return items


class ApiError(Exception):
    """Answered as a Graph error body."""

    def __init__(self, code, message, *, status=400, subcode=None, user_title="", user_msg="",
                 blame=None, error_type="OAuthException", is_transient=False):
        super().__init__(message)
        error = {"message": message, "type": error_type, "code": code, "is_transient": is_transient,
                 "fbtrace_id": "AfakeTrace123"}
        if subcode:
            error["error_subcode"] = subcode
        if user_title:
            error["error_user_title"] = user_title
        if user_msg:
            error["error_user_msg"] = user_msg
        if blame:
            error["error_data"] = json.dumps({"blame_field_specs": blame})  # a string, as Meta sends it
        self.status, self.body = status, {"error": error}


def invalid(message, **kw):
    return ApiError(100, message, error_type="OAuthException", **kw)


class GraphState:
    def __init__(self):
        self.lock = threading.RLock()
        self.objects: dict[str, dict[str, dict]] = {k: {} for k in ("campaign", "adset", "creative", "ad")}
        self.images: dict[str, dict] = {}  # hash -> image record
        self.uploads = 0
        self.max_page_size: int | None = None  # a list answer holds at most this many, whatever was asked
        self.refuse_filtering = False  # list edges answer `filtering` with an invalid-parameter error
        self.empty_pages = 0  # list answers this many empty pages (still pointing to a next) first
        self.validated: list[str] = []  # kinds checked with execution_options=["validate_only"]
        self.creative_drift: dict = {}  # top-level creative fields changed on read-back
        self.review: dict = {"effective_status": "PAUSED", "ad_review_feedback": None, "polls_pending": 1}
        self._ids = itertools.count(120000000000001)
        from tests.fake_graph.catalogs import CatalogState
        from tests.fake_graph.videos import VideoLibrary

        self.videos = VideoLibrary()
        self.catalogs = CatalogState()  # a business's catalogs, their feeds, uploads and product sets

    def count(self, kind: str) -> int:
        return len(self.videos.videos) if kind == "video" else len(self.objects[kind])

    # -- helpers ----------------------------------------------------------------------------
    @staticmethod
    def decode(params: dict) -> dict:
        """Form values back to objects; JSON-encoded fields must be valid JSON."""
        out = {}
        for key, value in params.items():
            if PLACEHOLDER.search(value):
                raise invalid(f"Param {key} holds an unresolved placeholder {value!r}")
            if key in JSON_FIELDS or key == "is_dynamic_creative":
                try:
                    out[key] = json.loads(value)
                except ValueError:
                    raise invalid(f"Param {key} must be JSON-encoded") from None
            else:
                out[key] = value
        return out

    def _new(self, kind: str, account: str, record: dict) -> dict:
        record = {**record, "id": str(next(self._ids)), "account_id": account}
        self.objects[kind][record["id"]] = record
        return record

    def _require(self, p: dict, *names):
        for name in names:
            if name not in p or p[name] in ("", None):
                raise invalid(f"The parameter {name} is required", blame=[[name]])

    def _in_account(self, kind, object_id, account, field):
        obj = self.objects[kind].get(str(object_id))
        if obj is None or obj["account_id"] != account:
            raise invalid(f"Invalid parameter {field}: {object_id} does not exist", blame=[[field]])
        return obj

    # -- creates ----------------------------------------------------------------------------
    def create(self, edge: str, account: str, raw: dict, files: dict | None = None) -> dict:
        p = self.decode(raw)
        validate_only = "validate_only" in (p.get("execution_options") or [])
        with self.lock:
            if edge == "advideos":
                return self.videos.post(account, p, files or {})
            if edge == "adimages":
                return self._create_image(account, p)
            kind = KIND_OF_EDGE.get(edge)
            if kind is None:
                raise ApiError(100, f"Unsupported post request: {edge}", error_type="GraphMethodException")
            getattr(self, f"_check_{kind}")(account, p)
            if validate_only:
                self.validated.append(kind)
                return {"success": True}
            if kind != "creative" and p.get("status") not in ("PAUSED", "ACTIVE"):
                raise invalid("status must be PAUSED or ACTIVE", blame=[["status"]])
            return {"id": self._new(kind, account, p)["id"]}

    def _check_campaign(self, account, p):
        self._require(p, "name", "objective", "special_ad_categories")
        if not isinstance(p["special_ad_categories"], list):
            raise invalid("special_ad_categories must be a JSON list", blame=[["special_ad_categories"]])
        if p["objective"] in LEGACY_OBJECTIVES:  # v17.0 on: simplified (ODAX) objectives only
            raise invalid(f"Objective {p['objective']} is invalid. Use one of the simplified objectives",
                          subcode=2490487, blame=[["objective"]])
        catalog = (p.get("promoted_object") or {}).get("product_catalog_id")
        if catalog is not None and str(catalog) not in self.catalogs.catalogs:
            raise invalid(f"promoted_object: product catalog {catalog} does not exist",
                          blame=[["promoted_object", "product_catalog_id"]])

    def _check_adset(self, account, p):
        self._require(p, "name", "campaign_id", "optimization_goal", "billing_event", "targeting")
        campaign = self._in_account("campaign", p["campaign_id"], account, "campaign_id")
        product_set = (p.get("promoted_object") or {}).get("product_set_id")
        if product_set is not None:  # a catalog ad set: promotes a set of the campaign's catalog
            known = self.catalogs.sets.get(str(product_set))
            catalog = str((campaign.get("promoted_object") or {}).get("product_catalog_id"))
            if known is None or known["catalog"] != catalog:
                raise invalid(f"promoted_object: product set {product_set} is not in the campaign's catalog",
                              blame=[["promoted_object", "product_set_id"]])
            if "is_dynamic_creative" in p:
                raise invalid("a catalog ad set is not a dynamic creative ad set", blame=[["is_dynamic_creative"]])
        elif p.get("is_dynamic_creative") is not True:
            raise invalid("is_dynamic_creative must be true for this test", blame=[["is_dynamic_creative"]])
        if not isinstance(p["targeting"], dict):
            raise invalid("targeting must be a JSON object", blame=[["targeting"]])
        budget = p.get("daily_budget") or p.get("lifetime_budget")
        if not budget or not str(budget).isdigit():
            raise invalid("a budget in minor units is required", blame=[["daily_budget"]])

    def _check_creative(self, account, p):
        if "product_set_id" in p:
            return self._check_catalog_creative(p)
        self._require(p, "name", "object_story_spec", "asset_feed_spec")
        if not p["object_story_spec"].get("page_id"):
            raise invalid("object_story_spec needs page_id", blame=[["object_story_spec", "page_id"]])
        feed = p["asset_feed_spec"]
        if len(feed.get("ad_formats") or []) != 1:
            raise invalid("ad_formats needs exactly one value", blame=[["asset_feed_spec", "ad_formats"]])
        if not feed.get("link_urls"):
            raise invalid("link_urls is required", blame=[["asset_feed_spec", "link_urls"]])
        for i, video in enumerate(feed.get("videos") or []):
            known = self.videos.videos.get(str(video.get("video_id")))
            if known is None or known["account"] != account or known["polls"] <= self.videos.processing_polls:
                raise ApiError(100, "Video not ready", subcode=1885252, user_msg="The video is not uploaded or "
                               "still processing.", blame=[["asset_feed_spec", "videos", i, "video_id"]])
            if not (video.get("thumbnail_hash") in self.images or video.get("thumbnail_url")):
                raise ApiError(100, "Missing thumbnail", subcode=1443226,
                               blame=[["asset_feed_spec", "videos", i, "thumbnail_hash"]])
        for i, image in enumerate(feed.get("images") or []):
            known = self.images.get(image.get("hash"))
            if known is None or account not in known["accounts"]:
                raise ApiError(100, "Image not found", subcode=1487212, user_title="Missing image",
                               user_msg="The image hash is not in this ad account.",
                               blame=[["asset_feed_spec", "images", i, "hash"]])

    def _check_catalog_creative(self, p):
        self._require(p, "name", "object_story_spec")
        if str(p["product_set_id"]) not in self.catalogs.sets:
            raise invalid(f"product set {p['product_set_id']} does not exist", blame=[["product_set_id"]])
        story = p["object_story_spec"]
        data = story.get("template_data")
        if not story.get("page_id") or not isinstance(data, dict):
            raise invalid("object_story_spec needs page_id and template_data", blame=[["object_story_spec"]])
        if not data.get("link"):
            raise invalid("template_data needs link", blame=[["object_story_spec", "template_data", "link"]])
        if "value" in (data.get("call_to_action") or {}):
            raise invalid("a catalog ad's call_to_action takes no value",
                          blame=[["object_story_spec", "template_data", "call_to_action"]])
        for i, layer in enumerate(data.get("image_layer_specs") or []):
            if layer.get("layer_type") == "frame_overlay" and layer.get("frame_source") == "custom":
                known = self.images.get(layer.get("frame_image_hash"))
                if known is None:
                    raise ApiError(100, "Image not found", subcode=1487212, user_title="Missing image",
                                   user_msg="The frame image hash is not in this ad account.",
                                   blame=[["object_story_spec", "template_data", "image_layer_specs", i,
                                           "frame_image_hash"]])

    def _check_ad(self, account, p):
        self._require(p, "name", "adset_id", "creative")
        self._in_account("adset", p["adset_id"], account, "adset_id")
        self._in_account("creative", (p["creative"] or {}).get("creative_id"), account, "creative")
        if any(ad["adset_id"] == p["adset_id"] for ad in self.objects["ad"].values()):
            raise invalid("A dynamic creative ad set can hold one ad only", subcode=1885553, blame=[["adset_id"]])

    def _create_image(self, account, p):
        self._require(p, "bytes", "name")
        try:
            data = base64.b64decode(p["bytes"], validate=True)
            with Image.open(io.BytesIO(data)) as im:
                width, height = im.size
        except (binascii.Error, OSError, ValueError):
            raise ApiError(100, "Error processing image", subcode=1487197, blame=[["bytes"]]) from None
        digest = hashlib.md5(data).hexdigest()
        self.uploads += 1
        record = self.images.setdefault(digest, {"hash": digest, "name": p["name"], "width": width,
                                                 "height": height, "accounts": set()})
        record["accounts"].add(account)
        return {"images": {p["name"]: {"hash": digest, "url": f"https://fake.test/{digest}.jpg",
                                       "width": width, "height": height}}}

    # -- reads ------------------------------------------------------------------------------
    def list_edge(self, edge: str, account: str, q: dict) -> dict:
        with self.lock:
            if edge == "adimages":  # paged like every list edge (25 by default)
                wanted = set(json.loads(q.get("hashes", "[]")))
                items = [{"id": f"{account}:{h}", "hash": h, "name": r["name"], "status": "ACTIVE"}
                         for h, r in self.images.items() if account in r["accounts"] and (not wanted or h in wanted)]
            else:
                kind = KIND_OF_EDGE.get(edge)
                if kind is None:
                    raise ApiError(100, f"Unknown edge {edge}", error_type="GraphMethodException")
                items = [o for o in self.objects[kind].values() if o["account_id"] == account]
        if "filtering" in q and self.refuse_filtering:
            raise invalid("(#100) param filtering is not supported on this edge")
        if edge in FILTERABLE_EDGES:
            items = apply_filtering(items, q.get("filtering", "[]"))
        after = q.get("after", "0") or "0"
        if after.startswith("empty-") or (after == "0" and self.empty_pages):
            seen = int(after.removeprefix("empty-")) if after.startswith("empty-") else 0
            if seen < self.empty_pages:  # a page with nothing on it that still points to more
                return {"data": [], "paging": {"cursors": {"after": f"empty-{seen + 1}"}, "next": "https://fake.test/next"}}
            q = dict(q, after="0")
        # else (adcreatives, adimages): no filtering; like Graph, an unknown parameter is ignored
        fields = [f for f in q.get("fields", "id").split(",") if f]
        try:
            start, limit = int(q.get("after", "0") or 0), int(q.get("limit", "25"))
        except ValueError:
            raise invalid("after and limit must be numbers") from None
        if self.max_page_size:
            limit = min(limit, self.max_page_size)  # the server may send fewer than asked
        page = [{f: o.get(f) for f in fields if f in o} | {"id": o["id"]} for o in items[start:start + limit]]
        body = {"data": page}
        if start + limit < len(items):
            body["paging"] = {"cursors": {"after": str(start + limit)}, "next": "https://fake.test/next"}
        return body

    def add_existing(self, kind: str, account: str, names, **fields) -> list[str]:
        """Objects made earlier by someone else in the account (listed before this publish's)."""
        with self.lock:
            return [self._new(kind, account, {"name": name, "status": "PAUSED", **fields})["id"] for name in names]

    def read(self, object_id: str, q: dict) -> dict:
        with self.lock:
            video = self.videos.read(object_id)
            if video is not None:
                fields = [f for f in q.get("fields", "id").split(",") if f]
                return {f: video[f] for f in fields if f in video} | {"id": object_id}
            for kind, objects in self.objects.items():  # noqa: B007 (kind is read after the break)
                if object_id in objects:
                    break
            else:
                raise ApiError(100, f"Unsupported get request. Object with ID '{object_id}' does not exist",
                               subcode=33, error_type="GraphMethodException")
            record = json.loads(json.dumps(objects[object_id]))  # a copy
            if kind == "creative":
                record.setdefault("asset_feed_spec", {})["optimization_type"] = "REGULAR"
                for key, value in self.creative_drift.items():
                    record[key] = value
            if kind == "ad":
                review = self.review
                if review["polls_pending"] > 0:
                    review["polls_pending"] -= 1
                    record["effective_status"] = "PENDING_REVIEW"
                else:
                    record["effective_status"] = review["effective_status"]
                    if review["ad_review_feedback"]:
                        record["ad_review_feedback"] = review["ad_review_feedback"]
        fields = [f for f in q.get("fields", "id").split(",") if f]
        return {f: record[f] for f in fields if f in record} | {"id": object_id}
