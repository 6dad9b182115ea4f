"""See what thaitab saw: one annotated picture per page and an HTML index.

``thaitab inspect report.pdf -o DIR`` re-runs the stages of
:func:`thaitab.pipeline.process_pdf` (open, page tables, stitch, records) and
keeps what they found along the way. Every page becomes ``DIR/page-NNN.png``:
the rendered page with the table grid, header rows and their "(ต่อ)" marks,
rows carried over from the page before, merged cells that were filled down,
text left out of the table, OCR'd pages and the Thai repairs made in each
cell, colour-coded, with a legend drawn below the page. ``DIR/index.html``
shows each picture beside the rows extracted from it; each row links to its box
on the picture and each box back to its row. The HTML is one static file with
relative image links and a few lines of vanilla JavaScript; every text from the
PDF is escaped.
"""
from __future__ import annotations

import argparse
import html
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from extract.cells import PageTable
from extract.pdf import InputError, check_pages, open_pdf, page_numbers
from extract.stitch import Table, stitch
from normalize import thai
from normalize.confidence import row_confidence, usually_filled
from normalize.records import TableRecords, document_style, table_records

DEFAULT_RESOLUTION = 100
_CONTINUED_MARK = re.compile(r"\(\s*ต\s*่\s*อ\s*\)|\(\s*ต่อ\s*\)")
_OCR_NOTE = re.compile(r"^page (\d+): OCR")
# columns of a record that are not shown in the HTML row table (shown elsewhere)
_HIDDEN = ("source_file", "page_start", "page_end", "municipality", "fiscal_year_be", "table")
# columns that are not the row's text (for the confidence)
_NOT_TEXT = {"source_file", "page_start", "page_end", "municipality", "fiscal_year_be", "uses_budget",
             "budget_baht", "period_start", "period_end", "table", "method", "warnings", "repairs",
             "confidence"}

# -- colours (RGBA): one per kind of thing thaitab saw, shared by picture and legend
GRID = (30, 90, 230, 255)
HEADER = (0, 150, 60, 70)
HEADER_REPEAT = (0, 160, 170, 60)
CONT_MARK = (0, 110, 40, 255)
CONTINUED = (255, 140, 0, 80)
SPANNED = (200, 0, 200, 60)
OUTSIDE = (110, 110, 110, 60)
OCR = (230, 60, 0, 255)
REPAIR = (220, 0, 0, 255)

#: short labels for the repair notes of :func:`normalize.thai.repair_logged`
REPAIR_LABELS = {
    "zero-width characters removed": "zw",
    "PUA glyphs mapped": "PUA",
    "unknown private-use characters removed": "PUA?",
    "sara am restored from a replacement character": "am<FFFD",
    "sara am restored from a space": "am<sp",
    "sara am composed": "am",
    "double sara e written as sara ae": "ee",
    "mark order fixed": "marks",
    "space before a mark removed": "sp-mark",
    "doubled marks removed": "2marks",
    "space before sara am removed": "sp-am",
    "sara aa restored where sara am was drawn": "aa",
    "split number rejoined": "num",
}

LEGEND = (
    ("table cell (grid)", None, GRID),
    ("header row", HEADER, GRID),
    ("repeated header (dropped)", HEADER_REPEAT, GRID),
    ('"(ต่อ)" mark', None, CONT_MARK),
    ("row continued from the page before", CONTINUED, GRID),
    ("merged cell, filled down", SPANNED, GRID),
    ("text outside the table", OUTSIDE, (90, 90, 90, 255)),
    ("OCR page (frame)", None, OCR),
    ("repair in cell (marker + label)", REPAIR, REPAIR),
)
_LEGEND_ASCII = {'"(ต่อ)" mark': 'continued-column mark ("cont.")'}


# --------------------------------------------------------------------------- what was seen
@dataclass(slots=True)
class RowView:
    """One final record and where it came from."""

    table: int  # index of the logical table
    number: int  # 1-based number of the record within its table
    record: dict
    confidence: float
    boxes: dict[int, tuple[float, float, float, float]] = field(default_factory=dict)  # page → bbox (PDF pt)

    @property
    def anchor(self) -> str:
        return f"row-{self.table + 1}-{self.number}"

    def box_id(self, page: int) -> str:
        return f"box-{self.table + 1}-{self.number}-p{page}"


