"""The table of one page as a grid: column and row edges, and per slot the
cell that owns it (a merged cell owns every slot it spans).

A ruled grid comes from pdfplumber's table finder; the edges of a double rule
are one edge, and rows the page edge cut off are added back.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Sequence

from thaitab.extract.chars import Char
from thaitab.extract.lines import Line, group_lines
from thaitab.extract.settings import current


@dataclass(slots=True)
class Cell:
    """The text of one table cell. ``spanned`` slots belong to a merged cell
    above (or to the left) and carry no text of their own."""

    lines: tuple[Line, ...]
    bbox: tuple[float, float, float, float]
    spanned: bool = False
    from_left: bool = False  # a spanned slot whose merged cell starts in a column to its left

    @property
    def text(self) -> str:
        return "\n".join(line.text.strip() for line in self.lines)


@dataclass(slots=True)
class PageTable:
    """The table found on one page: rows of cells under shared column edges."""

    page: int
    col_edges: list[float]
    rows: list[list[Cell]]
    borders: str  # "grid", "horizontal" or "none"
    outside: list[Line] = field(default_factory=list)  # title, page numbers, signature...
    bbox: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    page_width: float = 0.0
    page_height: float = 0.0
    method: str = "text"  # "text" (the PDF's text layer) or "ocr"

    @property
    def n_cols(self) -> int:
        return len(self.col_edges) - 1


@dataclass(slots=True)
class Grid:
    """Column edges, row edges and, per slot, the (row, col) of its owner cell."""

    cols: list[float]
    rows: list[float]
    owner: list[list[tuple[int, int]]]


def _grid_from_plumber(table) -> Grid | None:
    """Turn a pdfplumber ``Table`` into a :class:`Grid` with its spans."""
    cells = table.cells
    if not cells:
        return None
    xs = sorted({round(c[0], 1) for c in cells} | {round(c[2], 1) for c in cells})
    ys = sorted({round(c[1], 1) for c in cells} | {round(c[3], 1) for c in cells})
    s = current().cells
    xs = _merge_double_rules(xs, s.double_rule_pt)
    ys = _dedupe_edges(ys, s.edge_merge_pt)
    if len(xs) < 3 or len(ys) < 2:
        return None
    owner = [[(-1, -1)] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    for x0, top, x1, bottom in cells:
        c0 = min(_nearest(xs, x0), len(xs) - 2)  # a slot inside a double rule
        c1 = _nearest(xs, x1)
        r0 = _nearest(ys, top)
        r1 = _nearest(ys, bottom)
        for r in range(r0, max(r1, r0 + 1)):
            for c in range(c0, max(c1, c0 + 1)):
                if owner[r][c] == (-1, -1):
                    owner[r][c] = (r0, c0)
    for r, row in enumerate(owner):
        for c, o in enumerate(row):
            if o == (-1, -1):
                row[c] = (r, c)
    return Grid(xs, ys, owner)


def _dedupe_edges(vals: list[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in vals:
        if out and v - out[-1] < tol:
            continue
        out.append(v)
    return out


def _merge_double_rules(xs: list[float], gap: float = 6.5) -> list[float]:
    """One column edge per double (or triple) rule: edges closer than ``gap``
    bound no column that text could stand in, so they are one border drawn
    with two lines. Each run of such edges becomes its middle."""
    runs: list[list[float]] = []
    for x in xs:
        if runs and x - runs[-1][-1] < gap:
            runs[-1].append(x)
        else:
            runs.append([x])
    return [(run[0] + run[-1]) / 2 for run in runs]


def _nearest(edges: Sequence[float], v: float) -> int:
    i = bisect_right(edges, v)
    if i == 0:
        return 0
    if i == len(edges):
        return len(edges) - 1
    return i if edges[i] - v < v - edges[i - 1] else i - 1


def _extend_to_page_edge(grid: Grid, page) -> None:
    """Add the rows of a grid that the page edge cut off.

    A row that runs off the bottom of the page (or in from the top) has no
    closing rule, so the table finder leaves it out, but the column rules go
    on to the page edge. Extend the grid down (up) as far as they do.
    """
    xs = grid.cols
    tol = 2.5
    v = [e for e in page.vertical_edges
         if any(abs(e["x0"] - x) <= tol for x in xs) and e["bottom"] - e["top"] > 4]
    if not v:
        return
    top = max(0.0, _reach(v, grid.rows[0], up=True))
    bottom = min(float(page.height), _reach(v, grid.rows[-1], up=False))
    width = xs[-1] - xs[0]
    def rules_between(a: float, b: float) -> list[float]:
        ys: dict[int, float] = {}
        for e in page.horizontal_edges:
            if a + 3 < e["top"] < b - 3 and e["x1"] - e["x0"] >= 0.3 * width and xs[0] - tol <= e["x0"] <= xs[-1]:
                ys[round(e["top"])] = e["top"]
        return _dedupe_edges(sorted(ys.values()), tol=3)
    n = len(xs) - 1
    if bottom > grid.rows[-1] + 8:
        new = rules_between(grid.rows[-1], bottom) + [bottom]
        for y in new:
            grid.rows.append(y)
            r = len(grid.owner)
            grid.owner.append([(r, c) for c in range(n)])
    if top < grid.rows[0] - 8:
        new = [top] + rules_between(top, grid.rows[0])
        k = len(new)
        grid.owner = [[(r, c) for c in range(n)] for r in range(k)] + [
            [(r0 + k, c0) for r0, c0 in row] for row in grid.owner]
        grid.rows[:0] = new


def _reach(edges: Sequence[dict], y: float, up: bool, tol: float = 3.0) -> float:
    """How far column rules run on, unbroken, from ``y`` (down, or up).

    Only rules connected to the grid count: another table further down the
    page may share a column position, and must not be swallowed.
    """
    spans = [(e["top"], e["bottom"]) for e in edges]
    spans.sort(key=(lambda s: -s[1]) if up else (lambda s: s[0]))
    for top, bottom in spans:
        if up and bottom >= y - tol and top < y:
            y = top
        elif not up and top <= y + tol and bottom > y:
            y = bottom
    return y


def _attach_outside(tables: list[PageTable], rest: Sequence[Char], page) -> None:
    tables[0].outside = group_lines(rest)
    for t in tables:
        t.page_width, t.page_height = page.width, page.height
