"""A table with horizontal rules only, or with no rules at all."""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import Callable, Sequence

from thaitab.extract.chars import Char
from thaitab.extract.fill import fill_grid
from thaitab.extract.grid import Grid, PageTable, _attach_outside
from thaitab.extract.clipped import runs_across
from thaitab.extract.gutters import (_h_rules, _merge_marker_columns, _rows_from_rules, _rows_from_text, _rule_breaks,
                             _segments, find_gutters, group_labels, per_column, split_figure_columns,
                             split_glued_figures, word_runs)
from thaitab.extract.lines import Line, group_lines
from thaitab.extract.listed import lists_one_figure_a_line, split_listed_row
from thaitab.extract.settings import current
from thaitab.extract.thai.reading import plain


_PAGE_NUMBER = re.compile(
    r"^\s*(?:หน้า|page|-|–)?\s*[-–]?\s*[\d๐-๙]{1,4}\s*[-–]?\s*(?:/\s*[\d๐-๙]{1,4})?\s*$", re.I
)


def is_page_number(line: Line) -> bool:
    """A page-number line ("4", "- 4 -", "หน้า 4"), read as the letters its
    glyphs draw (a PUA tone mark in "หน้า" is still the word)."""
    return bool(_PAGE_NUMBER.match(plain(line.text)))


def _at_head_or_foot(line: Line, lines: Sequence[Line]) -> bool:
    """Is ``line`` above or below all the page's other text? A page number
    is; a bare number with text above and below it is a cell's (a year cut
    off from its "พ.ศ." at the top of a page)."""
    return (all((o.top + o.bottom) / 2 <= line.bottom for o in lines if o is not line)
            or all((o.top + o.bottom) / 2 >= line.top for o in lines if o is not line))


def _find_unruled(page, chars: Sequence[Char], page_no: int, size: float,
                  col_hint: list[float] | None) -> PageTable | None:
    """A table with horizontal rules only, or none at all."""
    rules = _h_rules(page, min_len=page.width * current().cells.rule_min_page)
    all_lines = group_lines(chars)
    if not all_lines:
        return None
    body = [ln for ln in all_lines if not (is_page_number(ln) and _at_head_or_foot(ln, all_lines))]
    ruled = len(rules) >= 2 or (rules and any(ln.top > rules[0][0] for ln in body))
    breaks = _hinted_breaks(_outer_edges(_rule_breaks(page, rules), rules, size), col_hint) if ruled else []
    found = (_ruled_region(body, rules, breaks if len(breaks) >= 4 else _hint_for(col_hint, rules), size)
             if ruled else _text_region(body, size, col_hint))
    if found is None or not found[0]:
        return None
    region, top, bottom, x_min, x_max = found
    borders = "horizontal" if ruled else "none"

    def columns_of(lines: Sequence[Line]) -> list[float]:
        lo, hi = (x_min, x_max) if ruled else (min(ln.x0 for ln in lines) - 2, max(ln.x1 for ln in lines) + 2)
        return _columns(lines, lo, hi, size, breaks, col_hint, borders)

    cut = _set_off_below(region, columns_of, size, rules[-1][0] if ruled else top)
    if cut < len(region):
        # a block set off below the table (a signature, a note) is outside text
        region = region[:cut]
        bottom = max(rules[-1][0], region[-1].bottom + 1) if ruled else region[-1].bottom + 2
    cols = columns_of(region)
    if ruled and len(breaks) < 4:
        cols = _underline_edges(cols, [r for r in rules if top - 1 <= r[0] <= bottom + 1], region, size)
    if len(cols) < 3:
        return None
    return _fill_region(page, _grid(rules if ruled else None, region, chars, cols, top, bottom), chars, top, bottom,
                        page_no, borders)


def _grid(rules, region: Sequence[Line], chars: Sequence[Char], cols: list[float], top: float,
          bottom: float) -> Grid:
    """The rows of a table with horizontal rules (``rules``), from them and
    the labels over groups of columns; of one without (None), from its text."""
    if rules is not None:
        ys, owner = _ruled_rows(rules, region, cols, top, bottom)
        return Grid(cols, ys, group_labels(rules, chars, cols, ys, owner))
    ys = _rows_from_text(region, cols, top, bottom)
    return Grid(cols, ys, [[(r, c) for c in range(len(cols) - 1)] for r in range(len(ys) - 1)])


