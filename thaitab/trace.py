"""What the pipeline decided, page by page, kept when a caller asks for it.

:func:`thaitab.pipeline.process_pdf` fills a :class:`FileTrace` passed to it
(and does no extra work without one): per page, the tables found there (cells,
column edges, the text outside them), what became of each of their rows (a
logical table's header, a repeated header dropped, a body row, a row carried
over from the page before), how each page table entered the logical tables
(started one, or continued one, and on what evidence) and the Thai repairs
each cell's text needed; per logical table, the table and its records, each
record with the row it was made from. ``thaitab inspect`` draws this.

Rows are linked to the logical tables by identity: a page-table cell and the
stitched block made from it hold the same line objects.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from thaitab.extract.cells import Cell, PageTable
from thaitab.extract.stitch import Table
from thaitab.normalize import thai
from thaitab.normalize.records import TableRecords

Box = tuple[float, float, float, float]

HEADER, REPEAT, BODY, EMPTY = "header", "repeat", "body", "empty"


@dataclass(slots=True)
class RowRole:
    """What became of one row of a page table.

    ``kind``: :data:`HEADER` (a header row of the logical table it starts),
    :data:`REPEAT` (a header repeated on a later page, dropped), :data:`BODY`
    (row ``row`` of the logical table) or :data:`EMPTY` (no text, dropped).
    ``carried_from``: for a body row that began on an earlier page, the last
    page it was on before this one."""

    kind: str
    table: int | None = None  # Table.index
    row: int | None = None
    carried_from: int | None = None


@dataclass(slots=True)
class Join:
    """How one page table entered the logical tables: it ``starts`` table
    ``table`` or continues it, and ``why`` (the evidence, in words)."""

    table: int | None
    starts: bool
    why: str


@dataclass(slots=True)
class PageTrace:
    """One page as the pipeline saw it."""

    page: int
    method: str = "text"  # "ocr": the page was read from its image
    tables: list[PageTable] = field(default_factory=list)
    roles: list[list[RowRole]] = field(default_factory=list)  # per page table, per row
    joins: list[Join] = field(default_factory=list)  # per page table with rows
    repairs: list[tuple[Box, list[str]]] = field(default_factory=list)  # cell box, repairs its text needed


@dataclass(slots=True)
class FileTrace:
    """Every page read, the logical tables and their records (None for a table
    that gave no record)."""

    pages: dict[int, PageTrace] = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)
    records: list[TableRecords | None] = field(default_factory=list)

    def page(self, no: int) -> PageTrace:
        """The trace of page ``no``, made when first asked for."""
        if no not in self.pages:
            self.pages[no] = PageTrace(no)
        return self.pages[no]

    def table_position(self, index: int) -> int:
        """The position in :attr:`tables` of the table numbered ``index``."""
        return next(i for i, t in enumerate(self.tables) if t.index == index)

    def finish(self, tables: Sequence[Table], records: Sequence[TableRecords | None]) -> None:
        """Keep the logical tables and records; link every page-table row to them."""
        self.tables = list(tables)
        self.records = list(records)
        owners = _line_owners(self.tables)
        previous: PageTable | None = None
        for no in sorted(self.pages):
            trace = self.pages[no]
            for pt in trace.tables:
                trace.roles.append([_role(prow, pt.page, owners, self.tables) for prow in pt.rows])
                trace.repairs.extend(_cell_repairs(pt))
                if pt.rows:
                    trace.joins.append(_join(pt, trace.roles[-1], previous))
                    previous = pt


def _line_owners(tables: Sequence[Table]) -> dict[int, tuple[int, int | None]]:
    """id(first line of a block) → (table position, body row index, or None for a header line)."""
    out: dict[int, tuple[int, int | None]] = {}
    for t, table in enumerate(tables):
        for col in table.header:
            out.update((id(b.lines[0]), (t, None)) for b in col if b.lines)
        for k, row in enumerate(table.rows):
            out.update((id(b.lines[0]), (t, k)) for col in row.cells for b in col if b.lines)
    return out


def _role(prow: Sequence[Cell], page: int, owners: dict, tables: Sequence[Table]) -> RowRole:
    """What became of one page-table row: the owner of its first cell that has one."""
    owner = next((owners[id(c.lines[0])] for c in prow if c.lines and id(c.lines[0]) in owners), None)
    if owner is None:
        return RowRole(REPEAT if any(c.lines for c in prow) else EMPTY)
    t, k = owner
    table = tables[t]
    if k is None:
        return RowRole(HEADER, table.index)
    row = table.rows[k]
    carried = None
    if row.page_start < page:
        before = [b.page for col in row.cells for b in col if b.page < page]
        carried = max(before, default=row.page_start)
    return RowRole(BODY, table.index, k, carried)


def _cell_repairs(pt: PageTable) -> list[tuple[Box, list[str]]]:
    """The cells of a page table whose own text needed Thai repairs, with those repairs."""
    out = []
    for prow in pt.rows:
        for cell in prow:
            if cell.lines and not cell.spanned:
                _fixed, done = thai.repair_logged(cell.text)
                if done:
                    out.append((cell.bbox, done))
    return out


def _join(pt: PageTable, roles: Sequence[RowRole], previous: PageTable | None) -> Join:
    """How ``pt`` entered the logical tables, from what became of its rows."""
    tables = [r.table for r in roles if r.table is not None]
    table = tables[0] if tables else None
    if any(r.kind == HEADER for r in roles):
        if previous is None:
            why = "the document's first table"
        elif previous.n_cols != pt.n_cols:
            why = f"{pt.n_cols} columns where page {previous.page}'s table has {previous.n_cols}"
        else:
            why = f"a header or column layout other than page {previous.page}'s"
        return Join(table, True, f"starts table {_number(table)}: {why}")
    dropped = sum(r.kind == REPEAT for r in roles)
    parts = [f"header repeated, {dropped} row(s) dropped" if dropped else "header not repeated"]
    first = next((r for r in roles if r.kind == BODY), None)
    if first is not None and first.carried_from is not None:
        parts.append(f"its first row carries on row {first.row + 1} from page {first.carried_from}")
    elif first is not None:
        parts.append("its first row is a new row")
    since = f" from page {previous.page}" if previous is not None else ""
    return Join(table, False, f"continues table {_number(table)}{since}: " + "; ".join(parts))


def _number(index: int | None) -> str:
    return "?" if index is None else str(index + 1)
