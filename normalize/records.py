"""Turn a stitched table into records: cell text joined and repaired, columns named.

This is where the text of every cell is made final: its lines joined
(:mod:`normalize.join`), its characters repaired (:mod:`normalize.thai`). A
profile then names the columns (:mod:`normalize.profiles`): by meaning, from
header words and cell contents, into the profile's columns with their derived
fields; every column it cannot name is kept after them under its own repaired
header. The generic profile keeps the table's own header texts as names.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from thaitab.extract.settings import current
from thaitab.extract.stitch import Table, column_limits, page_column_limits
from thaitab.normalize import thai
from thaitab.normalize.confidence import row_confidence, usually_filled
from thaitab.normalize.dates import parse_period
from thaitab.normalize.join import DEFAULT_STYLE, JoinStyle, join_blocks, learn_style
from thaitab.normalize.numbers import parse_amount, split_budget_note
from thaitab.normalize.profiles import DERIVED, Profile, get_profile, shipped
from thaitab.normalize.profiles.assign import Naming, assign, detect, find_column
from thaitab.normalize.profiles.document import fiscal_year, municipality
from thaitab.normalize.profiles.evidence import header_key
from thaitab.normalize.profiles.evidence import AMOUNT_CELL, DASH_CELL
from thaitab.normalize.repairs import split_notes
from thaitab.normalize.sections import row_sections


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
    mapping: list = field(default_factory=list)  # one Naming per source column: what it became, why
    sheet: str = ""                              # the profile's name for its tables ("measures")
    source_rows: list[int] = field(default_factory=list)  # per record, its row in the table's rows


def cell_text(blocks, limit, style: JoinStyle = DEFAULT_STYLE, page_limits=None) -> tuple[str, list[str]]:
    return thai.repair_logged(join_blocks(blocks, limit, style, page_limits), _am_for_aa(blocks))


def _am_for_aa(blocks) -> bool:
    """May the PowerPoint repair look at this text: does the text layer write a
    SARA AM of its own in it (:func:`normalize.thai.writes_am_alone`)?"""
    return any(thai.writes_am_alone(ln.text) for b in blocks for ln in b.lines)


def title_text(table: Table) -> str:
    top = table.header[0][0].lines[0].top if table.header and table.header[0] and table.header[0][0].lines else None
    reach = current().text.title_header_gap_pt
    lines = [ln for ln in table.title if top is None or ln.bottom <= top + reach] or table.title
    return thai.repair("\n".join(ln.text for ln in lines))


def beside_texts(table: Table) -> list[str]:
    """Per row, the text set on its line just outside the table's frame (an
    unruled column, see :func:`extract.stitch.beside`), "" where none."""
    return [" ".join(t for ln in row.beside if (t := thai.repair(ln.text).strip())) for row in table.rows]


def header_texts(table: Table) -> list[str]:
    """One name per column: its header rows top to bottom, joined with " / "
    (a cell merged down over several header rows is named once)."""
    out = []
    for blocks in table.header:
        parts: list[str] = []
        for b in blocks:
            text = thai.repair(join_blocks([b]), _am_for_aa([b])).replace("\n", " ").strip() if b.lines else ""
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
                  style: JoinStyle | None = None,
                  column_map: dict[str, str] | None = None) -> TableRecords:
    """Records of one table under a profile: "auto", "generic", a shipped
    profile's name ("ita", "lpd02") or a profile file (``*.toml``).

    ``style`` is the document's way of writing what a wrap hides (learnt from
    all its tables by the caller); by default it is learnt from this table.
    ``column_map`` says what a header (or a 1-based column number) is: a
    profile column, or a name to keep it under."""
    headers = header_texts(table)
    ncols = len(table.col_edges) - 1
    limits = column_limits(table.rows, ncols)
    by_page = page_column_limits(table.rows, ncols)
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
    _fill_spanned(table, texts)
    columns = [[vals[c] if c < len(vals) else "" for vals in texts] for c in range(len(headers))]
    chosen, namings, map_notes = choose_profile(profile, headers, columns, column_map)
    if chosen is None:
        recs = _generic_records(table, source_file, headers, texts, notes, column_map or {})
    else:
        recs = _profile_records(chosen, namings, table, source_file, texts, notes)
    recs.warnings[:0] = map_notes
    return recs


def choose_profile(profile: str, headers: list[str], columns: list[list[str]],
                   column_map: dict[str, str] | None = None):
    """(profile or None for generic, namings, notes): a named profile as asked;
    for "auto" the shipped profile whose detection passes with the most
    evidence (header words and cells must both say so), else generic."""
    if profile == "generic":
        return None, [], []
    if profile != "auto":
        chosen = get_profile(profile)
        namings, _, map_notes = assign(chosen, headers, columns, column_map)
        return chosen, namings, map_notes
    best = None
    for candidate in shipped().values():
        namings, total, map_notes = assign(candidate, headers, columns, column_map)
        if detect(candidate, namings) and (best is None or total > best[0]):
            best = (total, candidate, namings, map_notes)
    if best is None:
        return None, [], []
    return best[1], best[2], best[3]


def _fill_spanned(table: Table, texts: list[list[str]]) -> None:
    """A merged cell's text belongs to every row it covers."""
    for r, row in enumerate(table.rows):
        for c, spanned in enumerate(row.spanned):
            if spanned and r > 0 and not texts[r][c]:
                texts[r][c] = texts[r - 1][c]


