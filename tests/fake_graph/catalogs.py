"""The fake Graph API's product catalogs: a business's catalogs, their feeds (scheduled or uploaded
once), feed uploads with their errors and error samples, and product sets.

- ``POST /{business}/owned_product_catalogs`` (name, vertical) makes a catalog.
- ``POST /{catalog}/product_feeds`` (name, schedule JSON with interval and an https url).
- ``POST /{feed}/uploads`` with a multipart ``file`` (or ``url``): read as CSV; each product row
  without a price or a title is an error, grouped by kind as Meta's ``/{upload}/errors`` lists
  them, with ``/{error}/samples`` naming the rows (``row_number`` is the row's line in the file,
  the header being line 1, and ``retailer_id``). ``GET /{upload}`` has no ``end_time`` for the
  first ``processing_polls`` reads, as an upload still being processed.
- ``POST /{catalog}/product_sets`` (name, filter JSON): a filter equal to one the catalog holds
  is refused with error 10803, as Meta does.
"""
from __future__ import annotations

import csv
import io
import itertools
import json

from tests.fake_graph.graph_state import ApiError, invalid

VERTICALS = ("commerce", "hotels", "flights", "destinations", "home_listings", "vehicles")
INTERVALS = ("HOURLY", "DAILY", "WEEKLY", "MONTHLY")
CATALOG_EDGES = ("owned_product_catalogs", "product_feeds", "uploads", "product_sets", "errors", "samples")


