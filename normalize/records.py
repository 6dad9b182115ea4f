"""Turn a stitched table into records: cell text joined and repaired, columns named.

This is where the text of every cell is made final: its lines joined
(:mod:`normalize.join`), its characters repaired (:mod:`normalize.thai`). A
profile then names the columns: the ITA profile maps header wordings to the
fixed output columns and derives budget and period fields; the generic profile
keeps the table's own (repaired) header texts as column names.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from extract.stitch import Table, column_limits, page_column_limits
from normalize import thai
from normalize.confidence import row_confidence, usually_filled
from normalize.dates import parse_period
from normalize.join import DEFAULT_STYLE, JoinStyle, join_blocks, learn_style
from normalize.numbers import split_budget_note
from normalize.profiles import ita
from normalize.repairs import split_notes


# provenance columns after the profile's own: which table, how the text was read,
# what a person should check in the row, and the routine repairs made to it
# (the split: normalize.repairs)
PROVENANCE = ("table", "method", "confidence", "warnings", "repairs")
UNREADABLE = "unreadable glyphs (cid:N), marked \u2370: check against the PDF"
UNREAD_MARK = "\u2370"  # extract.glyph_shapes.UNREAD: a glyph neither font nor shape could read


@dataclass(slots=True)
class TableRecords:
    """The rows of one logical table, ready for the writers."""

    profile: str
    columns: list[str]
    rows: list[dict]
    index: int
    page_start: int
    page_end: int
    warnings: list[str] = field(default_factory=list)


def cell_text(blocks, limit, style: JoinStyle = DEFAULT_STYLE, page_limits=None) -> tuple[str, list[str]]:
    return thai.repair_logged(join_blocks(blocks, limit, style, page_limits))


def title_text(table: Table) -> str:
    top = table.header[0][0].lines[0].top if table.header and table.header[0] and table.header[0][0].lines else None
    lines = [ln for ln in table.title if top is None or ln.bottom <= top + 1] or table.title
    return thai.repair("\n".join(ln.text for ln in lines))


def header_texts(table: Table) -> list[str]:
    """One name per column: its header rows top to bottom, joined with " / "
    (a cell merged down over several header rows is named once)."""
    out = []
    for blocks in table.header:
        parts: list[str] = []
        for b in blocks:
            text = thai.repair(join_blocks([b])).replace("\n", " ").strip() if b.lines else ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        out.append(" / ".join(parts))
    return out


def table_lines(table: Table):
    """Every body line of a table, for :func:`normalize.join.learn_style`."""
    return (ln for row in table.rows for col in row.cells for b in col for ln in b.lines)


def document_style(tables: Iterable[Table]) -> JoinStyle:
    """One author writes all of a document's tables: the wrap style is learnt
    from all of them (one table rarely shows enough)."""
    return learn_style(ln for table in tables for ln in table_lines(table))


def table_records(table: Table, source_file: str, profile: str = "auto",
                  style: JoinStyle | None = None) -> TableRecords:
    """Records of one table under a profile ("auto", "ita" or "generic").

    ``style`` is the document's way of writing what a wrap hides (learnt from
    all its tables by the caller); by default it is learnt from this table."""
    headers = header_texts(table)
    if profile == "auto":
        profile = "ita" if ita.is_ita(headers) else "generic"
    limits = column_limits(table.rows, len(table.col_edges) - 1)
    by_page = page_column_limits(table.rows, len(table.col_edges) - 1)
    if style is None:
        style = learn_style(table_lines(table))
    texts: list[list[str]] = []
    notes: list[list[str]] = []
    for row in table.rows:
        vals, row_notes = [], list(row.notes)
        if row.method == "ocr":
            row_notes.insert(0, "read by OCR")
        for c, blocks in enumerate(row.cells):
            text, done = cell_text(blocks, limits[c], style, by_page[c])
            vals.append(text)
            row_notes.extend(d for d in done if d not in row_notes)
            if ("(cid:" in text or UNREAD_MARK in text) and UNREADABLE not in row_notes:
                # a glyph the PDF gives no Unicode for: say so, never pass it on silently
                row_notes.append(UNREADABLE)
        texts.append(vals)
        notes.append(row_notes)
    if profile == "ita":
        return _ita_records(table, source_file, headers, texts, notes)
    return _generic_records(table, source_file, headers, texts, notes)


def _fill_spanned(table: Table, texts: list[list[str]]) -> None:
    """A merged cell's text belongs to every row it covers."""
    for r, row in enumerate(table.rows):
        for c, spanned in enumerate(row.spanned):
            if spanned and r > 0 and not texts[r][c]:
                texts[r][c] = texts[r - 1][c]


