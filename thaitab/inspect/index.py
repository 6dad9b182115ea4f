"""``thaitab inspect``'s ``index.html``: every page picture beside the rows
extracted from it; each row links to its box on the picture and each box back
to its row. One static file with relative image links and a few lines of
vanilla JavaScript; every text from the PDF is escaped.
"""
from __future__ import annotations

import html
import os
from pathlib import Path

from thaitab.inspect.seen import RowView, Seen

# columns of a record that are not shown in the HTML row table (shown elsewhere)
_HIDDEN = ("source_file", "page_start", "page_end", "municipality", "fiscal_year_be", "table")

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