def _underline_edges(cols: list[float], rules, region: Sequence[Line], size: float) -> list[float]:
    """Column edges with the ends of rules that do not run across the table:
    a merged group cell's underline ("ราคา" over "หน่วยละ | เป็นเงิน") starts
    and ends on its columns' edges, where right-aligned figures may touch the
    next column's text and leave no white gutter to find. A gutter edge that
    an end leaves with an empty column between them goes."""
    near = _side(size)
    added = [x for _, x0, x1 in _header_band(rules, near) for x in (x0, x1)
             if cols[0] + near < x < cols[-1] - near and all(abs(x - e) > near for e in cols)]
    if not added:
        return cols
    out = sorted(set(cols) | set(added))
    mids = _run_mids(region, size)
    keep = [out[0]]
    for i, e in enumerate(out[1:-1], start=1):
        beside_new = out[i - 1] in added or e in added
        if beside_new and e not in added and not any(out[i - 1] <= m < e for m in mids):
            continue  # a gutter edge the underline's end left with an empty column before it
        keep.append(e)
    return keep + [out[-1]]


def _header_band(rules, near: float) -> list:
    """The rules that reach neither side of the table, above the second rule
    that runs across it (the first is the table's top, the second closes its
    header): a group's underline. Rules that stop short of one side only are
    rules under cells merged down beside them (an issue column), and say
    nothing of the columns."""
    if not rules:
        return []
    lo, hi = min(r[1] for r in rules), max(r[2] for r in rules)
    full = sorted(y for y, x0, x1 in rules if x0 <= lo + near and x1 >= hi - near)
    if len(full) < 2:
        return []
    return [r for r in rules if full[0] < r[0] < full[1] and lo + near < r[1] and r[2] < hi - near]


def _ruled_rows(rules, region: Sequence[Line], cols: list[float], top: float,
                bottom: float) -> tuple[list[float], list[list[tuple[int, int]]]]:
    """Row edges and owners of a table with horizontal rules, from ``top``
    (above the first rule when a cut row's rest is there) to ``bottom``."""
    ys, owner = _rows_from_rules(rules, cols, top, bottom)
    if top < ys[0] - 2:
        # the text of a row cut by the page break, above the page's first rule
        ys.insert(0, top)
        owner = [[(0, c) for c in range(len(cols) - 1)]] + [[(r + 1, c) for r, c in row] for row in owner]
    if bottom > ys[-1] + 2:
        # no rule below: the rows there are told by the text, as in a table
        # without rules (a body under a ruled or shaded header band); a
        # list of figures one to a line stays one row, for split_listed_row
        below = [ln for ln in region if ln.top >= ys[-1] - 1]
        edges = [ys[-1], bottom] if _lists_figures(below, cols) else _rows_from_text(below, cols, ys[-1], bottom)
        for y in edges[1:]:
            ys.append(y)
            owner.append([(len(owner), c) for c in range(len(cols) - 1)])
    return ys, owner


def _outer_edges(breaks: list[float], rules, size: float) -> list[float]:
    """Column edges from the rules' breaks, with the table's outer edges where
    the rules end: a rule runs the table's whole width. (Breaks count only
    where two or more rules break, so with a header band of two rules the
    outer ends would be missed.) Too few breaks to give the columns (fewer
    than four) stay as they are: the gutters will."""
    if len(breaks) < 4:
        return breaks
    x_min = min(r[1] for r in rules)
    x_max = max(r[2] for r in rules)
    room = current().cells.min_gutter_em * size
    return ([x_min] if breaks[0] - x_min > room else []) + breaks + ([x_max] if x_max - breaks[-1] > room else [])


def _hinted_breaks(breaks: list[float], col_hint: list[float] | None) -> list[float]:
    """The page before's columns when each of this page's column edges (its
    rules' breaks) is one of theirs and they have more: a merged cell running
    on over the page break has no rule under it, so its column's edges may
    not be drawn (``stitch.same_columns_pt``: the same edge drawn again)."""
    if len(breaks) < 4 or not col_hint or len(col_hint) <= len(breaks):
        return breaks
    tol = current().stitch.same_columns_pt
    if all(any(abs(b - e) <= tol for e in col_hint) for b in breaks):
        return list(col_hint)
    return breaks


