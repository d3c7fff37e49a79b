"""The client-readable asset report: HTML (charts as inline SVG), PDF (pages drawn with Pillow,
written by render/pdf.py with a text layer) or CSV (one row per asset), and its JSON.

Every form says what the figures are (directional: the platform chose what to show) and each
asset's label with the reason for it; a chart draws each asset's CTR with its 90% interval as
a bar, and its daily CTR as a line.
"""
from __future__ import annotations

import csv
import html
import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from dcstudio.core.insights.judge import KIND_TITLES, AssetVerdict, Judgement
from dcstudio.core.render.fonts import font_path
from dcstudio.core.render.pdf import A4_PORTRAIT_PT, PdfWriter, TextLine
from dcstudio.core.values.atomic import atomic_write_text, atomic_writer
from dcstudio.core.values.errors import BadInputError

FORMATS = (".html", ".pdf", ".csv")
LABEL_COLOURS = {"Best": "#1a7f37", "Good": "#0969da", "Low": "#cf222e", "Learning": "#8c959f"}
CSV_COLUMNS = ("id", "kind", "version", "name", "label", "impressions", "clicks", "spend", "conversions", "ctr",
               "ctr_low_90", "ctr_high_90", "p_best", "likely_worse", "conversion_rate", "conversion_low_90",
               "conversion_high_90", "first_day", "last_day", "reason")


def _pct(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value * 100:.{digits}f}%"


def csv_rows(judgement: Judgement) -> list[dict]:
    out = []
    for a in judgement.assets:
        conv = a.conversion
        out.append({"id": a.project_id or "", "kind": a.kind, "version": a.version, "name": a.name,
                    "label": a.label, "impressions": a.impressions, "clicks": a.clicks, "spend": f"{a.spend:.2f}",
                    "conversions": a.conversions, "ctr": f"{a.ctr.observed:.6f}", "ctr_low_90": f"{a.ctr.low:.6f}",
                    "ctr_high_90": f"{a.ctr.high:.6f}", "p_best": "" if a.p_best is None else f"{a.p_best:.4f}",
                    "likely_worse": "yes" if a.likely_worse else "no",
                    "conversion_rate": f"{conv.observed:.6f}" if conv else "",
                    "conversion_low_90": f"{conv.low:.6f}" if conv else "",
                    "conversion_high_90": f"{conv.high:.6f}" if conv else "",
                    "first_day": a.first_day, "last_day": a.last_day, "reason": a.reason})
    return out


def write_csv(judgement: Judgement, out: Path) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_rows(judgement))
    atomic_write_text(out, buffer.getvalue())


# -- HTML ------------------------------------------------------------------------------------
def _interval_svg(assets: list[AssetVerdict], width: int = 640) -> str:
    """Each asset's CTR interval as a bar on one scale, its observed CTR as a tick."""
    if not assets:
        return ""
    top = max(a.ctr.high for a in assets) * 1.1 or 0.01
    row, left = 26, 220
    span = width - left - 60
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{row * len(assets) + 24}" '
             f'role="img" aria-label="CTR with 90% interval">']
    for i, a in enumerate(assets):
        y = 10 + i * row
        x0, x1 = left + span * a.ctr.low / top, left + span * a.ctr.high / top
        xo = left + span * a.ctr.observed / top
        colour = LABEL_COLOURS.get(a.label, "#555")
        name = html.escape(f"{a.project_id or ''} {a.name}"[:34])
        parts.append(f'<text x="0" y="{y + 12}" font-size="12">{name}</text>'
                     f'<rect x="{x0:.1f}" y="{y + 3}" width="{max(1.5, x1 - x0):.1f}" height="12" fill="{colour}" '
                     f'opacity="0.45"/><line x1="{xo:.1f}" x2="{xo:.1f}" y1="{y}" y2="{y + 18}" stroke="{colour}" '
                     f'stroke-width="2"/><text x="{width - 56}" y="{y + 12}" font-size="12">'
                     f'{_pct(a.ctr.observed)}</text>')
    parts.append(f'<text x="{left}" y="{row * len(assets) + 20}" font-size="10" fill="#555">0%</text>'
                 f'<text x="{left + span - 30}" y="{row * len(assets) + 20}" font-size="10" fill="#555">'
                 f'{_pct(top, 1)}</text></svg>')
    return "".join(parts)


