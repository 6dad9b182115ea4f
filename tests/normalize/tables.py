"""Build stitched tables in code (header texts, cell lines) for the records tests."""
from __future__ import annotations

from thaitab.extract.cells import Cell, PageTable
from thaitab.extract.stitch import Table, stitch
from tests.helpers import line_of

COL_WIDTH = 160.0
LINE_STEP = 20.0


def _cell(lines: list[str], col: int, top: float) -> Cell:
    x = COL_WIDTH * col
    made = tuple(line_of(t, x=x + 2, top=top + LINE_STEP * i) for i, t in enumerate(lines) if t)
    return Cell(made, (x, top, x + COL_WIDTH, top + LINE_STEP * max(len(lines), 1)))


def build_table(headers: list[str], rows: list[list[str]], title: str = "") -> Table:
    """One page, a ruled grid: ``headers`` then ``rows`` (a cell's lines split at "\\n")."""
    n = len(headers)
    edges = [COL_WIDTH * i for i in range(n + 1)]
    page_rows = [[_cell([h], i, 40.0) for i, h in enumerate(headers)]]
    top = 80.0
    for vals in rows:
        split = [v.split("\n") if v else [] for v in vals]
        height = max([len(s) for s in split] + [1])
        page_rows.append([_cell(s, i, top) for i, s in enumerate(split)])
        top += LINE_STEP * height + 4
    outside = [line_of(t, x=20, top=5 + 12 * k) for k, t in enumerate(title.split("\n")) if t]
    pt = PageTable(1, edges, page_rows, "grid", outside=outside, page_width=COL_WIDTH * n,
                   page_height=top + 40)
    tables = list(stitch([pt]))
    assert len(tables) == 1
    return tables[0]
