"""What Meta found wrong in an uploaded feed, read back after the upload and put on the rows it names.

``GET /{feed_id}/uploads`` lists the feed's uploads (``end_time`` once processed, error and
warning counts); ``GET /{upload_id}/errors`` the kinds of error (summary, description, severity
fatal or warning, total_count); ``GET /{error_id}/samples`` the rows (``row_number``,
``retailer_id``). SDK: productfeedupload.py, productfeeduploaderror.py,
productfeeduploaderrorsample.py; reference section 1b.

The problems are kept in ``<project>/catalog/feed-problems.json`` (beside the store, never in the
publish folder, whose JSON files are journals), and ``feed_problem_findings(folder)`` gives them as
catalog findings on the product rows, for the Catalog dock's problems list. A sample's row is
found in the store by its retailer_id (the feed's id); Meta's ``row_number`` is kept as the line.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from dcstudio.core.lint.catalog_report import CatalogFinding
from dcstudio.core.model.catalog_spec import CATALOG_DIR
from dcstudio.core.values.atomic import atomic_write_text
from dcstudio.core.values.json_input import JsonInputError, parse_json

PROBLEMS_FILE = "feed-problems.json"
UPLOAD_FIELDS = "id,start_time,end_time,error_count,warning_count,num_detected_items,num_invalid_items"
ERROR_FIELDS = "id,summary,description,severity,total_count,error_type"
SAMPLE_FIELDS = "id,row_number,retailer_id"
SAMPLES_PER_ERROR = 100  # rows read per kind of error; total_count says how many there are
RULE_ID = "meta.feed_upload"
SOURCE = "GET /{upload_id}/errors (Meta's feed upload diagnostics)"


@dataclass(frozen=True)
class FeedProblem:
    severity: str  # Meta's: fatal or warning
    summary: str
    description: str
    retailer_id: str
    line: int | None  # Meta's row_number
    row: int | None = None  # the store's row of that retailer_id, when the catalog holds it
    total_count: int = 0  # rows with this kind of error in the whole upload

    def describe(self) -> str:
        where = f"row {self.row}" if self.row is not None else (f"line {self.line}" if self.line else "the feed")
        rid = f" ({self.retailer_id})" if self.retailer_id else ""
        return f"feed {where}{rid}: {self.severity}: {self.summary}" + (f": {self.description}"
                                                                      if self.description else "")


@dataclass(frozen=True)
class UploadReport:
    upload_id: str
    finished: bool
    problems: tuple[FeedProblem, ...] = ()
    error_count: int = 0
    warning_count: int = 0


def _upload(client, feed_id: str, upload_id: str) -> dict | None:
    for item in client.each(f"{feed_id}/uploads", {"fields": UPLOAD_FIELDS, "limit": 25}):
        if str(item.get("id")) == upload_id:
            return item
    return None


def read_upload_problems(client, feed_id: str, upload_id: str, *, wait: float = 0.0, interval: float = 2.0,
                         cancel: threading.Event | None = None, sleep=None) -> UploadReport:
    """The upload's problems once Meta has processed it; ``finished`` False (and nothing read)
    while it is still being processed after ``wait`` seconds."""
    cancel = cancel or threading.Event()
    end = time.monotonic() + wait
    while True:
        upload = _upload(client, feed_id, upload_id)
        if upload is not None and upload.get("end_time"):
            break
        if time.monotonic() >= end or cancel.is_set():
            return UploadReport(upload_id, finished=False)
        (sleep or cancel.wait)(interval)
    problems = []
    for error in client.each(f"{upload_id}/errors", {"fields": ERROR_FIELDS, "limit": 25}):
        samples = 0
        for sample in client.each(f"{error['id']}/samples", {"fields": SAMPLE_FIELDS, "limit": SAMPLES_PER_ERROR}):
            problems.append(_problem(error, sample))
            samples += 1
            if samples >= SAMPLES_PER_ERROR:
                break
        if not samples:  # an error of the feed as a whole
            problems.append(_problem(error, {}))
    return UploadReport(upload_id, True, tuple(problems), int(upload.get("error_count") or 0),
                        int(upload.get("warning_count") or 0))


def _problem(error: dict, sample: dict) -> FeedProblem:
    try:
        line = int(sample["row_number"]) if sample.get("row_number") is not None else None
    except (TypeError, ValueError):
        line = None
    return FeedProblem(str(error.get("severity") or "fatal"), str(error.get("summary") or ""),
                       str(error.get("description") or ""), str(sample.get("retailer_id") or ""), line,
                       total_count=int(error.get("total_count") or 0))


def on_rows(problems, store) -> list[FeedProblem]:
    """The problems with the store's row of each retailer_id (``store``: a CatalogStore, or None)."""
    ids = sorted({p.retailer_id for p in problems if p.retailer_id})
    rows = {}
    if store is not None and ids:
        found = store.query("SELECT id, row_number FROM products WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids])
        rows = {str(i): int(n) for i, n in found}
    return [FeedProblem(**{**asdict(p), "row": rows.get(p.retailer_id)}) for p in problems]


def problems_path(folder) -> Path:
    return Path(folder) / CATALOG_DIR / PROBLEMS_FILE


def save_feed_problems(folder, report: UploadReport) -> Path:
    path = problems_path(folder)
    doc = {"upload_id": report.upload_id, "error_count": report.error_count, "warning_count": report.warning_count,
           "problems": [asdict(p) for p in report.problems]}
    atomic_write_text(path, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    return path


def load_feed_problems(folder) -> list[FeedProblem]:
    """The problems the last feed upload's read-back stored; [] when there are none or the file is
    not one this version wrote (it is a cache of Meta's answer, read again on the next publish)."""
    path = problems_path(folder)
    try:
        doc = parse_json(path.read_bytes())
        return [FeedProblem(**item) for item in doc["problems"]]
    except (OSError, JsonInputError, KeyError, TypeError):
        return []


def feed_problem_findings(folder) -> list[CatalogFinding]:
    """The stored problems as catalog findings on their rows, as the Catalog dock lists them."""
    return [CatalogFinding(RULE_ID, "error" if p.severity == "fatal" else "warning", p.row, p.line, None,
                           p.retailer_id or None, f"Meta's feed upload: {p.summary}",
                           p.description or "Fix the row in the feed and publish (or refresh) again.", SOURCE)
            for p in load_feed_problems(folder)]


def with_feed_problems(report, folder):
    """``report`` (a CatalogReport of the project's catalog) with the problems Meta reported for
    its last feed upload merged in, in row order; as it is when there are none. Reads a file: call
    it off the GUI thread."""
    extra = feed_problem_findings(folder) if folder is not None else []
    if not extra:
        return report
    findings = tuple(sorted((*report.findings, *extra), key=CatalogFinding.sort_key))
    note = f"{len(extra):,} problem(s) from Meta's last feed upload ({RULE_ID}), kept in {problems_path(folder)}"
    return replace(report, findings=findings, notes=(*report.notes, note))