def _hint_for(col_hint: list[float] | None, rules) -> list[float]:
    """The page before's columns when they will be this page's (the rules give
    too few edges: see :func:`_columns`), else none: the rules may not reach
    the table's sides (a merged cell running on over the page break has no
    rule under it)."""
    if col_hint and len(col_hint) >= 4 and col_hint[0] <= min(r[1] for r in rules) + current().cells.hint_shift_pt:
        return list(col_hint)
    return []


def _ruled_region(body: Sequence[Line], rules, breaks: list[float],
                  size: float) -> tuple[list[Line], float, float, float, float]:
    """The lines of a table with horizontal rules, from its first rule to its
    last, and its box (top, bottom, x_min, x_max): the rules' ends, or the
    column edges ``breaks`` when wider. Rows below the last rule (no
    closing rule at a page break) still belong; a signature block after the
    table is set off by a gap, and stays out. So does the text of a row cut by
    the page break above the first rule (see :func:`_cut_row_above`)."""
    own_min, own_max = min(r[1] for r in rules), max(r[2] for r in rules)
    x_min, x_max = min([own_min] + breaks[:1]), max([own_max] + breaks[-1:])
    top = _cut_row_above(body, rules[0][0], x_min, x_max, breaks, size)
    bottom = rules[-1][0]
    s = current().cells
    for ln in body:
        if ln.top <= rules[-1][0]:
            continue
        if ln.top - bottom > s.below_rule_pitch * (ln.bottom - ln.top) or not (x_min - 5 <= ln.x0 and ln.x1 <= x_max + 5):
            break
        if (not (own_min - 5 <= ln.x0 and ln.x1 <= own_max + 5)
                and runs_across(ln.chars, breaks[1:-1], s.min_gutter_em * size)):
            break  # beyond the rules' ends only text that keeps to the columns belongs (not a caption)
        bottom = ln.bottom + 1
    region = [ln for ln in body if top - 1 <= (ln.top + ln.bottom) / 2 <= bottom + 1]
    return region, top, bottom, x_min, x_max