@dataclass(slots=True)
class Seen:
    """Everything kept from one run of the stages."""

    pages: list[int]
    page_tables: dict[int, list[PageTable]]
    tables: list[Table]
    records: list[TableRecords | None]
    rows: list[RowView]
    ocr_pages: set[int]
    # per table: id(first line of a block) → body row index, and header line ids
    where: list[dict[int, int]]
    header_ids: list[set[int]]
    row_of_record: list[list[int]]


def _tap(items: Iterable[PageTable], into: dict[int, list[PageTable]]) -> Iterator[PageTable]:
    for pt in items:
        into.setdefault(pt.page, []).append(pt)
        yield pt


def _cell_key(cell) -> int | None:
    return id(cell.lines[0]) if cell.lines else None


def _text_cells(rec: dict) -> dict[str, str]:
    return {k: str(v) for k, v in rec.items() if k not in _NOT_TEXT and isinstance(v, str)}


def _key_text(rec: dict) -> str:
    return re.sub(r"\s+", "", "".join(_text_cells(rec).values()))


def _match_records(table: Table, recs: TableRecords) -> list[int]:
    """For each record, the index of its row in ``table.rows``.

    :func:`normalize.records.table_records` keeps the rows in order and only
    leaves out rows without text, so records are matched in order to rows with
    the same pages, preferring a row whose own text appears in the record."""
    out: list[int] = []
    i = 0
    for rec in recs.rows:
        text = _key_text(rec)
        best = None
        for j in range(i, len(table.rows)):
            row = table.rows[j]
            if (row.page_start, row.page_end) != (rec["page_start"], rec["page_end"]):
                continue
            if best is None:
                best = j
            own = [b.lines[0].text.strip() for col in row.cells for b in col[:1] if b.lines]
            probe = [re.sub(r"\s+", "", thai.repair(t))[:6] for t in own if t.strip()]
            if probe and any(p and p in text for p in probe):
                best = j
                break
        if best is None:
            best = min(i, len(table.rows) - 1)
        out.append(best)
        i = best + 1
    return out


def see(pdf_path: str | os.PathLike, pages: Sequence[int] | None = None, profile: str = "auto",
        password: str | None = None, pdf=None, column_map: dict[str, str] | None = None) -> Seen:
    """Run the stages on ``pdf_path`` and keep the intermediate structures."""
    from thaitab.pipeline import page_tables

    name = os.path.basename(os.fspath(pdf_path))
    per_page: dict[int, list[PageTable]] = {}
    notes: list[str] = []

    def run(doc) -> Seen:
        tables = list(stitch(_tap(page_tables(doc, pages, notes), per_page)))
        ocr = {int(m.group(1)) for n in notes for m in [_OCR_NOTE.match(n)] if m}
        ocr |= {p for p, pts in per_page.items() if any(pt.method == "ocr" for pt in pts)}
        seen = Seen(page_numbers(len(doc.pages), pages), per_page, tables, [], [], ocr, [], [], [])
        style = document_style(tables)
        for table in tables:
            where: dict[int, int] = {}
            for k, row in enumerate(table.rows):
                for col in row.cells:
                    for b in col:
                        if b.lines:
                            where[id(b.lines[0])] = k
            seen.where.append(where)
            seen.header_ids.append({id(b.lines[0]) for col in table.header for b in col if b.lines})
            recs = table_records(table, name, profile, style, column_map)
            if not recs.rows:
                seen.records.append(None)
                seen.row_of_record.append([])
                continue
            seen.records.append(recs)
            match = _match_records(table, recs)
            seen.row_of_record.append(match)
            text_cols = [c for c in recs.columns if c not in _NOT_TEXT]
            filled = usually_filled(recs.rows, text_cols)
            for n, (rec, k) in enumerate(zip(recs.rows, match), 1):
                conf = rec.get("confidence")
                if conf in (None, ""):
                    notes_ = [w for k in ("warnings", "repairs") for w in str(rec.get(k) or "").split("; ") if w]
                    method = rec.get("method") or table.rows[k].method
                    if any(p in ocr for p in range(rec["page_start"], rec["page_end"] + 1)):
                        method = "ocr"
                    conf = row_confidence(_text_cells(rec), notes_, method, [], filled_columns=filled)
                seen.rows.append(RowView(table.index, n, rec, float(conf)))
        # the boxes of every record on every page
        by_row = {(rv.table, k): rv for rv, k in zip(
            seen.rows, [k for m in seen.row_of_record for k in m])}
        for p, pts in per_page.items():
            for pt in pts:
                for prow in pt.rows:
                    hit = _owner(seen, prow)
                    if hit is None or hit[1] is None:
                        continue
                    rv = by_row.get(hit)
                    if rv is None:
                        continue
                    box = _union([c.bbox for c in prow])
                    rv.boxes[p] = _union([rv.boxes[p], box]) if p in rv.boxes else box
        return seen

    if pdf is not None:
        return run(pdf)
    with open_pdf(pdf_path, password) as doc:
        return run(doc)


