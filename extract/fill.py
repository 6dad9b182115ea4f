"""Put a page's chars into the cells of a :class:`~extract.grid.Grid`."""
from __future__ import annotations

from bisect import bisect_right
from typing import Sequence

from thaitab.extract.chars import Char
from thaitab.extract.clipped import (_take_clipped_above, _take_clipped_below, drop_overflow, risen_from_below,
                                     run_anchors)
from thaitab.extract.grid import Cell, Grid, PageTable
from thaitab.extract.lines import Line, group_lines
from thaitab.extract.settings import current


def fill_grid(grid: Grid, chars: Sequence[Char], page: int, borders: str) -> tuple[PageTable, list[Char]]:
    """Put every char into the cell under the start of its run (its centre for
    all text that stays inside its cell, see :func:`run_anchors`); return the
    table and the chars that fall outside it."""
    xs, ys = grid.cols, grid.rows
    buckets, outside = _bucket_chars(grid, chars, borders)
    if borders == "grid" and len(ys) > 1:
        outside = _take_clipped_below(grid, buckets, outside)
        outside = _take_clipped_above(grid, buckets, outside)
    lines_of = _cell_lines(grid, buckets)
    owner = _unmerge_listed(grid, lines_of)
    rows = [_row_cells(grid, owner, lines_of, r) for r in range(len(ys) - 1)]
    table = PageTable(page, list(xs), rows, borders, bbox=(xs[0], ys[0], xs[-1], ys[-1]))
    return table, outside


def _bucket_chars(grid: Grid, chars: Sequence[Char],
                  borders: str) -> tuple[dict[tuple[int, int], list[Char]], list[Char]]:
    """Per owner cell, the chars under its anchor; and the chars outside the grid."""
    xs, ys = grid.cols, grid.rows
    buckets: dict[tuple[int, int], list[Char]] = {}
    outside: list[Char] = []
    clipped = current().cells.clipped_bottom_em
    anchors = run_anchors(chars, xs, drawn=borders == "grid")
    for ch, ax in zip(chars, anchors):
        cx = (ch.x0 + ch.x1) / 2
        if xs[0] <= cx <= xs[-1] or xs[0] <= ax <= xs[-1]:
            cx = ax  # a run's anchor (a glyph clipped at the right rule comes back in)
        cy = (ch.top + ch.bottom) / 2
        if not (xs[0] <= cx <= xs[-1] and ys[0] <= cy <= ys[-1]):
            if (borders == "grid" and len(ys) > 1 and xs[0] <= cx <= xs[-1] and cy > ys[-1]
                    and ch.top < ys[-1] - clipped * ch.size):
                cy = ys[-1]  # the last row's text clipped at the table's bottom rule
            else:
                outside.append(ch)
                continue
        c = min(max(bisect_right(xs, cx) - 1, 0), len(xs) - 2)
        r = min(max(bisect_right(ys, cy) - 1, 0), len(ys) - 2)
        buckets.setdefault(grid.owner[r][c], []).append(ch)
    return buckets, outside


def _cell_lines(grid: Grid, buckets: dict[tuple[int, int], list[Char]]) -> dict[tuple[int, int], list[Line]]:
    """Per owner cell, its lines. Text that ran over from a cell above and was
    clipped at the rule goes back to that cell (its author typed it there; a
    cell merged across columns is looked at under each cell above); at
    a page's first row the cell above is out of reach and the hidden text is
    left out."""
    xs, ys = grid.cols, grid.rows
    _settle_risen(grid, buckets)
    kept: dict[tuple[int, int], list[Char]] = {}
    moved: dict[tuple[int, int], list[Char]] = {}
    for r in range(len(ys) - 1):
        for c in range(len(xs) - 1):
            o = grid.owner[r][c]
            if o != (r, c) or o not in buckets:
                continue
            shown = {id(ch) for ch in buckets[o]}
            for up, part in _under_cells_above(grid, buckets[o], r, c):
                own = drop_overflow(part, ys[r], buckets.get(up, []) if up else [])
                if len(own) < len(part):
                    left = {id(ch) for ch in own}
                    hidden = [ch for ch in part if id(ch) not in left]
                    shown.difference_update(id(ch) for ch in hidden)
                    if up is not None:
                        moved.setdefault(up, []).extend(hidden)
            kept[o] = [ch for ch in buckets[o] if id(ch) in shown]
    return {o: group_lines(kept.get(o, []) + moved.get(o, []), overlaid=True) for o in set(kept) | set(moved)}


