"""Reading a CSV file a user exported from another tool: its encoding, its comment lines and
its header, with messages that name the file and the row."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from dcstudio.core.insights.days import iso_day
from dcstudio.core.values.errors import BadInputError

MAX_BYTES = 200 * 1024 * 1024


def read_rows(path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """(the header, [(line number, {column: value})]). Lines starting with "#" (GA4's export
    puts a few above the header) and empty lines are skipped."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise BadInputError(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MB; export a shorter range")
        raw = path.read_bytes()
    except OSError as exc:
        raise BadInputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    for encoding in ("utf-8-sig", "utf-16", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise BadInputError(f"{path}: not a text file in UTF-8, UTF-16 or Windows-1252")
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")]
    if not lines:
        raise BadInputError(f"{path}: holds no header row")
    sample = lines[0][1]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ";" if sample.count(";") > sample.count(",") \
        else ","
    reader = csv.reader(io.StringIO("\n".join(line for _, line in lines)), delimiter=delimiter)
    try:
        table = list(reader)
    except csv.Error as exc:
        raise BadInputError(f"{path}: not a CSV file that can be read ({exc})") from None
    header = [h.strip() for h in table[0]]
    rows = []
    for (number, _), values in zip(lines[1:], table[1:], strict=False):
        if len(values) > len(header):
            raise BadInputError(f"{path}, line {number}: {len(values)} values for {len(header)} columns")
        rows.append((number, {h: v.strip() for h, v in zip(header, values, strict=False)}))
    return header, rows


def column(header: list[str], names, path, what: str, *, required: bool = True) -> str | None:
    """The first column of ``header`` whose name (case-insensitive, or a prefix such as
    "Amount spent (") is one of ``names``."""
    lowered = {h.lower(): h for h in header}
    for name in names:
        if name.lower() in lowered:
            return lowered[name.lower()]
        if name.endswith("("):
            for h in header:
                if h.lower().startswith(name.lower()):
                    return h
    if required:
        raise BadInputError(f"{path}: no {what} column; give one named " + " or ".join(repr(n) for n in names)
                            + " (see docs/insights.md)")
    return None


def number(value: str, path, line: int, name: str, *, integer: bool = True) -> float:
    text = (value or "0").replace(",", "").replace("\u00a0", "").strip().lstrip("$€£")
    if text in ("", "-", "--"):
        return 0
    try:
        out = float(text)
    except ValueError:
        raise BadInputError(f"{path}, line {line}: {name} {value!r} is not a number") from None
    if out < 0 or out != out or out in (float("inf"),):
        raise BadInputError(f"{path}, line {line}: {name} {value!r} must be a number, 0 or more")
    return int(out) if integer else out


def day(value: str, path, line: int, name: str) -> str:
    text = (value or "").strip()
    if len(text) == 8 and text.isdigit():  # GA4: 20260105
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    try:
        return iso_day(text[:10])
    except ValueError:
        raise BadInputError(f"{path}, line {line}: {name} {value!r} is not a day (YYYY-MM-DD or YYYYMMDD)") from None
