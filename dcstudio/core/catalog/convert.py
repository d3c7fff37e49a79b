"""A catalog written out as another platform's feed: Meta's CSV or Merchant Center's TSV.

Values move between the two vocabularies (``in_stock`` <-> ``in stock``, ``backorder`` <->
``available for order``) and a feed bound for Meta loses Google's tracking parameters from its
links, as Meta asks (reference: "Google Merchant Center differences"). Everything else is written as
the feed held it; the target's lint profile judges the result. Only the columns the feed fills are
written, in the store's order; ``additional_image_link`` becomes one comma-separated cell, as both
platforms read it.
"""
from __future__ import annotations

import csv
import io
import json
import threading
from collections.abc import Callable

from dcstudio.core.catalog.fields import META_FIELDS
from dcstudio.core.catalog.tracking import strip_tracking
from dcstudio.core.values.atomic import atomic_writer
from dcstudio.core.values.errors import BadInputError, Cancelled

TARGETS = ("meta-csv", "google-tsv")
_TO_META = {"in_stock": "in stock", "out_of_stock": "out of stock", "backorder": "available for order",
            "preorder": "preorder"}
_TO_GOOGLE = {"in stock": "in_stock", "out of stock": "out_of_stock", "available for order": "backorder",
              "preorder": "preorder", "discontinued": "out_of_stock"}
_PAGE = 20_000


def _cell(column: str, value, to: str) -> str:
    if value is None:
        return ""
    if column == "additional_image_link":
        try:
            links = json.loads(value)
        except ValueError:
            return str(value)
        return ",".join(str(link) for link in links) if isinstance(links, list) else str(value)
    if column == "availability":
        table = _TO_META if to == "meta-csv" else _TO_GOOGLE
        return table.get(value.strip().lower(), value)
    if column in ("link", "mobile_link") and to == "meta-csv":
        return strip_tracking(value)
    return value


def convert_feed(store, to: str, out, *, progress: Callable[[int, int], None] | None = None,
                 cancel: threading.Event | None = None) -> int:
    """Writes ``store``'s products to ``out`` as ``to`` (one of TARGETS), atomically; the number of
    products written. A cancel leaves no file behind."""
    if to not in TARGETS:
        raise BadInputError(f"--to {to}: use one of {', '.join(TARGETS)}")
    present = set(store.present())
    columns = [c for c in META_FIELDS if c in present]
    if not columns:
        raise BadInputError(f"{store.path}: the catalog holds no product fields to convert")
    total = store.count()
    delimiter = "," if to == "meta-csv" else "\t"
    done = 0
    with atomic_writer(out) as fh:
        text = io.TextIOWrapper(fh, encoding="utf-8", newline="")
        writer = csv.writer(text, delimiter=delimiter, lineterminator="\n")
        writer.writerow(columns)
        while done < total:
            if cancel is not None and cancel.is_set():
                raise Cancelled("the conversion was cancelled; nothing was written")
            page = store.rows(done, _PAGE, columns=columns)
            if not page:
                break
            writer.writerows([_cell(c, v, to) for c, v in zip(columns, row, strict=True)] for row in page)
            done += len(page)
            if progress is not None:
                progress(done, total)
        text.flush()
        text.detach()
    return done
