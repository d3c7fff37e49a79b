"""Feeds for the catalog tests, made on the fly: the same three products in every format."""
from __future__ import annotations

import bz2
import codecs
import csv
import gzip
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HEADER = ["id", "title", "description", "availability", "condition", "price", "link", "image_link", "brand",
          "additional_image_link", "image[0].url"]
ROWS = [
    ["A1", "Red shirt", "Soft cotton,\nwith two lines", "in stock", "new", "9.99 USD", "https://shop.test/a1",
     "https://shop.test/a1.jpg", "Acme", "https://shop.test/a1b.jpg,https://shop.test/a1c.jpg",
     "https://shop.test/i/a1.jpg"],
    ["A2", "Café mug", "Stoneware", "out of stock", "used", "12 EUR", "https://shop.test/a2",
     "https://shop.test/a2.jpg", "Acme", "", ""],
    ["A3", "Hat", "Wool \"beanie\"", "in stock", "new", "1,50 EUR", "https://shop.test/a3",
     "https://shop.test/a3.jpg", "Béret", "https://shop.test/a3b.jpg", ""],
]


def delimited(delimiter: str = ",", header=HEADER, rows=ROWS) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def rss(rows=ROWS, *, google_names: bool = True) -> str:
    items = []
    for row in rows:
        values = dict(zip(HEADER, row, strict=True))
        parts = []
        for name in ("id", "title", "description", "availability", "condition", "price", "link", "image_link",
                     "brand"):
            value = values[name].replace("in stock", "in_stock").replace("out of stock", "out_of_stock") \
                if name == "availability" and google_names else values[name]
            parts.append(f"<g:{name}>{escape(value)}</g:{name}>")
        for url in filter(None, values["additional_image_link"].split(",")):
            parts.append(f"<g:additional_image_link>{escape(url)}</g:additional_image_link>")
        parts.append("<g:shipping><g:country>US</g:country><g:service>Ground</g:service>"
                     "<g:price>4.99 USD</g:price></g:shipping>")
        items.append("<item>\n  " + "\n  ".join(parts) + "\n</item>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">\n'
            "<channel><title>Shop</title><link>https://shop.test</link>\n" + "\n".join(items)
            + "\n</channel></rss>\n")


def atom(rows=ROWS) -> str:
    entries = []
    for row in rows:
        values = dict(zip(HEADER, row, strict=True))
        entries.append(f"<entry><g:id>{escape(values['id'])}</g:id><title>{escape(values['title'])}</title>"
                       f"<link href=\"{escape(values['link'])}\"/><g:price>{escape(values['price'])}</g:price>"
                       f"<g:availability>{values['availability']}</g:availability></entry>")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
            'xmlns:g="http://base.google.com/ns/1.0">\n<title>Shop</title>\n' + "\n".join(entries) + "\n</feed>\n")


def encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-8-sig":
        return codecs.BOM_UTF8 + text.encode("utf-8")
    if encoding == "utf-16-le-bom":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if encoding == "utf-16-be-bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return text.encode(encoding)


def compress(data: bytes, how: str | None, inner_name: str = "feed.csv") -> bytes:
    if how == "gzip":
        return gzip.compress(data)
    if how == "bz2":
        return bz2.compress(data)
    if how == "zip":
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(inner_name, data)
        return out.getvalue()
    return data


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path
