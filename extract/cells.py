"""Find the table on a page and fill its cells with lines of text.

Three kinds of page, one result. A ruled grid is found by pdfplumber's own
table finder. A table with horizontal rules only, or with no rules at all, gets
its columns from the white gutters between text columns and its rows from the
rules, or, without rules, from where several columns start a new block of text
on the same baseline. Either way the page becomes a :class:`Grid` (column and
row edges plus which slots are covered by a cell spanning from above or from
the left) and every character is put in the cell under its centre.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from statistics import median
from typing import Sequence

from extract.chars import Char
from extract.lines import Line, group_lines

# a white strip at least this wide (in font sizes) between text columns is a gutter
MIN_GUTTER_EM = 0.55
_PAGE_NUMBER = re.compile(
    r"^\s*(?:หน้า|page|-|–)?\s*[-–]?\s*[\d๐-๙]{1,4}\s*[-–]?\s*(?:/\s*[\d๐-๙]{1,4})?\s*$", re.I
)


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
    xs = _merge_double_rules(xs)
    ys = _dedupe_edges(ys)
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


# glyphs drawn one after another on one baseline, each starting within this
# share of the font size of where the run so far ends, were typed as one run
RUN_GAP_EM = 0.25


def run_anchors(chars: Sequence[Char], rules: Sequence[float] = ()) -> list[float]:
    """Per char, the x that decides its column.

    A spreadsheet clips a cell's text that is too long for it at the column
    rule, but the text layer keeps the whole run, drawn on across the rule and
    under the next cell's own text. Its author typed that run in one cell, so
    the whole run goes there: the cell it starts in when it starts at that
    cell's left edge (left-aligned text), else the cell its middle is nearest
    the middle of (centred text spills both ways), else the cell whose right
    edge it ends at (right-aligned). A run that stays inside one cell keeps
    each glyph's own centre.

    Runs follow drawing order: the next glyph continues a run when it sits on
    the same baseline and starts where the run so far ends (marks overlap their
    base; a typed space is a glyph of its own, so a wide gap means another
    run). A run never goes on from a glyph that ends at one of the column
    ``rules`` to one that starts there: that is two cells' texts meeting at
    their rule (right-aligned figures beside left-aligned text), while clipped
    text cuts through it."""
    out = [(ch.x0 + ch.x1) / 2 for ch in chars]
    if len(rules) < 3:
        return out
    start = 0
    reach = ink = 0.0  # where the run so far ends; where its last visible glyph ends
    for i, ch in enumerate(chars):
        size = ch.size or 1.0
        prev = chars[i - 1] if i else None
        blank = not ch.text.strip()
        if (prev is not None and abs(ch.bottom - prev.bottom) < 0.3 * size
                and prev.x0 - 0.2 * size <= ch.x0 <= reach + RUN_GAP_EM * size
                and (blank or not _meet_at_rule(ink, ch.x0, rules, 0.1 * size))):
            reach = max(reach, ch.x1)
            if not blank:
                ink = max(ink, ch.x1)
            continue
        _anchor_run(chars, start, i, rules, out)
        start, reach = i, ch.x1
        ink = ch.x0 if blank else ch.x1
    _anchor_run(chars, start, len(chars), rules, out)
    return out


def _anchor_run(chars: Sequence[Char], i: int, j: int, rules: Sequence[float], out: list[float]) -> None:
    """Anchor chars[i:j] (one run) to one column when it crosses a rule."""
    run = [ch for ch in chars[i:j] if ch.text.strip()]  # white space says nothing of where text is
    if len(run) < 2:
        return
    x0 = min(ch.x0 for ch in run)
    x1 = max(ch.x1 for ch in run)
    size = max(ch.size for ch in run) or 1.0
    a = bisect_right(rules, (run[0].x0 + run[0].x1) / 2) - 1
    b = bisect_right(rules, (run[-1].x0 + run[-1].x1) / 2) - 1
    if a == b or a < 0 or b >= len(rules) - 1:
        return  # inside one column, or reaching out of the table
    cols = range(a, b + 1)
    pad = 0.6 * size
    if x0 - rules[a] <= pad:
        col = a  # starts at its cell's left edge
    elif rules[b + 1] - x1 <= pad:
        col = b  # ends at its cell's right edge
    else:
        mid = (x0 + x1) / 2
        col = min(cols, key=lambda c: abs((rules[c] + rules[c + 1]) / 2 - mid))
    x = (rules[col] + rules[col + 1]) / 2
    for k in range(i, j):
        out[k] = x


def _meet_at_rule(end: float, start: float, rules: Sequence[float], tol: float) -> bool:
    """Is there a rule between text that ends at ``end`` and text that starts at
    ``start`` (only white space, if anything, drawn over it)?"""
    i = bisect_right(rules, end - tol)
    return i < len(rules) and rules[i] <= max(end, start) + tol and start >= rules[i] - tol


def fill_grid(grid: Grid, chars: Sequence[Char], page: int, borders: str) -> tuple[PageTable, list[Char]]:
    """Put every char into the cell under the start of its run (its centre for
    all text that stays inside its cell, see :func:`run_anchors`); return the
    table and the chars that fall outside it."""
    xs, ys = grid.cols, grid.rows
    buckets: dict[tuple[int, int], list[Char]] = {}
    outside: list[Char] = []
    anchors = run_anchors(chars, xs)
    for ch, ax in zip(chars, anchors):
        cx = (ch.x0 + ch.x1) / 2
        if xs[0] <= cx <= xs[-1]:
            cx = ax
        cy = (ch.top + ch.bottom) / 2
        if not (xs[0] <= cx <= xs[-1] and ys[0] <= cy <= ys[-1]):
            if (borders == "grid" and len(ys) > 1 and xs[0] <= cx <= xs[-1] and cy > ys[-1]
                    and ch.top < ys[-1] - 0.2 * ch.size):
                cy = ys[-1]  # the last row's text clipped at the table's bottom rule
            else:
                outside.append(ch)
                continue
        c = min(max(bisect_right(xs, cx) - 1, 0), len(xs) - 2)
        r = min(max(bisect_right(ys, cy) - 1, 0), len(ys) - 2)
        buckets.setdefault(grid.owner[r][c], []).append(ch)
    if borders == "grid" and len(ys) > 1:
        outside = _take_clipped_below(grid, buckets, outside)
        outside = _take_clipped_above(grid, buckets, outside)
    # text that ran over from the cell above and was clipped at the rule goes
    # back to that cell (its author typed it there); at a page's first row the
    # cell above is out of reach and the hidden text is left out
    kept: dict[tuple[int, int], list[Char]] = {}
    moved: dict[tuple[int, int], list[Char]] = {}
    for r in range(len(ys) - 1):
        for c in range(len(xs) - 1):
            o = grid.owner[r][c]
            if o != (r, c) or o not in buckets:
                continue
            up = grid.owner[r - 1][c] if r else None
            own = drop_overflow(buckets[o], ys[r], buckets.get(up, []) if up else [])
            kept[o] = own
            if up is not None and len(own) < len(buckets[o]):
                shown = {id(ch) for ch in own}
                moved.setdefault(up, []).extend(ch for ch in buckets[o] if id(ch) not in shown)
    lines_of = {o: group_lines(kept.get(o, []) + moved.get(o, [])) for o in set(kept) | set(moved)}
    owner = _unmerge_listed(grid, lines_of)
    rows: list[list[Cell]] = []
    for r in range(len(ys) - 1):
        row = []
        for c in range(len(xs) - 1):
            o = owner[r][c]
            bbox = (xs[c], ys[r], xs[c + 1], ys[r + 1])
            if o != (r, c):
                row.append(Cell((), bbox, spanned=True, from_left=o[1] != c))
            else:
                # an owner's box reaches to the end of its span
                c1 = c + 1
                while c1 < len(xs) - 1 and owner[r][c1] == o:
                    c1 += 1
                bbox = (xs[c], ys[r], xs[c1], ys[r + 1])
                row.append(Cell(tuple(lines_of.get(o, ())), bbox))
        rows.append(row)
    table = PageTable(page, list(xs), rows, borders, bbox=(xs[0], ys[0], xs[-1], ys[-1]))
    return table, outside


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
            if abs(ln.bottom - line.bottom) < 0.2 * line.size:
                return True
    return False


def _take_clipped_below(grid: Grid, buckets: dict, outside: list[Char]) -> list[Char]:
    """Give the last row's cells the lines its bottom rule hid; return the rest.

    A cell whose last line runs into the table's bottom rule was clipped there
    (a row of fixed height); the text layer goes on below the table, one line
    pitch after another, in the cell's column. Those lines are the cell's."""
    xs, ys = grid.cols, grid.rows
    r = len(ys) - 2
    taken: set[int] = set()
    for o in dict.fromkeys(grid.owner[r]):
        ink = [ch for ch in buckets.get(o, []) if ch.text.strip()]
        tops = sorted({round(ch.top, 1) for ch in ink})
        if len(tops) < 2:
            continue
        size = max(ch.size for ch in ink)
        pitch = tops[-1] - tops[-2]
        at = tops[-1]
        if not 0.8 * size <= pitch <= 1.6 * size or at + size < ys[-1] - 0.1 * size:
            continue  # the cell's text ends clear of the rule: nothing was clipped
        c0 = o[1]
        c1 = max(c for c in range(len(xs) - 1) if grid.owner[r][c] == o) + 1
        while True:
            at += pitch
            line = [ch for ch in outside if id(ch) not in taken and abs(ch.top - at) < 0.15 * size
                    and xs[c0] <= (ch.x0 + ch.x1) / 2 <= xs[c1]]
            if not any(ch.text.strip() for ch in line):
                break
            buckets[o].extend(line)
            taken.update(id(ch) for ch in line)
    return [ch for ch in outside if id(ch) not in taken] if taken else outside


# the line pitch of one paragraph, in font sizes (Thai fonts set lines loosely)
PITCH_EM = (0.8, 2.0)


def _take_clipped_above(grid: Grid, buckets: dict, outside: list[Char]) -> list[Char]:
    """Give the first row's cells the lines its top rule cut off; return the rest.

    A spreadsheet centres or bottom-aligns a header cell's text, so text taller
    than its row runs up over the table's top rule: the line the rule cuts
    through, and any lines above it, one paragraph pitch apart and inside the
    cell's columns. A title above a table sits clear of its top rule."""
    xs, ys = grid.cols, grid.rows
    taken: set[int] = set()
    for o in dict.fromkeys(grid.owner[0]):
        ink = [ch for ch in buckets.get(o, []) if ch.text.strip()]
        if not ink:
            continue
        size = max(ch.size for ch in ink)
        first = min(ch.top for ch in ink)
        c0 = o[1]
        c1 = max(c for c in range(len(xs) - 1) if grid.owner[0][c] == o) + 1
        near = [ch for ch in outside if id(ch) not in taken and ch.top < first
                and xs[c0] <= ch.x0 and ch.x1 <= xs[c1]]
        at, crossing = first, True
        while True:
            line = [ch for ch in near if PITCH_EM[0] * size <= at - ch.top <= PITCH_EM[1] * size]
            if not line:
                break
            top = min(ch.top for ch in line)
            line = [ch for ch in line if ch.top < top + 0.3 * size]
            if crossing and not any(ch.top < ys[0] < ch.bottom for ch in line):
                break  # the line next above sits clear of the rule: nothing was cut
            if any(ch.x0 < xs[c0] or ch.x1 > xs[c1] for ch in outside if abs(ch.top - top) < 0.3 * size):
                break  # a line wider than the cell is not the cell's (a title)
            buckets[o].extend(line)
            taken.update(id(ch) for ch in line)
            at, crossing = top, False
    return [ch for ch in outside if id(ch) not in taken] if taken else outside