def _owner(seen: Seen, prow) -> tuple[int, int | None] | None:
    """(table index, body row index) of a page-table row; row None for a header
    row; None for a row that is in no logical table (a repeated header, or empty)."""
    for cell in prow:
        key = _cell_key(cell)
        if key is None:
            continue
        for t, where in enumerate(seen.where):
            if key in where:
                return seen.tables[t].index, where[key]
            if key in seen.header_ids[t]:
                return seen.tables[t].index, None
    return None


def _union(boxes: Sequence[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


# --------------------------------------------------------------------------- drawing
# fonts for the labels: one with Thai and Latin first (the "(ต่อ)" label), then Latin only
_THAI_FONTS = ("/usr/share/fonts/truetype/tlwg/Loma.ttf", "/usr/share/fonts/truetype/tlwg/Garuda.ttf",
               "/usr/share/fonts/opentype/tlwg/Loma.otf", "/usr/share/fonts/opentype/tlwg/Garuda.otf")
_LATIN_FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")


def _font(size: int):
    """(font, whether it draws Thai) for labels of ``size`` pixels."""
    from PIL import ImageFont

    for paths, thai_ok in ((_THAI_FONTS, True), (_LATIN_FONTS, False)):
        for path in paths:
            if os.path.exists(path):
                try:
                    return ImageFont.truetype(path, size), thai_ok
                except OSError:
                    pass
    try:
        return ImageFont.load_default(size=size), False
    except TypeError:  # Pillow < 10.1
        return ImageFont.load_default(), False


def _label(draw, xy: tuple[float, float], text: str, colour, font) -> None:
    """A short label on a white patch, so it reads over any page content."""
    x, y = xy
    box = draw.textbbox((x, y), text, font=font)
    draw.rectangle((box[0] - 2, box[1] - 1, box[2] + 2, box[3] + 1), fill=(255, 255, 255, 230))
    draw.text((x, y), text, fill=colour[:3] + (255,), font=font)


def _legend_layout(width: int, font, line_h: int,
                   thai_ok: bool = True) -> tuple[list[tuple[int, int, str, object, object]], int]:
    from PIL import Image, ImageDraw

    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    items = []
    x, y = 10, 8
    for text, fill, stroke in LEGEND:
        text = text if thai_ok else _LEGEND_ASCII.get(text, text)
        w = 22 + int(probe.textlength(text, font=font)) + 18
        if x + w > width - 10 and x > 10:
            x, y = 10, y + line_h
        items.append((x, y, text, fill, stroke))
        x += w
    return items, y + line_h + 6


def render_page(page, seen: Seen, page_no: int, resolution: float = DEFAULT_RESOLUTION):
    """The annotated picture of one page (a PIL image) and its scale (px per pt)."""
    from PIL import Image, ImageDraw

    im = page.to_image(resolution=resolution)
    scale = im.scale
    ox, oy = float(page.bbox[0]), float(page.bbox[1])

    def px(b):
        return ((b[0] - ox) * scale, (b[1] - oy) * scale, (b[2] - ox) * scale, (b[3] - oy) * scale)

    pts = seen.page_tables.get(page_no, [])
    spans, continued, headers, repeats, outside = [], [], [], [], []
    marks: list[tuple[float, float, float, float]] = []
    repairs: list[tuple[tuple[float, float, float, float], list[str]]] = []
    carried: list[tuple[tuple[float, float, float, float], int]] = []
    filled_issue: list[tuple[float, float, float, float]] = []
    for pt in pts:
        for ln in pt.outside:
            outside.append((ln.x0 - 1, ln.top - 1, ln.x1 + 1, ln.bottom + 1))
        for prow in pt.rows:
            owner = _owner(seen, prow)
            if owner is None:
                if any(c.lines for c in prow):
                    repeats.append(_union([c.bbox for c in prow]))
                    marks.extend(c.bbox for c in prow if _CONTINUED_MARK.search(c.text))
            elif owner[1] is None:
                headers.append(_union([c.bbox for c in prow]))
                marks.extend(c.bbox for c in prow if _CONTINUED_MARK.search(c.text))
            else:
                t = next(i for i, tb in enumerate(seen.tables) if tb.index == owner[0])
                row = seen.tables[t].rows[owner[1]]
                if row.page_start < pt.page:
                    continued.extend(c.bbox for c in prow if c.lines)
                    before = [b.page for col in row.cells for b in col if b.page < pt.page]
                    carried.append((_union([c.bbox for c in prow]), max(before, default=row.page_start)))
                if "issue filled down" in _row_notes(seen, t, owner[1]):
                    col = _issue_column(seen, t)
                    if col is not None and col < len(prow) and not prow[col].lines and row.page_start == pt.page:
                        filled_issue.append(prow[col].bbox)
            for cell in prow:
                if cell.spanned:
                    spans.append(cell.bbox)
                elif cell.lines:
                    _fixed, done = thai.repair_logged(cell.text)
                    if done:
                        repairs.append((cell.bbox, done))

    # translucent fills through pdfplumber's drawing API, outlines on top
    stroke0 = (0, 0, 0, 0)
    if outside:
        im.draw_rects(outside, fill=OUTSIDE, stroke=(90, 90, 90, 200), stroke_width=1)
    for boxes, fill in ((headers, HEADER), (repeats, HEADER_REPEAT), (continued, CONTINUED),
                        (spans + filled_issue, SPANNED)):
        if boxes:
            im.draw_rects(boxes, fill=fill, stroke=stroke0, stroke_width=0)
    cells = [c.bbox for pt in pts for prow in pt.rows for c in prow if not c.spanned]
    if cells:
        im.draw_rects(cells, fill=(0, 0, 0, 0), stroke=GRID, stroke_width=1)
    if marks:
        im.draw_rects(marks, fill=(0, 0, 0, 0), stroke=CONT_MARK, stroke_width=2)

    font, thai_ok = _font(max(11, int(round(10 * scale))))
    small, _ = _font(max(10, int(round(9 * scale))))
    base = im.annotated.convert("RGBA")
    draw = ImageDraw.Draw(base, "RGBA")
    for bbox in marks:
        x0, y0, x1, y1 = px(bbox)
        text = "(ต่อ) cont." if thai_ok else "cont."
        _label(draw, (x1 - 6 - draw.textlength(text, font=small), y0 + 3), text, CONT_MARK, small)
    for bbox, since in carried:
        x0, y0, x1, y1 = px(bbox)
        draw.rectangle((x0, y0, x1, y1), outline=CONTINUED[:3] + (255,), width=3)
        _label(draw, (x0 + 3, y0 + 2), f"continued from p.{since}", CONTINUED[:3] + (255,), small)
    for bbox in spans + filled_issue:
        x0, y0, x1, y1 = px(bbox)
        _label(draw, (x0 + 3, y1 - 14), "filled down", SPANNED[:3] + (255,), small)
    for bbox in outside:
        x0, y0, x1, y1 = px(bbox)
        draw.text((x1 + 3, y0), "outside", fill=(90, 90, 90, 255), font=small)
    for bbox, done in repairs:
        x0, y0, x1, y1 = px(bbox)
        label = ",".join(dict.fromkeys(REPAIR_LABELS.get(d, "fix") for d in done))
        # bottom right: cell text is set from the top, so the corner is usually free
        draw.polygon([(x1 - 1, y1 - 1), (x1 - 11, y1 - 1), (x1 - 1, y1 - 11)], fill=REPAIR)
        box = draw.textbbox((0, 0), label, font=small)
        _label(draw, (x1 - 14 - (box[2] - box[0]), y1 - 4 - box[3]), label, REPAIR, small)
    if page_no in seen.ocr_pages:
        w, h = base.size
        draw.rectangle((1, 1, w - 2, h - 2), outline=OCR, width=6)
        _label(draw, (12, 10), f"OCR (page {page_no} read from the image)", OCR, font)
    if not pts:
        _label(draw, (12, 30), "no table found on this page", (0, 0, 0, 255), font)

    # the legend, below the page
    line_h = int(font.size * 1.6) if hasattr(font, "size") else 18
    items, lh = _legend_layout(base.size[0], font, line_h, thai_ok)
    out = Image.new("RGBA", (base.size[0], base.size[1] + lh), (255, 255, 255, 255))
    out.paste(base, (0, 0))
    d = ImageDraw.Draw(out, "RGBA")
    d.line((0, base.size[1], base.size[0], base.size[1]), fill=(0, 0, 0, 255), width=1)
    for x, y, text, fill, stroke in items:
        y0 = base.size[1] + y
        sw = (x, y0 + 2, x + 16, y0 + line_h - 8)
        if fill is not None:
            d.rectangle(sw, fill=fill, outline=stroke, width=1)
        else:
            d.rectangle(sw, outline=stroke, width=2)
        d.text((x + 22, y0), text, fill=(0, 0, 0, 255), font=font)
    return out.convert("RGB"), scale


def _row_notes(seen: Seen, t: int, k: int) -> str:
    recs = seen.records[t]
    if recs is None:
        return ""
    for rec, kk in zip(recs.rows, seen.row_of_record[t]):
        if kk == k:
            return "; ".join(n for n in (rec.get("warnings"), rec.get("repairs")) if n)
    return ""


def _issue_column(seen: Seen, t: int) -> int | None:
    recs = seen.records[t]
    if recs is None:
        return None
    return next((nm.index for nm in recs.mapping if nm.concept == "issue"), None)


def _mapping_html(seen: Seen) -> str:
    """Which header became which column, and on what evidence, per table."""
    parts = []
    for recs in seen.records:
        if recs is None or not recs.mapping:
            continue
        items = "".join(f"<li>{_e(nm.describe())}</li>" for nm in recs.mapping)
        parts.append(f"<details><summary>table {recs.index + 1}: columns ({_e(recs.profile)} profile)"
                     f"</summary><ul>{items}</ul></details>")
    return "".join(parts)


# --------------------------------------------------------------------------- HTML
_CSS = """
body{font-family:"Sarabun","Noto Sans Thai","Loma","Garuda",sans-serif;margin:0 1em;color:#222}
header{position:sticky;top:0;background:#fff;padding:.4em 0;border-bottom:1px solid #ccc;z-index:5}
section.page{display:flex;gap:1em;align-items:flex-start;margin:1em 0;padding-top:.5em;border-top:2px solid #888}
.pic{position:relative;flex:0 0 auto;width:min(56vw,1200px)}
.pic img{width:100%;height:auto;display:block}
.box{position:absolute;display:block;border:2px solid transparent;box-sizing:border-box}
.box:hover,.box.hi{border-color:#d00;background:rgba(255,0,0,.08)}
.box:target{border:3px solid #d00;background:rgba(255,0,0,.15)}
.rows{flex:1 1 0;min-width:0;font-size:13px}
.rows h2{margin:.2em 0}
.row{border:1px solid #bbb;border-radius:4px;margin:0 0 .7em;padding:.3em .5em}
.row:target,.row.hi{background:#fff3c4}
.row .head{margin:.1em 0 .3em;font-size:12px}
.row.cont{background:#fff8ee}
table.kv{border-collapse:collapse;width:100%}
.kv th,.kv td{border-top:1px solid #e3e3e3;padding:1px 4px;vertical-align:top;text-align:left;white-space:pre-wrap}
.kv th{width:7.5em;color:#555;font-weight:normal}
.conf{font-variant-numeric:tabular-nums;padding:0 3px}
.low{background:#fbd0d0}.mid{background:#fdf0c0}
.warn{color:#8a4b00;font-size:12px;margin:.2em 0}
"""

# a few lines of vanilla JS: highlight a row's boxes while the pointer is on it,
# and record on <body> whether every page image loaded (for a headless check)
_JS = """
document.querySelectorAll('[data-row]').forEach(function(el){
  var twins=document.querySelectorAll('[data-row="'+el.dataset.row+'"]');
  el.addEventListener('mouseenter',function(){twins.forEach(function(t){t.classList.add('hi')})});
  el.addEventListener('mouseleave',function(){twins.forEach(function(t){t.classList.remove('hi')})});
});
function checkImages(){
  var imgs=Array.prototype.slice.call(document.images);
  var ok=imgs.length>0&&imgs.every(function(i){return i.complete&&i.naturalWidth>0});
  document.body.setAttribute('data-images-loaded',ok?'yes':'no');
  document.body.setAttribute('data-images',String(imgs.length));
}
window.addEventListener('load',checkImages);
"""


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _conf_class(c: float) -> str:
    return "low" if c < 0.7 else "mid" if c < 0.9 else ""


def write_index(seen: Seen, out_dir: Path, pdf_name: str, images: dict[int, tuple[str, int, int, float]]) -> Path:
    """``out_dir/index.html``: every page picture beside the rows extracted from it."""
    parts = ["<!DOCTYPE html>", '<html lang="th"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>thaitab inspect: {_e(pdf_name)}</title>", f"<style>{_CSS}</style></head><body>",
             f"<header><strong>thaitab inspect</strong>: {_e(pdf_name)}"
             + "".join(f" · {_e(m)} {_e(y)}" for m, y in dict.fromkeys(
                 (rv.record.get("municipality"), rv.record.get("fiscal_year_be")) for rv in seen.rows
                 if rv.record.get("municipality")))
             + f" · {len(images)} page(s) · {len(seen.rows)} row(s) · pages: "
             + " ".join(f'<a href="#page-{p}">{p}</a>' for p in sorted(images)) + _mapping_html(seen)
             + "</header>"]
    if not seen.rows:
        parts.append("<p>No table rows were extracted.</p>")
    for p in sorted(images):
        src, w, h, scale = images[p]
        # a row without a box (no text of its own on any page) is listed on its first page
        rows = [rv for rv in seen.rows if p in rv.boxes or (not rv.boxes and rv.record.get("page_start") == p)]
        parts.append(f'<section class="page" id="page-{p}">')
        parts.append(f'<div class="pic"><a href="{_e(src)}"><img src="{_e(src)}" width="{w}" height="{h}" '
                     f'alt="page {p} as thaitab saw it"></a>')
        for rv in rows:
            if p not in rv.boxes:
                continue
            x0, y0, x1, y1 = rv.boxes[p]
            left, top = 100 * x0 * scale / w, 100 * y0 * scale / h
            width, height = 100 * (x1 - x0) * scale / w, 100 * (y1 - y0) * scale / h
            parts.append(f'<a class="box" id="{rv.box_id(p)}" data-row="{rv.anchor}" href="#{rv.anchor}" '
                         f'title="table {rv.table + 1}, row {rv.number}" style="left:{left:.3f}%;top:{top:.3f}%;'
                         f'width:{width:.3f}%;height:{height:.3f}%"></a>')
        parts.append("</div>")
        parts.append('<div class="rows">')
        parts.append(f"<h2>Page {p}</h2>")
        if p in seen.ocr_pages:
            parts.append("<p class=\"warn\">This page was read with OCR.</p>")
        if rows:
            parts.append(_rows_list(rows, p))
        else:
            parts.append("<p>No rows extracted from this page.</p>")
        parts.append("</div></section>")
    parts.append(f"<script>{_JS}</script></body></html>")
    path = out_dir / "index.html"
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text("\n".join(parts), encoding="utf-8")
    os.replace(tmp, path)
    return path


def _rows_list(rows: list[RowView], page: int) -> str:
    """The rows of one page as cards: a heading with links, then field: value."""
    out = []
    for rv in rows:
        first = not rv.boxes or min(rv.boxes) == page
        rid = rv.anchor if first else f"{rv.anchor}-p{page}"
        rec = rv.record
        others = "".join(f' <a href="#{rv.box_id(q)}">p.{q}</a>' for q in sorted(rv.boxes) if q != page)
        head = (f'<a href="#{rv.anchor}">row {rv.table + 1}.{rv.number}</a>'
                + ("" if first else " (continued)")
                + f' · pages {_e(rec.get("page_start"))}–{_e(rec.get("page_end"))}'
                + (f' · <a href="#{rv.box_id(page)}">show on this page</a>' if page in rv.boxes else " · no box")
                + others
                + f' · <span class="conf {_conf_class(rv.confidence)}">confidence {rv.confidence:.3f}</span>')
        if not first:  # the fields are shown once, on the row's first page
            out.append(f'<div class="row cont" id="{rid}" data-row="{rv.anchor}"><p class="head">{head}</p></div>')
            continue
        fields = "".join(
            f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rec.items()
            if k not in _HIDDEN and k not in ("confidence", "warnings") and v not in (None, ""))
        warn = f'<p class="warn">{_e(rec.get("warnings"))}</p>' if rec.get("warnings") else ""
        out.append(f'<div class="row" id="{rid}" data-row="{rv.anchor}"><p class="head">{head}</p>'
                   f'<table class="kv">{fields}</table>{warn}</div>')
    return "".join(out)


# --------------------------------------------------------------------------- entry points
def inspect_pdf(pdf_path: str | os.PathLike, out_dir: str | os.PathLike, pages: Sequence[int] | None = None,
                *, profile: str = "auto", password: str | None = None,
                resolution: float = DEFAULT_RESOLUTION, notes: list[str] | None = None,
                column_map: dict[str, str] | None = None) -> list[Path]:
    """Write ``out_dir/page-NNN.png`` for every page (or ``pages``) and
    ``out_dir/index.html``; return the PNG paths in page order.

    Raises :class:`extract.pdf.InputError` for a PDF that cannot be read (or
    none of whose ``pages`` exists); pages it does not have are named in ``notes``."""
    out = Path(out_dir)
    written: list[Path] = []
    images: dict[int, tuple[str, int, int, float]] = {}
    with open_pdf(pdf_path, password) as pdf:
        missing = check_pages(len(pdf.pages), pages)
        if missing and notes is not None:
            notes.append(missing)
        out.mkdir(parents=True, exist_ok=True)
        seen = see(pdf_path, pages, profile, password, pdf=pdf, column_map=column_map)
        for p in seen.pages:
            page = pdf.pages[p - 1]
            try:
                img, scale = render_page(page, seen, p, resolution)
            finally:
                page.close()
            name = f"page-{p:03d}.png"
            tmp = out / (name + ".tmp")
            img.save(tmp, format="PNG", optimize=False)
            os.replace(tmp, out / name)
            images[p] = (name, img.size[0], img.size[1], scale)
            written.append(out / name)
    write_index(seen, out, os.path.basename(os.fspath(pdf_path)), images)
    return written


def register(subparsers) -> argparse.ArgumentParser:
    """Add ``thaitab inspect PDF [--pages 3-5] -o DIR`` to the CLI's subparsers."""
    from thaitab.cli import add_profile_options, parse_pages

    p = subparsers.add_parser(
        "inspect", help="draw what thaitab saw on each page, with an HTML index",
        description="Write DIR/page-NNN.png for each page (table grid, header rows and their (ต่อ) marks, "
                    "rows continued across a page break, merged cells filled down, text outside the table, "
                    "OCR pages, Thai repairs per cell, with a legend) and DIR/index.html showing each page "
                    "beside the rows extracted from it.")
    p.add_argument("pdf", help="a PDF file")
    p.add_argument("-o", "--out", default="inspect", metavar="DIR", help="output folder (default: inspect)")
    p.add_argument("--pages", type=parse_pages, default=None, metavar="RANGE", help="only these pages, e.g. 3-5")
    add_profile_options(p)
    p.add_argument("--password", default=None, help="password for encrypted PDFs")
    p.add_argument("--resolution", type=float, default=DEFAULT_RESOLUTION, metavar="DPI",
                   help=f"picture resolution in dots per inch (default: {DEFAULT_RESOLUTION})")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    """The ``inspect`` command; 0 on success, 1 when the PDF cannot be read
    or the pictures cannot be written (one line naming the path and the reason)."""
    from normalize.profiles import ProfileError, get_profile

    try:
        get_profile(getattr(args, "profile", "auto"))
    except ProfileError as exc:
        print(f"thaitab: {exc}", file=sys.stderr)
        return 2
    notes: list[str] = []
    try:
        pngs = inspect_pdf(args.pdf, args.out, args.pages, profile=getattr(args, "profile", "auto"),
                           password=getattr(args, "password", None),
                           resolution=getattr(args, "resolution", DEFAULT_RESOLUTION), notes=notes,
                           column_map=getattr(args, "column_map", None))
    except InputError as exc:
        print(f"thaitab: {args.pdf}: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        out = Path(args.out)
        reason = ("it exists and is not a folder" if out.exists() and not out.is_dir()
                  else exc.strerror or str(exc))
        where = str(exc.filename).removesuffix(".tmp") if exc.filename else out  # never the temporary name
        print(f"thaitab: cannot write {where}: {reason}", file=sys.stderr)
        return 1
    finally:
        for note in notes:
            print(f"thaitab: {args.pdf}: {note}", file=sys.stderr)
    print(f"{len(pngs)} page picture(s) and {Path(args.out) / 'index.html'}")
    return 0
