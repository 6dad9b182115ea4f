"""See what thaitab saw: one annotated picture per page and an HTML index.

``thaitab inspect report.pdf -o DIR`` runs the pipeline once with a trace
(:mod:`thaitab.trace`: what :func:`thaitab.pipeline.process_pdf` decided on each
page) and draws that trace. Every page becomes ``DIR/page-NNN.png``:
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
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from thaitab.extract.cells import PageTable
from thaitab.extract.pdf import InputError, check_pages, open_pdf, page_numbers
from thaitab.extract.thai.continued import CONTINUED_MARK
from thaitab.normalize.records import TableRecords
from thaitab.pipeline import FileResult, Options, read_open_pdf
from thaitab import trace as tt
from thaitab.trace import FileTrace, PageTrace, RowRole

DEFAULT_RESOLUTION = 100
# columns of a record that are not shown in the HTML row table (shown elsewhere)
_HIDDEN = ("source_file", "page_start", "page_end", "municipality", "fiscal_year_be", "table")

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
    """The pipeline's trace of one run and the records as rows to show."""

    pages: list[int]
    trace: FileTrace
    rows: list[RowView]

    @property
    def page_tables(self) -> dict[int, list[PageTable]]:
        return {no: pt.tables for no, pt in self.trace.pages.items() if pt.tables}

    @property
    def records(self) -> list[TableRecords | None]:
        return self.trace.records

    @property
    def ocr_pages(self) -> set[int]:
        return {no for no, pt in self.trace.pages.items() if pt.method == "ocr"}


def see(pdf_path: str | os.PathLike, pages: Sequence[int] | None = None, profile: str = "auto",
        password: str | None = None, column_map: dict[str, str] | None = None) -> Seen:
    """Run the pipeline on ``pdf_path`` once, keeping its trace."""
    with open_pdf(pdf_path, password) as pdf:
        return _run(pdf, pdf_path, Options(profile, pages, password, column_map))


def _run(pdf, pdf_path: str | os.PathLike, options: Options) -> Seen:
    """The pipeline's work on an open PDF, with its trace; InputError when the
    file gave nothing (OCR needed but not installed)."""
    result = FileResult(os.fspath(pdf_path))
    trace = FileTrace()
    read_open_pdf(pdf, options, result, trace)
    if result.error:
        raise InputError(result.error)
    rows = _row_views(trace)
    return Seen(page_numbers(len(pdf.pages), options.pages), trace, rows)


def _row_views(trace: FileTrace) -> list[RowView]:
    """Every record, with its box on every page its row has text on."""
    rows: list[RowView] = []
    by_row: dict[tuple[int, int], RowView] = {}
    for recs in trace.records:
        if recs is None:
            continue
        for n, (rec, k) in enumerate(zip(recs.rows, recs.source_rows), 1):
            rv = RowView(recs.index, n, rec, float(rec["confidence"]))
            rows.append(rv)
            by_row[(recs.index, k)] = rv
    for p, page in trace.pages.items():
        for pt, roles in zip(page.tables, page.roles):
            for prow, role in zip(pt.rows, roles):
                rv = by_row.get((role.table, role.row)) if role.kind == tt.BODY else None
                if rv is not None:
                    box = _union([c.bbox for c in prow])
                    rv.boxes[p] = _union([rv.boxes[p], box]) if p in rv.boxes else box
    return rows