class CatalogState:
    def __init__(self):
        self.catalogs: dict[str, dict] = {}
        self.feeds: dict[str, dict] = {}
        self.uploads: dict[str, dict] = {}
        self.errors: dict[str, dict] = {}
        self.sets: dict[str, dict] = {}
        self.processing_polls = 1
        self.upload_posts = 0
        self._ids = itertools.count(770000000000001)

    def _new(self, table: dict, record: dict) -> dict:
        record["id"] = str(next(self._ids))
        table[record["id"]] = record
        return record

    def knows(self, node: str) -> bool:
        return any(node in t for t in (self.catalogs, self.feeds, self.uploads, self.errors, self.sets))

    # -- creates ----------------------------------------------------------------------------
    def post(self, node: str, edge: str, p: dict, files: dict) -> dict:
        if edge == "owned_product_catalogs":
            if not node.isdigit():
                raise invalid("a business id is digits")
            if not p.get("name"):
                raise invalid("The parameter name is required", blame=[["name"]])
            if p.get("vertical", "commerce") not in VERTICALS:
                raise invalid("vertical is not one Meta knows", blame=[["vertical"]])
            return {"id": self._new(self.catalogs, {"business": node, "name": p["name"],
                                                    "vertical": p.get("vertical", "commerce")})["id"]}
        if edge == "product_feeds":
            self._catalog(node)
            return {"id": self._new(self.feeds, {"catalog": node, **self._feed(p)})["id"]}
        if edge == "uploads":
            feed = self.feeds.get(node)
            if feed is None:
                raise ApiError(100, f"Unsupported post request. Object with ID '{node}' does not exist", subcode=33)
            data = files.get("file")
            if data is None and not p.get("url"):
                raise invalid("An upload needs file (multipart) or url", blame=[["file"]])
            self.upload_posts += 1
            upload = self._new(self.uploads, {"feed": node, "reads": 0, "filename": "upload.csv"})
            self._find_errors(upload, data or b"")
            return {"id": upload["id"]}
        if edge == "product_sets":
            self._catalog(node)
            if not p.get("name"):
                raise invalid("The parameter name is required", blame=[["name"]])
            wanted = json.loads(p.get("filter") or "{}")
            if any(s["catalog"] == node and s["filter"] == wanted for s in self.sets.values()):
                raise ApiError(10803, "A product set with the same filter already exists in this catalog",
                               user_title="Duplicate product set",
                               user_msg="A product set with this filter already exists.")
            return {"id": self._new(self.sets, {"catalog": node, "name": p["name"], "filter": wanted})["id"]}
        raise ApiError(100, f"Unsupported post request: {edge}", error_type="GraphMethodException")

    def _catalog(self, node: str) -> dict:
        catalog = self.catalogs.get(node)
        if catalog is None:
            raise ApiError(100, f"Unsupported post request. Object with ID '{node}' does not exist", subcode=33)
        return catalog

    @staticmethod
    def _feed(p: dict) -> dict:
        if not p.get("name"):
            raise invalid("The parameter name is required", blame=[["name"]])
        record = {"name": p["name"]}
        if "schedule" in p:
            schedule = json.loads(p["schedule"])
            if schedule.get("interval") not in INTERVALS or not str(schedule.get("url", "")).startswith("https://"):
                raise invalid("schedule needs an interval and an https url", blame=[["schedule"]])
            record["schedule"] = schedule
        return record

    def _find_errors(self, upload: dict, data: bytes) -> None:
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig", "replace"))))
        kinds = {"price": ("Missing price", "Products need a price, such as 9.99 USD."),
                 "title": ("Missing title", "Products need a title.")}
        found: dict[str, list] = {}
        for line, row in enumerate(rows, 2):
            for column in kinds:
                if not (row.get(column) or "").strip():
                    found.setdefault(column, []).append({"row_number": line, "retailer_id": row.get("id", "")})
        upload["items"] = len(rows)
        upload["error_ids"] = []
        for column, samples in found.items():
            summary, description = kinds[column]
            error = self._new(self.errors, {"upload": upload["id"], "summary": summary, "description": description,
                                            "severity": "fatal", "total_count": len(samples),
                                            "error_type": f"missing_{column}", "samples": samples})
            upload["error_ids"].append(error["id"])

    # -- reads ------------------------------------------------------------------------------
    def read(self, node: str, q: dict) -> dict:
        fields = [f for f in q.get("fields", "id").split(",") if f]
        if node in self.uploads:
            upload = self.uploads[node]
            upload["reads"] += 1
            record = {"id": node, "start_time": "2026-11-23T09:30:00+0000", "error_count": len(upload["error_ids"]),
                      "warning_count": 0, "num_detected_items": upload["items"], "filename": upload["filename"]}
            if upload["reads"] > self.processing_polls:
                record["end_time"] = "2026-11-23T09:31:00+0000"
            return {f: record[f] for f in fields if f in record} | {"id": node}
        for table in (self.catalogs, self.feeds, self.sets):
            if node in table:
                record = dict(table[node], id=node)
                if "filter" in record:
                    record["filter"] = json.dumps(record["filter"])
                return {f: record[f] for f in fields if f in record} | {"id": node}
        raise ApiError(100, f"Object with ID '{node}' does not exist", subcode=33)

    def list_edge(self, node: str, edge: str, q: dict) -> dict:
        fields = [f for f in q.get("fields", "id").split(",") if f]
        if edge == "owned_product_catalogs":
            items = [dict(c) for c in self.catalogs.values() if c["business"] == node]
        elif edge == "product_feeds":
            items = [dict(f) for f in self.feeds.values() if f["catalog"] == node]
        elif edge == "product_sets":
            items = [dict(s, filter=json.dumps(s["filter"])) for s in self.sets.values() if s["catalog"] == node]
        elif edge == "uploads":
            items = [self.read(u, {"fields": ",".join(fields)}) for u, r in self.uploads.items() if r["feed"] == node]
        elif edge == "errors":
            items = [dict(self.errors[e]) for e in self.uploads.get(node, {}).get("error_ids", [])]
        elif edge == "samples":
            items = [dict(s, id=f"{node}-{i}") for i, s in enumerate(self.errors.get(node, {}).get("samples", []))]
        else:
            raise ApiError(100, f"Unknown edge {edge}", error_type="GraphMethodException")
        start, limit = int(q.get("after", "0") or 0), int(q.get("limit", "25"))
        page = [{f: o[f] for f in fields if f in o} | ({"id": o["id"]} if "id" in o else {})
                for o in items[start:start + limit]]
        body = {"data": page}
        if start + limit < len(items):
            body["paging"] = {"cursors": {"after": str(start + limit)}, "next": "https://fake.test/next"}
        return body