def drop_overflow(chars: list[Char], top: float, above: Sequence[Char] = ()) -> list[Char]:
    """A cell's chars without the text that ran over from the cell above and
    was clipped (:func:`fill_grid` gives that text back to the cell above).

    A row of fixed height clips the lines that do not fit; the text layer
    still has them, at the top of the next cell. Two lines a reader sees never
    overlap, so a line there is hidden when it collides with the cell's own
    first line and either crosses the cell's top rule, or is set in another
    type than that line and goes on the paragraph of the cell above (same type,
    one line pitch down from a last line that filled its cell). A line that
    only crosses the rule is hidden when it goes on that paragraph too.
    """
    ink = [ch for ch in chars if ch.text.strip()]
    if len(ink) < 2:
        return chars
    first = min(ch.top for ch in ink)
    size = max(ch.size for ch in ink)
    band = [ch for ch in ink if ch.top < first + 0.7 * size]
    by_type: dict[tuple[bool, float], list[Char]] = {}
    for ch in band:
        by_type.setdefault((ch.bold, round(ch.size)), []).append(ch)
    if len(by_type) == 2:
        # two types on one height: the one that carries on the cell above is hidden
        (ka, a), (kb, b) = by_type.items()
        if _collide(a, b) >= 2:
            for key, group in ((ka, a), (kb, b)):
                if _runs_on_from(group, above, top, need_cross=False):
                    hidden = {id(ch) for ch in chars
                              if ch.top < first + 0.7 * size and (ch.bold, round(ch.size)) == key}
                    hidden |= _hidden_below(ink, min(ch.top for ch in group), size, above)
                    return [ch for ch in chars if id(ch) not in hidden]
    if first > top - 0.1 * size:
        return chars  # the cell's first line starts below its rule: it shows
    upper = [ch for ch in ink if ch.top < first + 0.15 * size]
    lower = [ch for ch in ink if first + 0.15 * size <= ch.top < first + 0.7 * size]
    need = min(max(2, len(upper) // 2), sum(not ch.is_mark for ch in upper))  # a one-glyph line: that glyph
    if _collide(upper, lower) < max(need, 1) and not _runs_on_from(upper, above, top):
        return chars
    hidden = {id(ch) for ch in chars if ch.top < first + 0.15 * size}
    hidden |= _hidden_below(ink, first, size, above)
    return [ch for ch in chars if id(ch) not in hidden]


def _hidden_below(ink: Sequence[Char], first: float, size: float, above: Sequence[Char]) -> set[int]:
    """Further clipped lines of the paragraph above, drawn between the cell's own
    lines: each one line pitch (the paragraph's own) below the last, colliding
    with a line of the cell."""
    tops = sorted({round(ch.top, 1) for ch in above if ch.text.strip()})
    pitch = first - tops[-1] if tops else 0.0
    if not 0.8 * size <= pitch <= 1.6 * size:
        return set()
    out: set[int] = set()
    at = first
    while True:
        at += pitch
        line = [ch for ch in ink if abs(ch.top - at) < 0.15 * size]
        own = [ch for ch in ink if 0.15 * size <= abs(ch.top - at) < 0.8 * size]
        if not line or _collide(line, own) < max(2, len(line) // 2):
            return out
        out |= {id(ch) for ch in line}


def _collide(a: Sequence[Char], b: Sequence[Char]) -> int:
    """How many base glyphs of ``a`` overlap a base glyph of ``b`` side by side."""
    bases = [y for y in b if not y.is_mark]
    return sum(1 for x in a if not x.is_mark and any(x.x0 < y.x1 - 0.5 and y.x0 < x.x1 - 0.5 for y in bases))


def _runs_on_from(line: Sequence[Char], above: Sequence[Char], top: float, need_cross: bool = True) -> bool:
    """Does ``line`` carry on the paragraph of the cell above: same size and
    weight as its last line, one line pitch below it, and that line filled the
    cell? With ``need_cross``, ``line`` must also cross the rule at ``top`` by
    a quarter of its size."""
    ink = [ch for ch in above if ch.text.strip()]
    if not ink or not line:
        return False
    size = line[0].size
    if need_cross and min(ch.top for ch in line) > top - 0.25 * size:
        return False
    last_top = max(ch.top for ch in ink)
    last = [ch for ch in ink if ch.top > last_top - 0.15 * size]
    if _is_figure(last) and _is_figure(line):
        return False  # a figure never wraps: a figure under a figure is the next row's
    pitch = min(ch.top for ch in line) - last_top
    bold = sum(ch.bold for ch in line) > len(line) / 2
    return (all(abs(ch.size - size) < 0.5 for ch in last) and 0.8 * size <= pitch <= 1.6 * size
            and (sum(ch.bold for ch in last) > len(last) / 2) == bold
            and max(ch.x1 for ch in last) - min(ch.x0 for ch in ink) >= 0.8 * (max(ch.x1 for ch in ink) - min(ch.x0 for ch in ink)))


_FIGURE = re.compile(r"^(?:[-–—0-9๐-๙,.()/% ]+|#{2,})$")


def _is_figure(chars: Sequence[Char]) -> bool:
    """Do these glyphs, in x order, spell a figure ("1,073", "-", "###")?"""
    text = "".join(ch.text for ch in sorted(chars, key=lambda ch: ch.x0)).strip()
    return bool(text) and bool(_FIGURE.match(text))


def _figure_column(cell: Cell, lines: int = 3) -> bool:
    """A cell that lists one figure per line ("1", "-", "๓", "2,500")."""
    texts = [ln.text.strip() for ln in cell.lines if ln.text.strip()]
    return len(texts) >= lines and all(_FIGURE.match(t) for t in texts)


def _lists_figures(row: list[Cell]) -> bool:
    """A column of three or more figures, or two columns of two or more."""
    return any(_figure_column(c) for c in row) or sum(_figure_column(c, 2) for c in row) >= 2


def split_listed_row(row: list[Cell]) -> list[list[Cell]]:
    """Split a ruled row that is really a list of records without rules
    between them: its columns of figures give one value per line, each on the
    baseline of the record it belongs to. A line of figures starts a record.

    Text beside the figures goes with its record: below the record's first
    line when the column's text starts on every record's baseline (top-aligned,
    a wrapped name runs on below), else to the nearest record's baseline
    (centred text wraps both ways around it). A cell of one line on no
    record's baseline is a label merged over all the records (a region beside
    its provinces): it goes to the first and covers the rest. Rows with merged
    cells, or without a column of figures, are left whole."""
    if any(c.spanned for c in row) or not _lists_figures(row):
        return [row]
    size = max((ln.size for c in row for ln in c.lines), default=12.0)
    starts: list[float] = []
    for cell in row:
        if _figure_column(cell, 2):
            for ln in cell.lines:
                if ln.text.strip() and not any(abs(ln.top - s) < 0.5 * size for s in starts):
                    starts.append(ln.top)
    starts.sort()
    if len(starts) < 2:
        return [row]
    edges = [row[0].bbox[1]] + [s - 0.25 * size for s in starts[1:]] + [row[0].bbox[3]]
    n = len(starts)
    per_cell: list[list[list[Line]]] = []
    merged: list[bool] = []
    for c in row:
        lines = [ln for ln in c.lines if ln.text.strip()]
        on_start = [any(abs(ln.top - s) < 0.3 * size for ln in lines) for s in starts]
        slots: list[list[Line]] = [[] for _ in range(n)]
        label = len(lines) == 1 and not any(on_start)
        for ln in lines:
            if label:
                k = 0
            elif all(on_start) or _figure_column(c, 2):
                k = max(0, bisect_right(edges, ln.top) - 1) if ln.top >= edges[0] else 0
                k = min(k, n - 1)
            else:
                mid = (ln.top + ln.bottom) / 2
                k = min(range(n), key=lambda i: (abs(starts[i] + 0.5 * (ln.bottom - ln.top) - mid), i))
            slots[k].append(ln)
        per_cell.append(slots)
        merged.append(label)
    out: list[list[Cell]] = []
    for k in range(n):
        top, bottom = edges[k], edges[k + 1]
        out.append([Cell(tuple(per_cell[j][k]), (c.bbox[0], top, c.bbox[2], bottom),
                         spanned=merged[j] and k > 0) for j, c in enumerate(row)])
    return out


# --------------------------------------------------------------------------- rules
def _h_rules(page, min_len: float) -> list[tuple[float, float, float]]:
    """Horizontal ruling segments (y, x0, x1), merged along their line."""
    segs = []
    for e in page.horizontal_edges:
        if e["x1"] - e["x0"] >= 2:
            segs.append((round(e["top"], 0), e["x0"], e["x1"]))
    segs.sort()
    merged: list[list[float]] = []
    for y, x0, x1 in segs:
        if merged and abs(merged[-1][0] - y) <= 2 and x0 <= merged[-1][2] + 3:
            merged[-1][2] = max(merged[-1][2], x1)
        else:
            merged.append([y, x0, x1])
    return [(y, x0, x1) for y, x0, x1 in merged if x1 - x0 >= min_len]


def _rule_breaks(page, rules) -> list[float]:
    """Column edges from where ruling segments start and end.

    Browsers draw a row border as one short segment per cell, so the ends of
    the segments along a rule fall on the column edges. Ends that recur on two
    or more rules are kept."""
    counts: dict[int, list[float]] = {}
    for e in page.horizontal_edges:
        if e["x1"] - e["x0"] < 8:
            continue
        for y, x0, x1 in rules:
            if abs(e["top"] - y) <= 2 and x0 - 2 <= e["x0"] and e["x1"] <= x1 + 2:
                for x in (e["x0"], e["x1"]):
                    counts.setdefault(round(x / 2), []).append(x)
                break
    xs = sorted(sum(v) / len(v) for v in counts.values() if len(v) >= 4)
    return _dedupe_edges(xs, tol=4)


def _has_vertical_rules(page) -> bool:
    return sum(1 for e in page.vertical_edges if e["bottom"] - e["top"] > 8) >= 4


# --------------------------------------------------------------------------- gutters
def find_gutters(lines: Sequence[Line], x_min: float, x_max: float, size: float,
                 tolerance: int = 0) -> list[float]:
    """Column edges from white vertical strips that no text line crosses.

    ``tolerance`` lines may cross a strip (a stray signature or note line).
    Returns edges from ``x_min`` to ``x_max``.
    """
    step = 0.5
    n = int((x_max - x_min) / step) + 2
    cover = [0] * n
    for line in lines:
        for ch in line.chars:
            if not ch.text.strip() or ch.x1 - ch.x0 <= 0:
                continue
            a = int((ch.x0 - x_min) / step)
            b = int((ch.x1 - x_min) / step)
            for i in range(max(a, 0), min(b + 1, n)):
                cover[i] += 1
    edges = [x_min]
    min_w = MIN_GUTTER_EM * size / step
    i = 0
    # leading white space before the first column is not a gutter
    while i < n and cover[i] <= tolerance:
        i += 1
    first = i
    last = n - 1
    while last > first and cover[last] <= tolerance:
        last -= 1
    while i <= last:
        if cover[i] <= tolerance:
            j = i
            while j <= last and cover[j] <= tolerance:
                j += 1
            if j - i >= min_w:
                # edge just before the text of the next column
                edges.append(x_min + (j - 1) * step - 1.0)
            i = j
        else:
            i += 1
    edges.append(x_max)
    return edges


def _segments(line: Line, size: float) -> int:
    """How many runs of text a page-wide line has, split at wide gaps."""
    n = 1
    prev = None
    for ch in line.chars:
        if not ch.text.strip():
            continue
        if prev is not None and ch.x0 - prev > MIN_GUTTER_EM * size:
            n += 1
        prev = max(prev, ch.x1) if prev is not None else ch.x1
    return n


def is_page_number(line: Line) -> bool:
    return bool(_PAGE_NUMBER.match(line.text))


# --------------------------------------------------------------------------- rows without rules
def _row_starts(cell_lines: list[list[Line]]) -> list[float]:
    """Tops where a new row starts: two or more columns begin a block of text
    on the same baseline. A block begins after a gap of more than one and a
    half times the usual line spacing; starts closer together than one line
    spacing (lines of a vertically centred header) are one row."""
    diffs = sorted(b.top - a.top for col in cell_lines for a, b in zip(col, col[1:]) if b.top > a.top + 1)
    if not diffs:
        return []
    spacing = diffs[len(diffs) // 4]
    found: list[float] = []
    for col in cell_lines:
        prev = None
        for ln in col:
            if prev is None or ln.top - prev.top > 1.45 * spacing:
                found.append(ln.top)
            prev = ln
    found.sort()
    groups: list[list[float]] = []
    for y in found:
        if groups and y - groups[-1][0] < 0.9 * spacing:
            groups[-1].append(y)
        else:
            groups.append([y])
    return [g[0] for g in groups if len(g) >= 2]


def find_tables(page, chars: Sequence[Char], page_no: int, col_hint: list[float] | None = None) -> list[PageTable]:
    """All tables of one page, top to bottom, with the chars left outside them
    as ``outside`` lines of the first table."""
    if not chars:
        return []
    chars, furniture = split_page_numbers(chars, page.height)
    size = median(c.size for c in chars if c.text.strip()) if any(c.text.strip() for c in chars) else 12.0
    tables: list[PageTable] = []
    page = visible_graphics(page)
    if _has_vertical_rules(page):
        found = page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines",
                                  "explicit_horizontal_lines": open_ends(page)})
        rest = list(chars)
        for t in sorted(found, key=lambda t: t.bbox[1]):
            grid = _grid_from_plumber(t)
            if grid is None or len(grid.cols) < 3:
                continue
            _extend_to_page_edge(grid, page)
            table, rest = fill_grid(grid, rest, page_no, "grid")
            table.rows = [sub for row in table.rows for sub in split_listed_row(row)]
            if any(cell.lines for row in table.rows for cell in row):
                tables.append(table)
        if tables:
            _attach_outside(tables, list(rest) + furniture, page)
            return tables
    table = _find_unruled(page, chars, page_no, size, col_hint)
    if table is not None:
        table.outside.extend(group_lines(furniture))
    return [table] if table is not None else []


def open_ends(page, tol: float = 2.0) -> list[dict]:
    """The missing closing rules of tables cut by a page break.

    Word leaves out the rule where a page break cuts a table: the piece at the
    top of the next page has column rules that all start at one height, and no
    rule across them there. Without it the table finder sees no cells. Three or
    more column rules that start (or end) together with no rule across them,
    in the page's top (bottom) margin band where a page break leaves them, get
    one, as a line for ``explicit_horizontal_lines``; so do rules that break
    together mid-page and go on (a row edge whose rule is not drawn)."""
    height = float(page.height)
    verticals = [e for e in page.vertical_edges if e["bottom"] - e["top"] > 4]
    rules = _by_height(page.horizontal_edges, "top")
    out: list[dict] = []
    for key in ("top", "bottom"):
        other = _by_height(verticals, "bottom" if key == "top" else "top")
        groups: list[list[dict]] = []
        for e in sorted(verticals, key=lambda e: e[key]):
            if groups and e[key] - groups[-1][0][key] <= tol:
                groups[-1].append(e)
            else:
                groups.append([e])
        for group in groups:
            xs = _dedupe_edges(sorted(e["x0"] for e in group), tol=3)
            y = group[0][key]
            if len(xs) < 3 or any(abs(o["top"] - y) <= tol for o in out):
                continue
            in_margin = y <= 0.15 * height if key == "top" else y >= 0.85 * height
            if not in_margin:
                # mid-page, a row edge only where the rules go on as new pieces
                # (Word draws them row by row); else the connectors of a chart
                going_on = _near(other, y, tol)
                if sum(1 for x in xs if any(abs(e["x0"] - x) <= 3 for e in going_on)) < 3:
                    continue
            x0, x1 = xs[0], xs[-1]
            covered = sum(min(h["x1"], x1) - max(h["x0"], x0) for h in _near(rules, y, tol)
                          if h["x1"] > x0 and h["x0"] < x1)
            if covered < 0.5 * (x1 - x0):
                out.append({"object_type": "line", "x0": x0, "x1": x1, "top": y, "bottom": y,
                            "width": x1 - x0, "height": 0.0})
    return out


def _by_height(edges: Sequence[dict], key: str) -> dict[int, list[tuple[float, dict]]]:
    """Edges by their ``key`` coordinate (whole points), for :func:`_near`."""
    out: dict[int, list[tuple[float, dict]]] = {}
    for e in edges:
        out.setdefault(int(e[key]), []).append((e[key], e))
    return out


def _near(index: dict[int, list[tuple[float, dict]]], y: float, tol: float) -> list[dict]:
    """The edges of an index from :func:`_by_height` within ``tol`` of ``y``."""
    return [e for k in range(int(y - tol) - 1, int(y + tol) + 2)
            for at, e in index.get(k, ()) if abs(at - y) <= tol]


def _white(color) -> bool:
    """Is a PDF colour (gray, RGB or CMYK) white?"""
    if color is None:
        return False
    if isinstance(color, (int, float)):
        color = (color,)
    try:
        vals = [float(v) for v in color]
    except (TypeError, ValueError):
        return False  # a pattern or named colour: assume it shows
    if len(vals) == 4:
        return all(v <= 0.02 for v in vals)
    return bool(vals) and all(v >= 0.98 for v in vals)


def _invisible(obj: dict) -> bool:
    """A shape nobody sees on a white page: filled white and not stroked (Word
    draws cell and paragraph backgrounds so), or stroked in white."""
    if obj.get("object_type") not in ("rect", "line", "curve"):
        return False
    stroked = obj.get("stroke", obj.get("object_type") == "line")
    if stroked and not _white(obj.get("stroking_color")):
        return False
    filled = obj.get("fill", False)
    return not filled or _white(obj.get("non_stroking_color"))


def visible_graphics(page):
    """The page without invisible shapes, so that white boxes behind text are
    not taken for table rules. The page itself when it has none."""
    shapes = page.rects + page.lines + page.curves
    if not any(_invisible(o) for o in shapes):
        return page
    return page.filter(lambda o: not _invisible(o))


def split_page_numbers(chars: Sequence[Char], height: float) -> tuple[list[Char], list[Char]]:
    """Separate page-number lines ("2", "- 2 -", "หน้า 2") in the top or bottom
    margin band from the rest of the page's chars."""
    band = [c for c in chars if c.top > 0.88 * height or c.bottom < 0.08 * height]
    if not band:
        return list(chars), []
    drop: set[int] = set()
    for line in group_lines(band):
        if is_page_number(line):
            drop.update(id(c) for c in line.chars)
    if not drop:
        return list(chars), []
    keep = [c for c in chars if id(c) not in drop]
    gone = [c for c in chars if id(c) in drop]
    return keep, gone


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


def _find_unruled(page, chars: Sequence[Char], page_no: int, size: float,
                  col_hint: list[float] | None) -> PageTable | None:
    """A table with horizontal rules only, or none at all."""
    rules = _h_rules(page, min_len=page.width * 0.15)
    all_lines = group_lines(chars)
    if not all_lines:
        return None
    body = [ln for ln in all_lines if not is_page_number(ln) and not _marks_only(ln)]
    breaks: list[float] = []
    if len(rules) >= 2 or (rules and any(ln.top > rules[0][0] for ln in body)):
        top = rules[0][0]
        x_min = min(r[1] for r in rules)
        x_max = max(r[2] for r in rules)
        # rows below the last rule (no closing rule at a page break) still belong
        # (a signature block after the table is set off by a gap, and stays out)
        bottom = rules[-1][0]
        for ln in body:
            if ln.top <= rules[-1][0]:
                continue
            if ln.top - bottom > 1.5 * (ln.bottom - ln.top) or not (x_min - 5 <= ln.x0 and ln.x1 <= x_max + 5):
                break
            bottom = ln.bottom + 1
        region = [ln for ln in body if top - 1 <= (ln.top + ln.bottom) / 2 <= bottom + 1]
        borders = "horizontal"
        breaks = _rule_breaks(page, rules)
    else:
        # no rules: the table starts at the first line with three or more runs
        start = next((i for i, ln in enumerate(body) if _segments(ln, size) >= 3), None)
        if start is None:
            return None
        start = _header_lines_above(body, start)
        region = _text_block(body[start:])
        if not _tabular(region, size, col_hint is not None):
            return None
        top = region[0].top - 2
        bottom = region[-1].bottom + 2
        x_min = min(ln.x0 for ln in region) - 2
        x_max = max(ln.x1 for ln in region) + 2
        borders = "none"
    if not region:
        return None
    if len(breaks) >= 4:
        cols = breaks
    elif col_hint and col_hint[0] <= x_min + 40:
        # the columns of the page before; only the outer edges may widen
        cols = list(col_hint)
        cols[0] = min(cols[0], x_min - 1)
        cols[-1] = max(cols[-1], x_max + 1)
    else:
        cols = find_gutters(region, x_min - 1, x_max + 1, size, tolerance=1 if len(region) > 10 else 0)
        if borders == "none":
            cols = _merge_marker_columns(region, cols)
    if len(cols) < 3:
        return None
    if borders == "horizontal":
        ys, owner = _rows_from_rules(rules, cols, top, bottom)
        if bottom > ys[-1] + 2:
            ys.append(bottom)
            owner.append([(len(owner), c) for c in range(len(cols) - 1)])
    else:
        ys = _rows_from_text(region, cols, top, bottom)
        owner = [[(r, c) for c in range(len(cols) - 1)] for r in range(len(ys) - 1)]
    grid = Grid(cols, ys, owner)
    in_region = [ch for ch in chars if top - 1 <= (ch.top + ch.bottom) / 2 <= bottom + 1]
    rest = [ch for ch in chars if not (top - 1 <= (ch.top + ch.bottom) / 2 <= bottom + 1)]
    table, out = fill_grid(grid, in_region, page_no, borders)
    if borders == "horizontal":
        table.rows = [sub for row in table.rows for sub in split_listed_row(row)]
    rows = [r for r in table.rows if any(c.lines for c in r) or any(c.spanned for c in r)]
    table.rows = rows
    if not rows:
        return None
    _attach_outside([table], list(rest) + list(out), page)
    return table


def _tabular(region: Sequence[Line], size: float, goes_on: bool) -> bool:
    """Is a block of lines without rules a table? Three lines of three runs or
    more; a line or two with wide gaps is not. On a page after a table without
    rules (``goes_on``) the table's rest may fill only two of its columns (the
    long texts of a row cut by the page break): a line of three runs (the
    repeated header) and three lines of two runs side by side do."""
    runs = [_segments(ln, size) for ln in region]
    if sum(n >= 3 for n in runs) >= 3:
        return True
    return goes_on and any(n >= 3 for n in runs) and sum(n >= 2 for n in runs) >= 3


def _header_lines_above(body: Sequence[Line], start: int) -> int:
    """Where a table without rules starts, given its first line of three runs.

    A header centres each cell's lines in its row on their own, so the cells
    with more lines start higher, and the page's lines there interleave: less
    than a paragraph's pitch apart (:data:`PITCH_EM`), which lines of one
    paragraph never are. Such lines above, within the table's width, are the
    header's first lines (one or two runs each); a title sits a pitch or more
    above."""
    first = body[start]
    while start > 0:
        above, below = body[start - 1], body[start]
        size = max(above.size, below.size)
        if not (below.top - above.top < PITCH_EM[0] * size
                and first.x0 - size <= above.x0 and above.x1 <= first.x1 + size):
            break
        start -= 1
    return start


def _marks_only(line: Line) -> bool:
    """A line of Thai marks with no base glyph under them: no text a reader
    sees (a mark is drawn over the letter before it), but a stray copy some
    printers leave (Chromium repeats a header's tone mark at the foot of each
    page). It neither makes a row nor extends the table; it stays outside."""
    ink = [c for c in line.chars if c.text.strip()]
    return bool(ink) and all(c.is_mark for c in ink)


def _text_block(lines: Sequence[Line]) -> list[Line]:
    """The lines up to the first gap wider than two and a half line pitches:
    text after such a gap (a paragraph, a list) is no longer the table."""
    pitches = sorted(b.top - a.top for a, b in zip(lines, lines[1:]) if b.top > a.top + 1)
    if not pitches:
        return list(lines)
    pitch = pitches[len(pitches) // 2]
    for i in range(1, len(lines)):
        if lines[i].top - lines[i - 1].bottom > 2.5 * pitch:
            return list(lines[:i])
    return list(lines)


_LIST_MARKER = re.compile(r"^(?:[•●○◦▪■□➢➤►\-–*]|[0-9๐-๙]{1,2}(?:\.[0-9๐-๙]{1,2})*[.)])$")


def _merge_marker_columns(lines: Sequence[Line], cols: list[float]) -> list[float]:
    """Drop the gutter after a column that holds nothing but list markers
    ("•", "➢", "1."): that is an indented list, not two columns."""
    out = list(cols)
    c = 0
    while c < len(out) - 2:
        pieces = []
        for ln in lines:
            text = "".join(ch.text for ch in ln.chars if out[c] <= (ch.x0 + ch.x1) / 2 < out[c + 1]).strip()
            if text:
                pieces.append(text)
        if pieces and all(_LIST_MARKER.match(t) for t in pieces):
            del out[c + 1]
        else:
            c += 1
    return out


def _rows_from_rules(rules, cols, top, bottom):
    """Row edges from horizontal rules; a rule that leaves a column out means
    that column's cell spans the rule (merged cell)."""
    ys = [r[0] for r in rules]
    ys = _dedupe_edges(sorted(set(ys)), tol=3)
    owner: list[list[tuple[int, int]]] = []
    for r in range(len(ys) - 1):
        row = []
        for c in range(len(cols) - 1):
            if r == 0:
                row.append((r, c))
                continue
            y = ys[r]
            mid = (cols[c] + cols[c + 1]) / 2
            covered = any(abs(ry - y) <= 3 and rx0 - 2 <= mid <= rx1 + 2 for ry, rx0, rx1 in rules)
            row.append((r, c) if covered else owner[r - 1][c])
        owner.append(row)
    return ys, owner


def _rows_from_text(region: Sequence[Line], cols: list[float], top: float, bottom: float) -> list[float]:
    """Row edges for a table without rules (see :func:`_row_starts`)."""
    # split each page line into per-column pieces
    per_col: list[list[Line]] = [[] for _ in range(len(cols) - 1)]
    for ln in region:
        groups: dict[int, list[Char]] = {}
        for ch in ln.chars:
            cx = (ch.x0 + ch.x1) / 2
            c = min(max(bisect_right(cols, cx) - 1, 0), len(cols) - 2)
            groups.setdefault(c, []).append(ch)
        for c, chs in groups.items():
            if any(ch.text.strip() for ch in chs):
                per_col[c].append(Line(tuple(chs), "", min(ch.x0 for ch in chs), max(ch.x1 for ch in chs),
                                       min(ch.top for ch in chs), max(ch.bottom for ch in chs), ln.size))
    starts = _row_starts(per_col)
    # a header set in bold ends where the first line not in bold begins
    head_end = _bold_header_end(region)
    if head_end is not None:
        starts = sorted(set(starts) | {head_end})
    ys = [top] + [s - 1 for s in starts if s - 1 > top + 2] + [bottom]
    return _dedupe_edges(ys, tol=2)


def _bold_header_end(region: Sequence[Line]) -> float | None:
    """Top of the first line after a run of bold lines at the top of a table."""
    seen_bold = False
    for ln in region:
        ink = [c for c in ln.chars if c.text.strip()]
        if not ink:
            continue
        bold = sum(c.bold for c in ink) > 0.6 * len(ink)
        if bold:
            seen_bold = True
        elif seen_bold:
            return ln.top
        else:
            return None
    return None
