"""What a feed file is, from its first bytes: compression, encoding, XML or delimited text, the
delimiter. Anything that is not a feed (binary, an HTML page, empty) is refused here, naming why."""
from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass

from dcstudio.core.catalog.store import CatalogError

HEAD_BYTES = 256 * 1024
DELIMITERS = (",", "\t", ";", "|", "~")
DELIMITER_NAMES = {",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe", "~": "tilde"}
ENCODINGS = ("utf-8", "utf-16", "latin-1")

_MAGIC = ((b"\x1f\x8b", "gzip"), (b"BZh", "bz2"), (b"PK\x03\x04", "zip"), (b"PK\x05\x06", "zip"))
_BINARY_MAGIC = ((b"%PDF", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
                 (b"GIF8", "a GIF image"), (b"\x7fELF", "a program"), (b"MZ", "a program"),
                 (b"SQLite format 3", "an SQLite database"), (b"\xd0\xcf\x11\xe0", "an old Excel/Office file"),
                 (b"7z\xbc\xaf", "a 7-Zip archive"), (b"Rar!", "a RAR archive"), (b"\xfd7zXZ", "an xz archive"))


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


@dataclass(frozen=True)
class Sniffed:
    kind: str  # "delimited" | "xml"
    encoding: str  # a codec name Python and DuckDB both know: utf-8, utf-16, latin-1
    bom: bytes
    delimiter: str = ","
    comment_lines: int = 0  # leading "# ref_application_id ..." lines before the header


def compression_of(head: bytes) -> str | None:
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    return None


def detect_encoding(head: bytes, name, declared: str | None = None) -> tuple[str, bytes]:
    """(codec, BOM): a BOM decides; else NUL bytes in every other place mean UTF-16; else UTF-8
    when the head decodes as UTF-8, Latin-1 otherwise. ``declared`` (the user's choice) wins."""
    if head.startswith(codecs.BOM_UTF8):
        return (declared or "utf-8"), codecs.BOM_UTF8
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ("utf-16-le" if head.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"), head[:2]
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise CatalogError(name, "is UTF-32: save the feed as UTF-8 (or UTF-16, Latin-1)", 1)
    if declared == "utf-16":  # no BOM: the NUL bytes tell the byte order
        sample = head[:4096]
        return ("utf-16-be" if sample[0::2].count(0) > sample[1::2].count(0) else "utf-16-le"), b""
    if declared:
        return declared, b""
    sample = head[:4096]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4 and sample[0::2].count(0) == 0:
        return "utf-16-le", b""
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4 and sample[1::2].count(0) == 0:
        return "utf-16-be", b""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8", b""
    except UnicodeDecodeError as exc:
        if _UTF8_SEQUENCE.search(head, 0, exc.start):  # UTF-8 up to here, then something else
            line = head[:exc.start].count(b"\n") + 1
            raise CatalogError(name, f"mixes UTF-8 with another encoding (byte 0x{head[exc.start]:02x} is not "
                                     "UTF-8): save the whole feed as UTF-8", line) from None
        return "latin-1", b""


def sniff(head: bytes, name, *, declared_encoding: str | None = None) -> Sniffed:
    """Classifies the (decompressed) first bytes of a feed. CatalogError for what is not a feed."""
    for magic, what in _BINARY_MAGIC:
        if head.startswith(magic):
            raise CatalogError(name, f"is {what}, not a product feed (CSV, TSV, RSS or Atom XML)")
    if not head.strip():
        raise CatalogError(name, "is empty: a feed starts with its header row")
    encoding, bom = detect_encoding(head, name, declared_encoding)
    try:
        text = codecs.getincrementaldecoder(encoding)(errors="strict").decode(head[len(bom):], final=False)
    except UnicodeDecodeError as exc:
        line = head[:exc.start].count(b"\n") + 1
        raise CatalogError(name, f"is not {encoding} text (byte 0x{head[exc.start]:02x}): save it as UTF-8, "
                                 "or name its encoding", line) from None
    if "\x00" in text:
        line = text[:text.index("\x00")].count("\n") + 1
        raise CatalogError(name, "holds binary data (NUL bytes), not a text feed", line)
    start = text.lstrip()[:1024].lower()
    if start.startswith(("<!doctype html", "<html")) or (start.startswith("<") and "<html" in start[:300]):
        raise CatalogError(name, "is an HTML page, not a feed (an error or login page saved in its place?)", 1)
    if start.startswith("<"):
        return Sniffed("xml", encoding, bom)
    # Old Mac files end their lines with a CR alone; every other file with LF (or CRLF).
    lines = text.split("\r" if "\n" not in text and "\r" in text else "\n")
    comments = 0
    while comments < len(lines) - 1 and lines[comments].startswith("#"):
        comments += 1
    header = lines[comments].rstrip("\r")
    if not header.strip():
        raise CatalogError(name, "has an empty first line: a feed starts with its header row", comments + 1)
    control = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\r\n")
    if control > 8:
        raise CatalogError(name, "holds binary data (control characters), not a text feed", 1)
    return Sniffed("delimited", encoding, bom, delimiter_of(header, name, comments + 1), comments)


def delimiter_of(header: str, name, line: int) -> str:
    """The delimiter the header row uses: the candidate that splits it into the most fields
    (outside quotes). A header with none of them is not a feed's."""
    best, best_count = None, 1
    for delimiter in DELIMITERS:
        try:
            count = len(next(csv.reader(io.StringIO(header), delimiter=delimiter)))
        except (csv.Error, StopIteration):
            continue
        if count > best_count:
            best, best_count = delimiter, count
    if best is None:
        shown = header if len(header) <= 60 else header[:57] + "..."
        raise CatalogError(name, f"is not a feed: its first line {shown!r} has no comma, tab, semicolon, pipe "
                                 "or tilde between column names", line)
    return best


def header_fields(header: str, delimiter: str) -> list[str]:
    fields = next(csv.reader(io.StringIO(header), delimiter=delimiter))
    return [re.sub(r"^\ufeff", "", f) for f in fields]