def _union(boxes: Sequence[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _record_of(trace: FileTrace, table: int, row: int) -> tuple[TableRecords, dict] | None:
    """The records of logical table ``table`` and the record made from its row ``row``."""
    recs = trace.records[trace.table_position(table)]
    if recs is None or row not in recs.source_rows:
        return None
    return recs, recs.rows[recs.source_rows.index(row)]


def _filled_issue(trace: FileTrace, role: RowRole, prow) -> tuple[float, float, float, float] | None:
    """The empty issue cell of a body row whose record has the issue filled down
    from the row above, on the page where the row starts."""
    found = _record_of(trace, role.table, role.row)
    if found is None or role.carried_from is not None:
        return None
    recs, rec = found
    notes = "; ".join(n for n in (rec.get("warnings"), rec.get("repairs")) if n)
    if "issue filled down" not in notes:
        return None
    col = next((nm.index for nm in recs.mapping if nm.concept == "issue"), None)
    if col is None or col >= len(prow) or prow[col].lines:
        return None
    return prow[col].bbox


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


Box = tuple[float, float, float, float]


@dataclass(slots=True)
class Marks:
    """What one page's picture shows, in PDF points, by kind (see :data:`LEGEND`)."""

    outside: list[Box] = field(default_factory=list)
    headers: list[Box] = field(default_factory=list)
    repeats: list[Box] = field(default_factory=list)
    continued: list[Box] = field(default_factory=list)
    spans: list[Box] = field(default_factory=list)
    filled_issue: list[Box] = field(default_factory=list)
    marks: list[Box] = field(default_factory=list)  # "(ต่อ)" in a header cell
    carried: list[tuple[Box, int]] = field(default_factory=list)  # row box, page it came from
    cells: list[Box] = field(default_factory=list)
    repairs: list[tuple[Box, list[str]]] = field(default_factory=list)


def page_marks(trace: FileTrace, page_no: int) -> Marks:
    """The boxes to draw on page ``page_no``, from the pipeline's trace."""
    page = trace.pages.get(page_no) or PageTrace(page_no)
    out = Marks(repairs=list(page.repairs))
    for pt, roles in zip(page.tables, page.roles):
        out.outside.extend((ln.x0 - 1, ln.top - 1, ln.x1 + 1, ln.bottom + 1) for ln in pt.outside)
        for prow, role in zip(pt.rows, roles):
            _mark_row(out, trace, prow, role)
            out.spans.extend(c.bbox for c in prow if c.spanned)
    out.cells = [c.bbox for pt in page.tables for prow in pt.rows for c in prow if not c.spanned]
    return out


def _mark_row(out: Marks, trace: FileTrace, prow, role: RowRole) -> None:
    """The marks of one page-table row, by what became of it."""
    if role.kind in (tt.HEADER, tt.REPEAT):
        (out.headers if role.kind == tt.HEADER else out.repeats).append(_union([c.bbox for c in prow]))
        out.marks.extend(c.bbox for c in prow if CONTINUED_MARK.search(c.text))
    elif role.kind == tt.BODY:
        if role.carried_from is not None:
            out.continued.extend(c.bbox for c in prow if c.lines)
            out.carried.append((_union([c.bbox for c in prow]), role.carried_from))
        issue = _filled_issue(trace, role, prow)
        if issue is not None:
            out.filled_issue.append(issue)


def render_page(page, seen: Seen, page_no: int, resolution: float = DEFAULT_RESOLUTION):
    """The annotated picture of one page (a PIL image) and its scale (px per pt)."""
    from PIL import ImageDraw

    im = page.to_image(resolution=resolution)
    scale = im.scale
    ox, oy = float(page.bbox[0]), float(page.bbox[1])

    def px(b):
        return ((b[0] - ox) * scale, (b[1] - oy) * scale, (b[2] - ox) * scale, (b[3] - oy) * scale)

    marks = page_marks(seen.trace, page_no)
    _draw_fills(im, marks)
    font, thai_ok = _font(max(11, int(round(10 * scale))))
    small, _ = _font(max(10, int(round(9 * scale))))
    base = im.annotated.convert("RGBA")
    draw = ImageDraw.Draw(base, "RGBA")
    _draw_labels(draw, marks, px, small, thai_ok)
    _draw_repairs(draw, marks, px, small)
    _draw_page_notes(draw, base.size, page_no, seen, font)
    return _with_legend(base, font, thai_ok), scale


def _draw_fills(im, m: Marks) -> None:
    """Translucent fills through pdfplumber's drawing API, outlines on top."""
    stroke0 = (0, 0, 0, 0)
    if m.outside:
        im.draw_rects(m.outside, fill=OUTSIDE, stroke=(90, 90, 90, 200), stroke_width=1)
    for boxes, fill in ((m.headers, HEADER), (m.repeats, HEADER_REPEAT), (m.continued, CONTINUED),
                        (m.spans + m.filled_issue, SPANNED)):
        if boxes:
            im.draw_rects(boxes, fill=fill, stroke=stroke0, stroke_width=0)
    if m.cells:
        im.draw_rects(m.cells, fill=(0, 0, 0, 0), stroke=GRID, stroke_width=1)
    if m.marks:
        im.draw_rects(m.marks, fill=(0, 0, 0, 0), stroke=CONT_MARK, stroke_width=2)


def _draw_labels(draw, m: Marks, px, small, thai_ok: bool) -> None:
    """The "(ต่อ)", "continued from", "filled down" and "outside" labels."""
    for bbox in m.marks:
        x0, y0, x1, y1 = px(bbox)
        text = "(ต่อ) cont." if thai_ok else "cont."
        _label(draw, (x1 - 6 - draw.textlength(text, font=small), y0 + 3), text, CONT_MARK, small)
    for bbox, since in m.carried:
        x0, y0, x1, y1 = px(bbox)
        draw.rectangle((x0, y0, x1, y1), outline=CONTINUED[:3] + (255,), width=3)
        _label(draw, (x0 + 3, y0 + 2), f"continued from p.{since}", CONTINUED[:3] + (255,), small)
    for bbox in m.spans + m.filled_issue:
        x0, y0, x1, y1 = px(bbox)
        _label(draw, (x0 + 3, y1 - 14), "filled down", SPANNED[:3] + (255,), small)
    for bbox in m.outside:
        x0, y0, x1, y1 = px(bbox)
        draw.text((x1 + 3, y0), "outside", fill=(90, 90, 90, 255), font=small)


def _draw_repairs(draw, m: Marks, px, small) -> None:
    """A red corner and a short label on each cell whose text was repaired."""
    for bbox, done in m.repairs:
        x0, y0, x1, y1 = px(bbox)
        label = ",".join(dict.fromkeys(REPAIR_LABELS.get(d, "fix") for d in done))
        # bottom right: cell text is set from the top, so the corner is usually free
        draw.polygon([(x1 - 1, y1 - 1), (x1 - 11, y1 - 1), (x1 - 1, y1 - 11)], fill=REPAIR)
        box = draw.textbbox((0, 0), label, font=small)
        _label(draw, (x1 - 14 - (box[2] - box[0]), y1 - 4 - box[3]), label, REPAIR, small)


def _draw_page_notes(draw, size: tuple[int, int], page_no: int, seen: Seen, font) -> None:
    """The OCR frame and the "no table" line."""
    if page_no in seen.ocr_pages:
        w, h = size
        draw.rectangle((1, 1, w - 2, h - 2), outline=OCR, width=6)
        _label(draw, (12, 10), f"OCR (page {page_no} read from the image)", OCR, font)
    if page_no not in seen.page_tables:
        _label(draw, (12, 30), "no table found on this page", (0, 0, 0, 255), font)


def _with_legend(base, font, thai_ok: bool):
    """The picture with the legend drawn below it, as RGB."""
    from PIL import Image, ImageDraw

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
    return out.convert("RGB")


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
    options = Options(profile, pages, password, column_map)
    with open_pdf(pdf_path, password) as pdf:
        missing = check_pages(len(pdf.pages), pages)
        if missing and notes is not None:
            notes.append(missing)
        out.mkdir(parents=True, exist_ok=True)
        seen = _run(pdf, pdf_path, options)
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
    from thaitab.normalize.profiles import ProfileError, get_profile

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