def _ita_records(table: Table, source_file: str, headers: list[str], texts, notes) -> TableRecords:
    mapping = ita.map_headers(headers)
    title = title_text(table)
    muni = ita.municipality(title)
    fy = ita.fiscal_year(title)
    _fill_spanned(table, texts)
    rows: list[dict] = []
    last_issue = ""
    for row, vals, row_notes in zip(table.rows, texts, notes):
        rec = {col: "" for col in ita.TEXT_COLUMNS}
        for c, col in mapping.items():
            rec[col] = vals[c]
        if not any(rec[col] for col in ita.TEXT_COLUMNS if col != "issue"):
            continue
        if rec["issue"]:
            last_issue = rec["issue"]
        elif last_issue:
            rec["issue"] = last_issue
            row_notes.append("issue filled down")
        measure, uses_budget, baht = split_budget_note(rec["measure"])
        start, end = parse_period(rec["period"], fy)
        rows.append({
            "source_file": source_file,
            "page_start": row.page_start,
            "page_end": row.page_end,
            "municipality": muni,
            "fiscal_year_be": fy,
            "issue": rec["issue"],
            "measure": measure,
            "uses_budget": uses_budget,
            "budget_baht": baht,
            "steps": rec["steps"],
            "period": rec["period"],
            "period_start": start,
            "period_end": end,
            "output": rec["output"],
            "outcome": rec["outcome"],
            "responsible": rec["responsible"],
            "table": table.index + 1,
            "method": row.method,
            "confidence": None,  # set by _add_confidence once the table's rows are known
            "warnings": "; ".join(row_notes),
        })
    _add_confidence(rows, ita.TEXT_COLUMNS)
    _split_repairs(rows)
    return TableRecords("ita", list(ita.OUTPUT_COLUMNS) + list(PROVENANCE), rows, table.index,
                        table.page_start, table.page_end)


def _generic_records(table: Table, source_file: str, headers: list[str], texts, notes) -> TableRecords:
    _fill_spanned(table, texts)
    names: list[str] = []
    for i, h in enumerate(headers):
        name = h or f"column_{i + 1}"
        while name in names:
            name = f"{name}_{i + 1}"
        names.append(name)
    rows = []
    for row, vals, row_notes in zip(table.rows, texts, notes):
        if not any(vals):
            continue
        rec = {"source_file": source_file, "page_start": row.page_start, "page_end": row.page_end,
               "table": table.index + 1}
        rec.update(zip(names, vals))
        rec["method"] = row.method
        rec["confidence"] = None
        rec["warnings"] = "; ".join(row_notes)
        rows.append(rec)
    _add_confidence(rows, names)
    _split_repairs(rows)
    for rec in rows:
        # a table of the document's own columns has no room for a log: its routine
        # repairs are weighed in the confidence and left out (nothing to act on)
        del rec["repairs"]
    cols = ["source_file", "page_start", "page_end", "table"] + names + ["method", "confidence", "warnings"]
    return TableRecords("generic", cols, rows, table.index, table.page_start, table.page_end)


def _split_repairs(rows: list[dict]) -> None:
    """Move each row's routine repairs from ``warnings`` to ``repairs`` (after
    the confidence, which weighs every note)."""
    for rec in rows:
        warnings, repairs = split_notes(rec["warnings"].split("; ") if rec["warnings"] else [])
        rec["warnings"] = "; ".join(warnings)
        rec["repairs"] = "; ".join(repairs)


def _add_confidence(rows: list[dict], text_columns) -> None:
    """Each row's confidence (0..1) from what was seen: see :mod:`normalize.confidence`."""
    filled = usually_filled(rows, text_columns)
    for rec in rows:
        notes = rec["warnings"].split("; ") if rec["warnings"] else []
        rec["confidence"] = row_confidence({c: str(rec.get(c) or "") for c in text_columns}, [],
                                           rec["method"], notes, filled_columns=filled)
