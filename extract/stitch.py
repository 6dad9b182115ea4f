"""Stitch the page tables of a document into logical tables.

A table that runs over several pages is one table. On each new page the header
may be repeated (with "(ต่อ)" on the columns whose text goes on), repeated as a
new table, or not repeated at all. A row cut by the page break continues at the
top of the next page; its pieces are merged cell by cell. This module knows
nothing about ITA reports: the evidence it uses is the header text, the column
edges, a "(ต่อ)" mark, and an empty key cell.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Iterable, Iterator

from extract.cells import Cell, PageTable
from extract.lines import Line

_CONTINUED = re.compile(r"\(\s*ต\s*่\s*อ\s*\)|\(\s*ต่อ\s*\)")
_WS = re.compile(r"\s+")


@dataclass(slots=True)
class Block:
    """Lines of one cell on one page, with the cell's horizontal extent."""

    lines: tuple[Line, ...]
    left: float
    right: float
    page: int


@dataclass(slots=True)
class Row:
    """One logical row: per column, the blocks of text (more than one when the
    row was cut by a page break) and the pages it spans."""

    cells: list[list[Block]]
    page_start: int
    page_end: int
    spanned: list[bool]  # per column: the slot belongs to a merged cell above
    notes: list[str] = field(default_factory=list)

    def is_empty(self, col: int) -> bool:
        return not any(b.lines for b in self.cells[col])


@dataclass(slots=True)
class Table:
    """A logical table: header blocks per column and its rows."""

    index: int
    header: list[list[Block]]
    continued: list[bool]
    rows: list[Row]
    col_edges: list[float]
    borders: str
    title: list[Line] = field(default_factory=list)
    page_start: int = 0
    page_end: int = 0
    header_rows: int = 1


def cell_key(cells: Iterable[Cell]) -> str:
    """Text of cells with all white space and "(ต่อ)" removed, for comparing headers."""
    text = "".join(line.text for cell in cells for line in cell.lines)
    return _WS.sub("", _CONTINUED.sub("", text))


def _bold_share(row: list[Cell]) -> float:
    chars = [c for cell in row for ln in cell.lines for c in ln.chars if c.text.strip()]
    return sum(c.bold for c in chars) / len(chars) if chars else 0.0


def _header_rows(pt: PageTable) -> int:
    """Leading rows that are set in bold; at least the first row."""
    n = 0
    while n < len(pt.rows) - 1 and _bold_share(pt.rows[n]) > 0.6:
        n += 1
    return max(n, 1)


def _similar(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _same_columns(a: list[float], b: list[float]) -> bool:
    if len(a) != len(b):
        return False
    tol = max(6.0, 0.02 * (a[-1] - a[0]))
    return all(abs(x - y) <= tol for x, y in zip(a, b))


def _block(cell: Cell, page: int) -> Block:
    return Block(cell.lines, cell.bbox[0], cell.bbox[2], page)


def _key_column(rows: list[Row], n_cols: int) -> int:
    """The leftmost column that is filled in (almost) every row: the one that
    names the row (a measure, an item). An empty key cell at the top of a page
    marks a row that goes on from the page before."""
    if not rows:
        return min(1, n_cols - 1)
    best, best_n = 0, -1
    for c in range(n_cols):
        filled = sum(1 for r in rows if not r.is_empty(c))
        if filled > best_n + 0.1 * len(rows):
            best, best_n = c, filled
    return best


def stitch(page_tables: Iterable[PageTable]) -> Iterator[Table]:
    """Join page tables into logical tables, yielding each when it ends."""
    current: Table | None = None
    header_key: list[str] = []
    index = 0
    for pt in page_tables:
        if not pt.rows:
            continue
        starts_new = current is None or not _same_columns(current.col_edges, pt.col_edges)
        body_start = 0
        continued = [False] * pt.n_cols
        if not starts_new:
            # drop repeated header rows, noting "(ต่อ)" marks
            n = len(current.header[0]) and current.header_rows
            for k in range(min(n, len(pt.rows))):
                row = pt.rows[k]
                key = cell_key(row)
                if _similar(key, header_key[k]) >= 0.75:
                    body_start = k + 1
                    for c, cell in enumerate(row):
                        if _CONTINUED.search(cell.text):
                            continued[c] = True
                else:
                    break
            if body_start == 0:
                # a different header in the same column layout: a new table
                key = cell_key(pt.rows[0])
                if _header_rows(pt) >= 1 and _bold_share(pt.rows[0]) > 0.6 and _similar(key, header_key[0]) < 0.5:
                    starts_new = True
        if starts_new:
            if current is not None:
                yield current
            hr = _header_rows(pt)
            header = [[_block(pt.rows[r][c], pt.page) for r in range(hr)] for c in range(pt.n_cols)]
            header_key = [cell_key(pt.rows[r]) for r in range(hr)]
            continued = [any(_CONTINUED.search(pt.rows[r][c].text) for r in range(hr)) for c in range(pt.n_cols)]
            title = list(pt.outside)
            current = Table(index, header, continued, [], list(pt.col_edges), pt.borders, title,
                            pt.page, pt.page, hr)
            index += 1
            body_start = hr
        assert current is not None
        current.page_end = pt.page
        key_col = _key_column(current.rows, pt.n_cols)
        for r, prow in enumerate(pt.rows[body_start:]):
            spanned = [c.spanned for c in prow]
            blocks = [[_block(c, pt.page)] if c.lines else [] for c in prow]
            is_first = r == 0
            if is_first and current.rows and not starts_new:
                key_empty = not prow[key_col].lines and not prow[key_col].spanned
                if key_empty or any(continued):
                    prev = current.rows[-1]
                    for c in range(pt.n_cols):
                        prev.cells[c].extend(blocks[c])
                    prev.page_end = pt.page
                    prev.notes.append(f"row continued from page {prev.page_start if prev.page_start == pt.page - 1 else pt.page - 1}")
                    continue
            current.rows.append(Row(blocks, pt.page, pt.page, spanned))
    if current is not None:
        yield current