def _under_cells_above(grid: Grid, chars: list[Char], r: int,
                       c: int) -> list[tuple[tuple[int, int] | None, list[Char]]]:
    """A cell's chars, split by the cell above them (a cell merged across
    columns lies under several: each may have run over into it), with that
    cell's owner (None in the first row)."""
    if not r:
        return [(None, chars)]
    xs = grid.cols
    c1 = _span_end(grid.owner[r], c)
    ups = [grid.owner[r - 1][k] for k in range(c, c1)]
    if len(set(ups)) == 1:
        return [(ups[0], chars)]
    parts: dict[tuple[int, int], list[Char]] = {}
    for ch in chars:
        k = min(max(bisect_right(xs, (ch.x0 + ch.x1) / 2) - 1, c), c1 - 1)
        parts.setdefault(ups[k - c], []).append(ch)
    return list(parts.items())


def _span_end(owners: list[tuple[int, int]], c: int) -> int:
    """The column after the last one the cell at ``c`` of a row (``owners``) spans."""
    c1 = c + 1
    while c1 < len(owners) and owners[c1] == owners[c]:
        c1 += 1
    return c1


def _settle_risen(grid: Grid, buckets: dict[tuple[int, int], list[Char]]) -> None:
    """Give the cell below the first line of its text that a spreadsheet drew
    up over the rule (:func:`risen_from_below`), cell by cell, top to bottom."""
    n_rows = len(grid.rows) - 1
    for (r, c), chars in sorted(buckets.items()):
        end = r
        while end + 1 < n_rows and grid.owner[end + 1][c] == (r, c):
            end += 1
        if end + 1 >= n_rows:
            continue
        below = grid.owner[end + 1][c]
        if below[1] != c:
            continue
        risen = risen_from_below(chars, grid.rows[end + 1], buckets.get(below, []))
        if risen:
            gone = {id(ch) for ch in risen}
            buckets[(r, c)] = [ch for ch in chars if id(ch) not in gone]
            buckets.setdefault(below, []).extend(risen)


def _row_cells(grid: Grid, owner: list[list[tuple[int, int]]], lines_of: dict, r: int) -> list[Cell]:
    """The cells of row ``r``: an owner's box reaches to the end of its span;
    a slot it spans is an empty, spanned cell."""
    xs, ys = grid.cols, grid.rows
    row = []
    for c in range(len(xs) - 1):
        o = owner[r][c]
        if o != (r, c):
            row.append(Cell((), (xs[c], ys[r], xs[c + 1], ys[r + 1]), spanned=True, from_left=o[1] != c))
            continue
        c1 = _span_end(owner[r], c)
        row.append(Cell(tuple(lines_of.get(o, ())), (xs[c], ys[r], xs[c1], ys[r + 1])))
    return row


def _unmerge_listed(grid: Grid, lines_of: dict) -> list[list[tuple[int, int]]]:
    """The grid's owners, with a "merged" cell that is really a column of rows
    whose rules were not drawn given back its rows.

    A spreadsheet leaves out a border now and then, and the finder then sees
    one tall cell. Its text gives it away: one line in each row it covers, each
    on the baseline of the text beside it in that row. A real merged cell holds
    one paragraph, set at its own pitch and place. ``lines_of`` is updated."""
    owner = [list(r) for r in grid.owner]
    ys = grid.rows
    for o in list(lines_of):
        r0, c0 = o
        span = [r for r in range(r0, len(ys) - 1) if owner[r][c0] == o]
        lines = lines_of[o]
        if len(span) < 2 or len(lines) < 2:
            continue
        rows_of = [min(max(bisect_right(ys, (ln.top + ln.bottom) / 2) - 1, r0), span[-1]) for ln in lines]
        if len(set(rows_of)) != len(lines):
            continue
        if not all(_beside(lines_of, owner, r, c0, ln) for r, ln in zip(rows_of, lines)):
            continue
        cols = [c for c in range(len(owner[r0])) if owner[r0][c] == o]
        for r in span:
            for c in cols:
                owner[r][c] = (r, c0)
        for r, ln in zip(rows_of, lines):
            lines_of[(r, c0)] = [ln]
        if r0 not in rows_of:
            lines_of[o] = []
    return owner


def _beside(lines_of: dict, owner: list[list[tuple[int, int]]], r: int, c0: int, line: Line) -> bool:
    """Is there text in row ``r``, outside column ``c0``'s cell, on ``line``'s baseline?"""
    for c, o in enumerate(owner[r]):
        if o[1] == c0 or o[0] != r:
            continue
        for ln in lines_of.get(o, ()):
            if abs(ln.bottom - line.bottom) < current().cells.beside_em * line.size:
                return True
    return False