def _series_svg(judgement: Judgement, assets: list[AssetVerdict], width: int = 640, height: int = 160) -> str:
    """The daily CTR of each asset of a kind, one line each."""
    lines, top = [], 0.0
    days = sorted({p.day for a in assets for p in judgement.daily(a.key)})
    if len(days) < 2:
        return ""
    index = {d: i for i, d in enumerate(days)}
    for a in assets:
        points = [(index[p.day], p.clicks / p.impressions) for p in judgement.daily(a.key) if p.impressions]
        top = max([top] + [v for _, v in points])
        lines.append((a, points))
    top = top * 1.1 or 0.01
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 20}" role="img" '
           f'aria-label="daily CTR">']
    for a, points in lines:
        path = " ".join(f"{10 + (width - 20) * x / (len(days) - 1):.1f},{height - height * y / top:.1f}"
                        for x, y in points)
        out.append(f'<polyline fill="none" stroke="{LABEL_COLOURS.get(a.label, "#555")}" stroke-width="1.5" '
                   f'points="{path}"><title>{html.escape(a.project_id or a.name)}</title></polyline>')
    out.append(f'<text x="10" y="{height + 16}" font-size="10" fill="#555">{days[0]}</text>'
               f'<text x="{width - 80}" y="{height + 16}" font-size="10" fill="#555">{days[-1]}</text></svg>')
    return "".join(out)


def html_report(judgement: Judgement, title: str) -> str:
    esc = html.escape
    body = [f"<h1>{esc(title)}: asset report</h1>",
            f"<p>{esc(judgement.first_day)} to {esc(judgement.last_day)}"
            + (f"; conversions are <code>{esc(judgement.action_type)}</code>" if judgement.action_type else "")
            + "</p>"]
    body += [f'<p class="note">{esc(note)}</p>' for note in judgement.notes]
    for kind, assets in judgement.by_kind.items():
        body.append(f"<h2>{esc(KIND_TITLES.get(kind, kind))}</h2>")
        body.append(_interval_svg(assets))
        body.append(_series_svg(judgement, assets))
        body.append("<table><tr><th>Asset</th><th>Label</th><th>Impressions</th><th>Clicks</th><th>CTR (90% "
                    "interval)</th><th>P(best)</th><th>Spend</th><th>Conversions</th><th>Why</th></tr>")
        for a in assets:
            body.append(
                f"<tr><td>{esc(a.project_id or '')} {esc(a.name)}</td>"
                f'<td style="color:{LABEL_COLOURS.get(a.label)}"><b>{esc(a.label)}</b></td>'
                f"<td>{a.impressions:,}</td><td>{a.clicks:,}</td>"
                f"<td>{_pct(a.ctr.observed)} ({_pct(a.ctr.low)} to {_pct(a.ctr.high)})</td>"
                f"<td>{'' if a.p_best is None else f'{a.p_best:.0%}'}</td><td>{a.spend:,.2f}</td>"
                f"<td>{a.conversions:,}</td><td>{esc(a.reason)}</td></tr>")
        body.append("</table>")
    if judgement.combinations:
        body.append("<h2>Combinations (from the analytics export)</h2><table><tr><th>Assets</th><th>Sessions</th>"
                    "<th>Conversions</th><th>Rate (90% interval)</th><th>P(best)</th><th>Revenue</th></tr>")
        for c in judgement.combinations:
            body.append(f"<tr><td>{esc(' + '.join(c.asset_ids))}</td><td>{c.sessions:,}</td><td>{c.conversions:,}"
                        f"</td><td>{_pct(c.rate.observed)} ({_pct(c.rate.low)} to {_pct(c.rate.high)})</td>"
                        f"<td>{c.p_best:.0%}</td><td>{c.revenue:,.2f}</td></tr>")
        body.append("</table>")
    style = ("body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#24292f}table{border-collapse:"
             "collapse;margin:1em 0}td,th{border-bottom:1px solid #d0d7de;padding:4px 8px;text-align:left;"
             "font-size:13px}.note{background:#fff8c5;padding:6px 10px}")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)}: asset report</title>'
            f"<style>{style}</style></head><body>" + "\n".join(body) + "</body></html>\n")