def _set_off_below(region: Sequence[Line], columns_of: Callable[[Sequence[Line]], list[float]],
                   size: float, floor: float) -> int:
    """Where a block set off below the table starts (a signature, a note), or
    ``len(region)`` when there is none.

    A cell's text keeps to its column, and a cell spanning columns (a section
    or total row) starts at the table's left edge. A block at the end, after
    a gap wider than a row start (``cells.row_start_pitch`` of the block's own
    line pitch), is not the table when each of its lines is one run of text
    (no gutter inside, as a row of cells side by side has), none holds an
    amount, and, against the columns of the lines above it (``columns_of``),
    its lines start right of the first column and one runs across a column
    edge. Only lines below ``floor`` (the last rule) are looked at."""
    s = current().cells
    pitches = sorted(b.top - a.top for a, b in zip(region, region[1:]) if b.top > a.top + 1)
    found = len(region)
    i = len(region) - 1
    while i > 0 and region[i].top > floor:
        ln = region[i]
        if _segments(ln, size) > 1 or any(_AMOUNT.match(w) for w in ln.text.split()):
            break
        block = region[i:]
        own = sorted(b.top - a.top for a, b in zip(block, block[1:]))
        pitch = own[len(own) // 2] if own else pitches[len(pitches) // 2] if pitches else 0
        if ln.top - region[i - 1].top > s.row_start_pitch * pitch:
            cols = columns_of(region[:i])
            if (len(cols) >= 4 and min(b.x0 for b in block) > cols[1]
                    and any(runs_across(b.chars, cols[1:-1], s.min_gutter_em * size) for b in block)):
                found = i
        i -= 1
    return found


# an amount: digits grouped by thousands or with decimals ("4,644,900.00", "12.5")
_AMOUNT = re.compile(r"^[-–(]?[0-9๐-๙]{1,3}(?:,[0-9๐-๙]{3})+(?:\.[0-9๐-๙]+)?[)]?$|^[-–(]?[0-9๐-๙]+\.[0-9๐-๙]+[)]?$")


def _lists_figures(lines: Sequence[Line], cols: list[float]) -> bool:
    """Does a column of these lines list three figures or more, one a line?"""
    return any(lists_one_figure_a_line(pieces) for pieces in per_column(lines, cols))


def _cut_row_above(body: Sequence[Line], top: float, x_min: float, x_max: float,
                   breaks: list[float], size: float) -> float:
    """The top of a row cut by the page break, above the page's first rule, or
    ``top`` when there is none.

    A browser or word processor that breaks a row over two pages draws no rule
    over its second part: the page opens with the row's text, then the first
    rule. Those lines join the table when they run on up to the rule (no
    larger gap than below the last rule), keep to the table's width and to its
    columns (no line runs across a column edge, as a title or a paragraph
    does), and either start the page's text or fill two columns or more (a
    one-column line under other text may be a caption)."""
    if len(breaks) < 4:
        return top  # the columns are not known from the rules: no evidence
    s = current().cells
    inner = breaks[1:-1]
    above = [ln for ln in body if (ln.top + ln.bottom) / 2 < top]
    run: list[Line] = []
    edge = top
    for ln in reversed(above):
        if edge - ln.bottom > s.below_rule_pitch * (ln.bottom - ln.top):
            break
        if not (x_min - 5 <= ln.x0 and ln.x1 <= x_max + 5) or runs_across(ln.chars, inner, s.min_gutter_em * size):
            break
        run.append(ln)
        edge = ln.top
    if not run:
        return top
    used = {bisect_right(breaks, (c.x0 + c.x1) / 2) for ln in run for c in ln.chars if c.text.strip()}
    if len(run) < len(above) and len(used) < 2:
        return top
    return edge - 1


def _text_region(body: Sequence[Line], size: float,
                 col_hint: list[float] | None) -> tuple[list[Line], float, float, float, float] | None:
    """The lines of a table without rules and its box: from the first line with
    three or more runs (and the header lines above it, or on a page after such
    a table the rest of a row cut by the page break: :func:`_cut_row_above`
    in the columns ``col_hint``) to the end of its block."""
    start = next((i for i, ln in enumerate(body) if _segments(ln, size) >= 3), None)
    if start is None:
        return _cut_row_only(body, size, col_hint)
    start = _header_lines_above(body, start)
    if start and col_hint and len(col_hint) >= 4:
        # the rest of a row the page break cut, in the columns of the page before
        top = _cut_row_above(body, body[start].top, col_hint[0], col_hint[-1], col_hint, size)
        start = next(i for i, ln in enumerate(body) if ln.top >= top)
    region = _text_block(body[start:])
    if not _tabular(region, size, col_hint):
        return None
    return (region, region[0].top - 2, region[-1].bottom + 2,
            min(ln.x0 for ln in region) - 2, max(ln.x1 for ln in region) + 2)


def _cut_row_only(body: Sequence[Line], size: float,
                  col_hint: list[float] | None) -> tuple[list[Line], float, float, float, float] | None:
    """A page after a table without column rules that holds nothing but the
    rest of a row the page break cut (a long cell runs on over a whole page,
    in one or two columns): from the page's first line, two lines or more that
    keep to the columns of the page before (``col_hint``; no line runs across
    their edges, as a title or a paragraph does) and run on with no wider gap
    than a table's lines (``cells.below_rule_pitch`` line heights)."""
    if not col_hint or len(col_hint) < 4:
        return None
    s = current().cells
    inner = col_hint[1:-1]
    run: list[Line] = []
    for ln in body:
        if run and ln.top - run[-1].bottom > s.below_rule_pitch * (ln.bottom - ln.top):
            break
        if (not (col_hint[0] - 5 <= ln.x0 and ln.x1 <= col_hint[-1] + 5)
                or runs_across(ln.chars, inner, s.min_gutter_em * size)):
            break
        run.append(ln)
    if len(run) < 2:
        return None
    return run, run[0].top - 2, run[-1].bottom + 2, col_hint[0], col_hint[-1]


def _columns(region: Sequence[Line], x_min: float, x_max: float, size: float, breaks: list[float],
             col_hint: list[float] | None, borders: str) -> list[float]:
    """Column edges: where the rules break, else the columns of the page before
    (only the outer edges may widen; an edge that cuts this page's words moves
    to its own gutter there: :func:`_mend_hint`) unless they still cut words
    and the page's own gutters find as many columns, else the gutters between
    the text."""
    if len(breaks) >= 4:
        return breaks
    tolerance = 1 if len(region) > 10 else 0
    if not (col_hint and col_hint[0] <= x_min + current().cells.hint_shift_pt):
        return _own_columns(region, x_min, x_max, size, tolerance, borders)
    hinted = list(col_hint)
    spans = _run_spans(region, size)
    if _lines_cut(spans, hinted, size) > tolerance:
        own = _own_columns(region, x_min, x_max, size, tolerance, borders)
        hinted = _mend_hint(hinted, own, spans, size, tolerance)
        if len(own) >= len(hinted) and _lines_cut(spans, hinted, size) > tolerance:
            return own  # another table's columns (the next sheet of a workbook laid out otherwise)
    hinted[0] = min(hinted[0], x_min - 1)
    hinted[-1] = max(hinted[-1], x_max + 1)
    return hinted


def _own_columns(region: Sequence[Line], x_min: float, x_max: float, size: float, tolerance: int,
                 borders: str) -> list[float]:
    """The region's own column edges: its gutters, figures set closer than a
    gutter or run into the next column's words split, no empty column."""
    cols = find_gutters(region, x_min - 1, x_max + 1, size, tolerance=tolerance)
    cols = split_glued_figures(region, split_figure_columns(region, cols, size), size)
    cols = _drop_empty_columns(cols, region, size)
    return _merge_marker_columns(region, cols) if borders == "none" else cols


def _side(size: float) -> float:
    """Half a gutter: how far a glyph's side bearing may reach over an edge
    without cutting a word."""
    return current().cells.min_gutter_em * size / 2


def _run_spans(region: Sequence[Line], size: float) -> list[list[tuple[float, float]]]:
    """Per line, the extent of each word run."""
    return [[(run[0].x0, run[-1].x1) for run in word_runs(ln.chars, size)] for ln in region]


def _run_mids(region: Sequence[Line], size: float) -> list[float]:
    """The middle of every word run of the region."""
    return [(a + b) / 2 for spans in _run_spans(region, size) for a, b in spans]


def _mend_hint(hint: list[float], own: list[float], spans: list[list[tuple[float, float]]], size: float,
               tolerance: int) -> list[float]:
    """The columns of the page before, each inner edge that cuts words in more
    lines than may cross a gutter moved to this page's own gutter edge within
    the words it cuts (a column whose text reaches further on this page). The
    page's own gutters may miss a column empty on it, so the page before's
    columns hold otherwise; an edge with no own gutter among its cut words stays."""
    near = _side(size)
    out = list(hint)
    for i in range(1, len(hint) - 1):
        e = hint[i]
        cut = [(a, b) for line in spans for a, b in line if a < e - near and b > e + near]
        if len(cut) <= tolerance:
            continue
        lo, hi = max(a for a, _ in cut), min(b for _, b in cut)  # within every cut word
        moves = [g for g in own[1:-1] if lo - near <= g <= hi + near and out[i - 1] < g < hint[i + 1]]
        if moves:
            out[i] = min(moves, key=lambda g: abs(g - e))
    return out


def _lines_cut(spans: list[list[tuple[float, float]]], cols: list[float], size: float) -> int:
    """How many lines have a word run across an inner edge of ``cols``
    (``spans``: :func:`_run_spans`). More than may cross a gutter, and the
    columns of the page before cut this page's words."""
    inner = cols[1:-1]
    near = _side(size)
    return sum(1 for line in spans if any(a < e - near and b > e + near for a, b in line for e in inner))


def _drop_empty_columns(cols: list[float], region: Sequence[Line], size: float) -> list[float]:
    """Gutter edges without an empty column between them: a line allowed to
    cross gutters (a group label over its columns, "ราคา" over "หน่วยละ |
    เป็นเงิน") can leave two strips beside each other, with no word centred
    between. The first edge goes; the second stands just before the next
    column's text, as every gutter edge does."""
    mids = _run_mids(region, size)
    keep = [cols[0]]
    for a, b in zip(cols[1:-1], cols[2:]):
        if any(a <= m < b for m in mids):
            keep.append(a)
    return keep + [cols[-1]]


def _fill_region(page, grid: Grid, chars: Sequence[Char], top: float, bottom: float, page_no: int,
                 borders: str) -> PageTable | None:
    """The table of the chars between ``top`` and ``bottom``; the rest of the
    page's chars are its ``outside`` lines. None when no row holds anything."""
    inside = [top - 1 <= (ch.top + ch.bottom) / 2 <= bottom + 1 for ch in chars]
    in_region = [ch for ch, k in zip(chars, inside) if k]
    rest = [ch for ch, k in zip(chars, inside) if not k]
    table, out = fill_grid(grid, in_region, page_no, borders)
    if borders == "horizontal":
        table.rows = [sub for row in table.rows for sub in split_listed_row(row)]
    rows = [r for r in table.rows if any(c.lines for c in r) or any(c.spanned for c in r)]
    table.rows = rows
    if not rows:
        return None
    _attach_outside([table], list(rest) + list(out), page)
    return table


def _tabular(region: Sequence[Line], size: float, col_hint: list[float] | None) -> bool:
    """Is a block of lines without rules a table? Three lines of three runs or
    more; a line or two with wide gaps is not. On a page after a table without
    column rules (``col_hint``: its columns) the table's rest may fill only two
    of its columns (the long texts of a row cut by the page break): a line with
    text in three of those columns (the repeated header) and three lines of
    two runs side by side do."""
    runs = [_segments(ln, size) for ln in region]
    if sum(n >= 3 for n in runs) >= 3:
        return True
    if not col_hint or sum(n >= 2 for n in runs) < 3:
        return False
    return any(n >= 3 and len(_hinted_columns(ln, col_hint)) >= 3 for n, ln in zip(runs, region))


def _hinted_columns(line: Line, cols: list[float]) -> set[int]:
    """The columns (between ``cols``) the line has text in."""
    return {bisect_right(cols, (ch.x0 + ch.x1) / 2) - 1 for ch in line.chars
            if ch.text.strip() and cols[0] <= (ch.x0 + ch.x1) / 2 < cols[-1]}


def _header_lines_above(body: Sequence[Line], start: int) -> int:
    """Where a table without rules starts, given its first line of three runs.

    A header centres each cell's lines in its row on their own, so the cells
    with more lines start higher, and the page's lines there interleave: less
    than a paragraph's pitch apart (``cells.pitch_min_em``), which lines of one
    paragraph never are, or a line sits between another and that one's own
    next line (:func:`_interleaves`). Such lines above, within the width of
    the table's text block, are the header's first lines (one or two runs
    each); a title sits a pitch or more above."""
    block = _text_block(body[start:])
    lo, hi = min(ln.x0 for ln in block), max(ln.x1 for ln in block)  # the table's width
    pitch_min = current().cells.pitch_min_em
    while start > 0:
        above, below = body[start - 1], body[start]
        size = max(above.size, below.size)
        if not ((below.top - above.top < pitch_min * size or _interleaves(body, start - 1))
                and lo - size <= above.x0 and above.x1 <= hi + size):
            break
        start -= 1
    return start


def _interleaves(body: Sequence[Line], i: int) -> bool:
    """Does the line after ``body[i]`` sit between it and its own next line
    (the next one with ink in the same columns, a paragraph's pitch away:
    ``cells.pitch_max_em``), well within that pitch? Then
    the two are lines of cells side by side, centred on their own, not a
    title and the table under it: the page's loosest paragraph pitch does
    not matter."""
    above, below = body[i], body[i + 1]
    if _share_columns(above, below):
        return False
    s = current().cells
    own = next((ln.top - above.top for ln in body[i + 2:i + 8] if _share_columns(above, ln)), None)
    return (own is not None and own <= s.pitch_max_em * above.size
            and below.top - above.top <= s.interleave_pitch_share * own)


def _share_columns(a: Line, b: Line) -> bool:
    """Do two lines have ink over the same stretch of the page?"""
    def spans(line: Line) -> list[tuple[float, float]]:
        return [(ch.x0, ch.x1) for ch in line.chars if ch.text.strip()]
    theirs = spans(b)
    return any(x0 < u1 and u0 < x1 for x0, x1 in spans(a) for u0, u1 in theirs)


def _text_block(lines: Sequence[Line]) -> list[Line]:
    """The lines up to the first gap wider than two and a half line pitches:
    text after such a gap (a paragraph, a list) is no longer the table."""
    pitches = sorted(b.top - a.top for a, b in zip(lines, lines[1:]) if b.top > a.top + 1)
    if not pitches:
        return list(lines)
    pitch = pitches[len(pitches) // 2]
    gap = current().cells.block_gap_pitch
    for i in range(1, len(lines)):
        if lines[i].top - lines[i - 1].bottom > gap * pitch:
            return list(lines[:i])
    return list(lines)
