"""What ``thaitab inspect`` shows, read from the pipeline's trace (no second run).

:func:`see` runs the pipeline once with a :class:`thaitab.trace.FileTrace`;
:class:`Seen` holds that trace and every record as a :class:`RowView` with its
box on each page; :func:`page_marks` lists the boxes one page's picture shows,
by kind. No pixels here (:mod:`thaitab.inspect.draw`), no HTML
(:mod:`thaitab.inspect.index`).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Sequence

from thaitab.extract.cells import PageTable
from thaitab.extract.pdf import InputError, open_pdf, page_numbers
from thaitab.extract.thai.continued import CONTINUED_MARK
from thaitab.normalize.records import TableRecords
from thaitab.pipeline import FileResult, Options, read_open_pdf
from thaitab import trace as tt
from thaitab.trace import FileTrace, PageTrace, RowRole

Box = tuple[float, float, float, float]


@dataclass(slots=True)
class RowView:
    """One final record and where it came from."""

    table: int  # index of the logical table
    number: int  # 1-based number of the record within its table
    record: dict
    confidence: float
    boxes: dict[int, Box] = field(default_factory=dict)  # page → bbox (PDF pt)

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
        return see_open_pdf(pdf, pdf_path, Options(profile, pages, password, column_map))


def see_open_pdf(pdf, pdf_path: str | os.PathLike, options: Options) -> Seen:
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


def _union(boxes: Sequence[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _record_of(trace: FileTrace, table: int, row: int) -> tuple[TableRecords, dict] | None:
    """The records of logical table ``table`` and the record made from its row ``row``."""
    recs = trace.records[trace.table_position(table)]
    if recs is None or row not in recs.source_rows:
        return None
    return recs, recs.rows[recs.source_rows.index(row)]


def _filled_issue(trace: FileTrace, role: RowRole, prow) -> Box | None:
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


@dataclass(slots=True)
class Marks:
    """What one page's picture shows, in PDF points, by kind (see :data:`thaitab.inspect.draw.LEGEND`)."""

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