# -- PDF -------------------------------------------------------------------------------------
PAGE_PX = (1240, 1754)  # A4 at 150 dpi


def _font(size: int, bold: bool = False):
    try:
        return ImageFont.truetype(str(font_path("NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf")), size)
    except OSError:
        return ImageFont.load_default(size)


class _Pages:
    def __init__(self):
        self.pages: list[tuple[Image.Image, list[TextLine]]] = []
        self.y = 0
        self._new()

    def _new(self):
        self.image = Image.new("RGB", PAGE_PX, "white")
        self.draw = ImageDraw.Draw(self.image)
        self.lines: list[TextLine] = []
        self.pages.append((self.image, self.lines))
        self.y = 80

    def room(self, height: int):
        if self.y + height > PAGE_PX[1] - 80:
            self._new()

    def text(self, x: int, text: str, size: int = 22, bold: bool = False, fill="#24292f", advance: bool = True):
        font = _font(size, bold)
        self.room(size + 12)
        self.draw.text((x, self.y), text, font=font, fill=fill)
        box = self.draw.textbbox((x, self.y), text, font=font)
        self.lines.append(TextLine(box[0], box[1], box[2] - box[0], box[3] - box[1], text))
        if advance:
            self.y += size + 12

    def wrapped(self, text: str, size: int = 20, width: int = 1080):
        font = _font(size)
        line = ""
        for word in text.split():
            trial = f"{line} {word}".strip()
            if self.draw.textlength(trial, font=font) > width and line:
                self.text(80, line, size)
                line = word
            else:
                line = trial
        if line:
            self.text(80, line, size)


def write_pdf(judgement: Judgement, out: Path, title: str) -> None:
    pages = _Pages()
    pages.text(80, f"{title}: asset report", 40, bold=True)
    pages.text(80, f"{judgement.first_day} to {judgement.last_day}", 22)
    for note in judgement.notes:
        pages.wrapped(note, 20)
    for kind, assets in judgement.by_kind.items():
        pages.room(80 + 44 * len(assets))
        pages.y += 20
        pages.text(80, KIND_TITLES.get(kind, kind), 30, bold=True)
        top = max(a.ctr.high for a in assets) * 1.1 or 0.01
        for a in assets:
            pages.room(44)
            y = pages.y
            colour = LABEL_COLOURS.get(a.label, "#555555")
            pages.text(80, f"{a.project_id or ''} {a.name}"[:30], 20, advance=False)
            x0, x1 = 520 + 400 * a.ctr.low / top, 520 + 400 * a.ctr.high / top
            pages.draw.rectangle((x0, y + 6, max(x0 + 2, x1), y + 24), fill=colour)
            xo = 520 + 400 * a.ctr.observed / top
            pages.draw.line((xo, y, xo, y + 30), fill="black", width=3)
            pages.text(940, f"{a.label} {_pct(a.ctr.observed)}", 20, bold=True, fill=colour, advance=False)
            pages.y = y + 30
            pages.text(100, f"{a.impressions:,} impressions, {a.clicks:,} clicks, 90% interval {_pct(a.ctr.low)} "
                            f"to {_pct(a.ctr.high)}; {a.reason}"[:110], 16, fill="#57606a")
    if judgement.combinations:
        pages.y += 20
        pages.text(80, "Combinations (from the analytics export)", 30, bold=True)
        for c in judgement.combinations:
            pages.text(80, f"{' + '.join(c.asset_ids)}: {c.sessions:,} sessions, {c.conversions:,} conversions, "
                           f"{_pct(c.rate.observed)} ({_pct(c.rate.low)} to {_pct(c.rate.high)})", 18)
    with atomic_writer(out) as fh:
        writer = PdfWriter(fh, A4_PORTRAIT_PT)
        for image, lines in pages.pages:
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=88)
            writer.add_jpeg_page(buffer.getvalue(), *PAGE_PX, tuple(lines))
        writer.close(f"{title}: asset report")


def write_report(judgement: Judgement, out, *, title: str) -> Path:
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise BadInputError(f"--out {out}: give a file ending in {', '.join(FORMATS)}")
    if suffix == ".csv":
        write_csv(judgement, out)
    elif suffix == ".html":
        atomic_write_text(out, html_report(judgement, title))
    else:
        write_pdf(judgement, out, title)
    return out