def _unique(name: str, taken: set[str], i: int) -> str:
    name = name or f"column_{i + 1}"
    while name in taken:
        name = f"{name}_{i + 1}"
    taken.add(name)
    return name


def _profile_records(profile: Profile, namings: list[Naming], table: Table, source_file: str,
                     texts, notes) -> TableRecords:
    """Rows under a profile: named columns in the profile's order, derived
    fields beside them, then every column it could not name under its own
    header (nothing is dropped)."""
    doc, fy = _document_fields(profile, title_text(table))
    repeated, kept = _name_columns(profile, namings)
    text_cols = [c.name for c in profile.columns if not c.repeat] + [n for v in repeated.values() for n in v]
    fill = {nm.index for nm in namings if nm.concept and profile.column(nm.concept).fill_down}
    guessed = [nm for nm in namings if nm.guess]
    rows: list[dict] = []
    sources: list[int] = []  # per record, its row in table.rows (the trace links them)
    last: dict[int, str] = {}  # the issue text that flows down, per fill-down column
    sides = beside_texts(table)
    for r, (row, vals, row_notes) in enumerate(zip(table.rows, texts, notes)):
        vals = vals + [""] * (len(namings) - len(vals))
        if not sides[r] and _issue_only(vals, texts[r + 1] if r + 1 < len(texts) else None, fill, last):
            continue
        rec = _empty_record(profile, row, source_file, doc)
        _fill_values(rec, namings, vals, fill, last, row_notes)
        if any(sides):
            rec["_beside"] = sides[r]
        _derive(profile, namings, rec, fy, row_notes)
        for nm in guessed:
            if vals[nm.index].strip():
                row_notes.append(f"column {nm.header!r} taken as {nm.name}: a guess")
        rec.update({"table": table.index + 1, "method": row.method, "confidence": None,
                    "warnings": "; ".join(row_notes)})
        rows.append(rec)
        sources.append(r)
    _add_confidence(rows, text_cols + [nm.name for nm in kept])
    _split_repairs(rows)
    cols = (profile.output_columns(repeated) + [nm.name for nm in kept] + (["_beside"] if any(sides) else [])
            + list(PROVENANCE))
    return TableRecords(profile.name, cols, rows, table.index, table.page_start, table.page_end,
                        warnings=_naming_warnings(profile, namings, kept), mapping=namings, sheet=profile.sheet,
                        source_rows=sources)


def _document_fields(profile: Profile, title: str) -> tuple[dict, int | None]:
    """The profile's document fields from the title block, and the fiscal year
    that yearless periods take (read from the title even when not a field)."""
    doc = {"municipality": municipality(title) if "municipality" in profile.document else None,
           "fiscal_year_be": fiscal_year(title) if "fiscal_year_be" in profile.document else None}
    fy = doc["fiscal_year_be"] if "fiscal_year_be" in profile.document else fiscal_year(title)
    return doc, fy


def _name_columns(profile: Profile, namings: list[Naming]) -> tuple[dict[str, list[str]], list[Naming]]:
    """Give every column a unique output name: ({repeated profile column: the
    names it took}, the columns kept under their own header)."""
    repeated: dict[str, list[str]] = {}
    taken = set(profile.output_columns()) | set(PROVENANCE)
    for nm in namings:
        if nm.concept and profile.column(nm.concept).repeat:
            nm.name = _unique(nm.name, taken, nm.index)
            repeated.setdefault(nm.concept, []).append(nm.name)
    kept = [nm for nm in namings if not nm.concept]
    for nm in kept:
        nm.name = _unique(nm.name or nm.header, taken, nm.index)
    return repeated, kept


