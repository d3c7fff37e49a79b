"""RSS 2.0 and Atom feeds (with Google's ``g:`` namespace), streamed: one item at a time goes to a
JSON-lines file that DuckDB then reads, so 200,000 items take no more memory than one.

Parsed with expat and entity declarations refused (what defusedxml does): a "billion laughs"
feed, or one that points at an outside entity, is an error naming its line, never expanded.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from xml.parsers import expat

from dcstudio.core.catalog.line_guard import LineGuard, LineTooLong
from dcstudio.core.catalog.store import CatalogError
from dcstudio.core.values.errors import Cancelled

GOOGLE_NS = "http://base.google.com/ns/1.0"
ATOM_NS = "http://www.w3.org/2005/Atom"
_SEP = "\x1f"
CHUNK = 1 << 20
# The parts of Google's nested shipping element, in the order of the text form "US:NY:Ground:9.99 USD".
_SHIPPING_PARTS = ("country", "region", "service", "price")


class _Refused(Exception):
    def __init__(self, problem: str):
        self.problem = problem


def _name(qname: str) -> str:
    """``g:price`` for Google's namespace, the bare local name otherwise."""
    ns, _, local = qname.rpartition(_SEP)
    return f"g:{local}" if ns == GOOGLE_NS else local


class _ItemReader:
    def __init__(self, out, header: list[str], index: dict[str, int]):
        self.out = out
        self.header = header
        self.index = index
        self.root: str | None = None
        self.root_ns = ""
        self.depth = 0
        self.item_depth: int | None = None
        self.row = 0
        self.longest = 0  # the longest JSON line written, in characters
        self.line = 0
        self.values: dict[str, str] = {}
        self.stack: list[tuple[str, list[str], dict]] = []  # (name, text parts, children) under the item

    def start(self, qname, attrs):
        self.depth += 1
        name = _name(qname)
        if self.root is None:
            self.root = name
            self.root_ns = qname.rpartition(_SEP)[0]
            if name not in ("rss", "feed", "RDF"):
                raise _Refused(f"is XML, but not an RSS or Atom feed (its root element is <{name}>)")
            return
        if self.item_depth is None:
            if name in ("item", "entry"):
                self.item_depth = self.depth
                self.line = self.parser.CurrentLineNumber
                self.values = {}
            return
        if name == "link" and "href" in attrs and len(self.stack) == 0:  # Atom's <link href="..."/>
            rel = attrs.get("rel", "alternate")
            if rel == "alternate":
                self.stack.append((name, [attrs["href"]], {}))
                return
        self.stack.append((name, [], {}))

    def end(self, qname):
        if self.item_depth is not None and self.depth == self.item_depth:
            self._write_item()
            self.item_depth = None
        elif self.item_depth is not None and self.stack:
            name, parts, children = self.stack.pop()
            text = "".join(parts).strip()
            if self.stack:  # a part of a nested field: kept for its parent
                self.stack[-1][2].setdefault(name.removeprefix("g:"), []).append(text)
            else:
                self._field(name, text, children)
        self.depth -= 1

    def chars(self, data):
        if self.stack:
            self.stack[-1][1].append(data)

    def _field(self, name: str, text: str, children: dict) -> None:
        if children:
            if name.removeprefix("g:") == "shipping":
                text = ":".join((children.get(p) or [""])[0] for p in _SHIPPING_PARTS)
            else:
                n = sum(1 for key in self.values if key.startswith(f"{name}["))
                for child, texts in children.items():
                    for k, t in enumerate(texts):
                        suffix = f"[{k}]" if len(texts) > 1 else ""
                        self.values[f"{name}[{n}].{child}{suffix}"] = t
                return
        if name in self.values:  # repeated: additional_image_link, several shipping, product_type ...
            if name.removeprefix("g:") == "shipping":
                self.values[name] += "," + text
                return
            k = 1
            while f"{name}[{k}]" in self.values:
                k += 1
            name = f"{name}[{k}]"
        self.values[name] = text

    def _write_item(self) -> None:
        self.row += 1
        record = {"__row": self.row, "__line": self.line}
        for name, value in self.values.items():
            i = self.index.get(name)
            if i is None:
                i = self.index[name] = len(self.header)
                self.header.append(name)
            record[f"c{i}"] = value
        text = json.dumps(record, ensure_ascii=False)
        self.longest = max(self.longest, len(text))
        self.out.write(text)
        self.out.write("\n")


def xml_to_jsonl(stream, name, out_path: Path, *, encoding: str | None = None, size: int = 0,
                 progress: Callable[[int, int], None] | None = None, cancel: threading.Event | None = None,
                 max_line_bytes: int, stats: dict | None = None) -> tuple[str, list[str], int]:
    """Streams the items of an RSS or Atom feed into ``out_path`` (JSON lines of c0, c1, ...).
    Returns (format, the field names in the order first seen, the number of items); ``stats``
    gets ``longest``, the bytes of the longest line written."""
    header: list[str] = []
    parser = expat.ParserCreate(encoding=encoding, namespace_separator=_SEP)
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse_entity(*_args):
        raise _Refused("declares entities (an XML bomb, or a reference to another file): such a feed is "
                       "not read")

    def refuse_external(*_args):
        raise _Refused("refers to an outside entity: such a feed is not read")

    parser.EntityDeclHandler = refuse_entity
    parser.UnparsedEntityDeclHandler = refuse_entity
    parser.ExternalEntityRefHandler = refuse_external
    done = 0
    guard = LineGuard(max_line_bytes)
    with out_path.open("w", encoding="utf-8") as out:
        reader = _ItemReader(out, header, {})
        reader.parser = parser
        parser.StartElementHandler = reader.start
        parser.EndElementHandler = reader.end
        parser.CharacterDataHandler = reader.chars
        parser.buffer_text = True
        try:
            while chunk := stream.read(CHUNK):
                if cancel is not None and cancel.is_set():
                    raise Cancelled("import cancelled: the catalog is as it was")
                guard.feed(chunk)
                parser.Parse(chunk, False)
                done += len(chunk)
                if progress and size:
                    progress(min(done, size), size)
            parser.Parse(b"", True)
        except LineTooLong as exc:
            raise CatalogError(name, f"has a line longer than {exc.limit:,} bytes: not a feed to import (Meta "
                                     "caps an XML line at 5,242,880 bytes)", exc.line) from None
        except _Refused as exc:
            raise CatalogError(name, exc.problem, parser.CurrentLineNumber) from None
        except expat.ExpatError as exc:
            problem = expat.ErrorString(exc.code)
            raise CatalogError(name, f"is not well-formed XML ({problem})", exc.lineno) from None
    if stats is not None:
        stats["longest"] = reader.longest * 4  # UTF-8 takes at most 4 bytes a character
    if reader.root is None:
        raise CatalogError(name, "holds no XML element", 1)
    if reader.root == "feed" or reader.root_ns == ATOM_NS:
        kind = "atom"
    else:
        kind = "rss"
    return kind, header, reader.row