def _naming_warnings(profile: Profile, namings: list[Naming], kept: list[Naming]) -> list[str]:
    """The table's warnings about its columns: kept under their own header, named on weak evidence."""
    warnings = [f"column {nm.describe()}: no {profile.name} column fits, kept under its own header"
                for nm in kept if nm.how != "map"]
    return warnings + [f"column {nm.describe()}: named on weak evidence" for nm in namings if nm.guess]


def _issue_only(vals: list[str], nxt: list[str] | None, fill: set[int], last: dict[int, str]) -> bool:
    """True for a row of only an issue (fill-down columns), which makes no record:
    its text flows down to the next row (kept when it would not: the next row
    has an issue of its own, or there is none)."""
    if any(v.strip() for i, v in enumerate(vals) if i not in fill):
        return False
    filled = [i for i in fill if vals[i].strip()]
    if filled and (nxt is None or any(nxt[i].strip() for i in fill)):
        return False
    for i in filled:
        last[i] = vals[i]
    return True


def _empty_record(profile: Profile, row, source_file: str, doc: dict) -> dict:
    """A record with its provenance, the document fields, and every profile
    column (and what it derives) present and empty."""
    rec: dict = {"source_file": source_file, "page_start": row.page_start, "page_end": row.page_end}
    rec.update({k: doc[k] for k in profile.document})
    for col in profile.columns:
        if not col.repeat:
            rec[col.name] = ""
            for extra in DERIVED.get(col.derive or "", ()):
                rec[extra] = None
    return rec


def _fill_values(rec: dict, namings: list[Naming], vals: list[str], fill: set[int],
                 last: dict[int, str], row_notes: list[str]) -> None:
    """Each column's text under its name; an empty fill-down cell takes the issue above."""
    for nm in namings:
        value = vals[nm.index]
        if nm.index in fill:
            if value.strip():
                last[nm.index] = value
            elif last.get(nm.index):
                value = last[nm.index]
                row_notes.append(f"{nm.concept} filled down")
        rec[nm.name] = value


def _derive(profile: Profile, namings: list[Naming], rec: dict, fy: int | None, row_notes: list[str]) -> None:
    """The fields each profile column derives: budget note, period, amount."""
    for nm in namings:
        if not nm.concept:
            continue
        derive = profile.column(nm.concept).derive
        if derive == "budget_note":
            rec[nm.name], rec["uses_budget"], rec["budget_baht"] = split_budget_note(rec[nm.name])
        elif derive == "period":
            rec["period_start"], rec["period_end"] = parse_period(rec[nm.name], fy)
        elif derive == "amount":
            rec[nm.name] = _amount(rec[nm.name], nm.name, row_notes)


def _amount(text: str, name: str, row_notes: list[str]):
    """A budget cell as a number ("90,000.-" → 90000.0), None when empty; a
    cell that is not a bare amount ("-", "ไม่ใช้งบประมาณ") is kept as written."""
    if not text.strip():
        return None
    if AMOUNT_CELL.match(text):
        value = parse_amount(text)
        if value is not None:
            return value
    if not DASH_CELL.match(text):
        row_notes.append(f"{name}: kept as written, not an amount")
    return text


def _generic_records(table: Table, source_file: str, headers: list[str], texts, notes,
                     column_map: dict[str, str]) -> TableRecords:
    keys = [header_key(h) for h in headers]
    renamed = {}
    warnings = []
    for key, target in column_map.items():
        i = find_column(key, keys)
        if i is None:
            warnings.append(f"--map {key!r}: no column has this header")
        else:
            renamed[i] = target
    names: list[str] = []
    sections = row_sections(table, headers, texts)
    lead = ["source_file", "page_start", "page_end", "table"] + (["_section"] if sections else [])
    taken: set[str] = set(PROVENANCE) | set(lead)
    namings = []
    for i, h in enumerate(headers):
        names.append(_unique(renamed.get(i, h), taken, i))
        namings.append(Naming(i, h, names[-1], None, how="map" if i in renamed else "kept"))
    sides = beside_texts(table)
    rows = []
    sources = []
    for r, (row, vals, row_notes) in enumerate(zip(table.rows, texts, notes)):
        if not any(vals) and not sides[r]:
            continue
        sources.append(r)
        rec = {"source_file": source_file, "page_start": row.page_start, "page_end": row.page_end,
               "table": table.index + 1}
        if sections:
            rec["_section"] = sections[r]
        rec.update(zip(names, vals))
        if any(sides):
            rec["_beside"] = sides[r]
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
    cols = lead + names + (["_beside"] if any(sides) else []) + ["method", "confidence", "warnings"]
    return TableRecords("generic", cols, rows, table.index, table.page_start, table.page_end,
                        warnings=warnings, mapping=namings, source_rows=sources)


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
