"""Text a spreadsheet clipped at a cell's rule: runs drawn on across a column
rule, lines hidden under the next row's text, lines cut off by the table's top
or bottom rule. The text layer keeps them all; each goes back to the cell its
author typed it in.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from typing import Callable, Sequence

from thaitab.extract.chars import Char
from thaitab.extract.grid import Grid
from thaitab.extract.lines import group_lines
from thaitab.extract.settings import current
from thaitab.extract.thai.charset import is_thai_text


def run_anchors(chars: Sequence[Char], rules: Sequence[float] = (), drawn: bool = True) -> list[float]:
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
    run). Where the next glyph lies in another column, :func:`_goes_on` decides."""
    out = [(ch.x0 + ch.x1) / 2 for ch in chars]
    if len(rules) < 3:
        return out
    s = current().cells
    starts = cache(lambda: text_starts(chars, rules))  # only a run reaching a cell's padding asks
    start = 0
    reach = ink = base = 0.0  # where the run so far ends; its last visible glyph; its chain of glyphs
    col = -1  # the column the run starts in
    spaces = 0  # spaces since the run's last visible glyph
    last = ""  # the run's last visible glyph that is not a mark
    for i, ch in enumerate(chars):
        size = ch.size or 1.0
        prev = chars[i - 1] if i else None
        blank = not ch.text.strip()
        if (prev is not None and abs(ch.bottom - prev.bottom) < s.run_baseline_em * size
                and prev.x0 - s.run_back_em * size <= ch.x0 <= reach + s.run_gap_em * size
                and ((blank and not drawn) or _goes_on(ink, base, ch, rules, col, drawn, starts, last))):
            reach = max(reach, ch.x1)
            if not _no_advance(ch) and not (blank and spaces):
                base = ch.x1  # the chain goes on over a glyph, or over one space between words
            if not blank and not _no_advance(ch):
                last = ch.text
            spaces = spaces + 1 if blank else 0
            if not blank:
                ink = max(ink, ch.x1)
            continue
        _anchor_run(chars, start, i, rules, out)
        start, reach = i, ch.x1
        ink = ch.x0 if blank else ch.x1
        base, spaces = ch.x1, int(blank)
        last = "" if blank else ch.text
        col = bisect_right(rules, (ch.x0 + ch.x1) / 2) - 1
    _anchor_run(chars, start, len(chars), rules, out)
    return out


def _goes_on(ink: float, base: float, ch: Char, rules: Sequence[float], col: int, drawn: bool,
             starts: Callable[[], Starts] | None = None, last: str = "") -> bool:
    """Does glyph ``ch`` go on a run that started in column ``col``, whose
    visible glyphs end at ``ink`` and whose chain of glyphs (see below) ends
    at ``base``?

    Within the run's own column it does. Across a gutter (``drawn`` False:
    found between texts, its place an estimate) it does unless the two texts
    meet at it (:func:`_meet_at_rule`). Across a rule drawn on the page, the
    text layer shows which it is: a clipped run goes on glyph by glyph, each
    starting where the one before ended (``cells.contiguous_em``) or a mark
    on it (:func:`_no_advance`); one typed space between words is a link of
    the chain, the runs of spaces a producer pads or centres with are not.
    The next cell's own text starts elsewhere, after its padding or drawn
    over the clipped glyphs.
    Texts butting at the rule from both sides are two cells' texts (right-
    aligned figures side by side, no padding): a clipped glyph that happens
    to end at the rule is then cut there. So is a glyph that starts where the
    producer starts left-aligned text (the indent of ``starts()``, see
    :func:`text_starts`), when no other text starts in its cell on that line
    and no word runs on across the cut (the glyph before, ``last``, is of
    another script or punctuation: a code number, then a Thai name): the
    next cell's own text, which the run's last glyph happens to reach."""
    s = current().cells
    size = ch.size or 1.0
    if not drawn:
        return not _meet_at_rule(ink, ch.x0, rules, s.rule_meet_em * size)
    eps = s.contiguous_em * size
    if bisect_right(rules, (ch.x0 + ch.x1) / 2) - 1 == col or _no_advance(ch):
        return True
    if abs(ch.x0 - base) > eps:
        return False
    i = bisect_right(rules, ch.x0 + eps) - 1
    if not 0 <= i < len(rules):
        return True
    if abs(ch.x0 - rules[i]) <= eps and abs(base - rules[i]) <= eps:
        return False  # two texts butting at the rule
    if starts is None or not word_break(last, ch.text):
        return True  # a word runs on across the cut (checked first: no page pass needed)
    page = starts()
    return page.indent is None or abs(ch.x0 - rules[i] - page.indent) > eps or page.others(ch, i)


def word_break(before: str, after: str) -> bool:
    """Can a word end between glyphs ``before`` and ``after`` with no space:
    where Thai meets another script, or at punctuation? (Inside one script a
    word may go on: only a dictionary could tell, and a clipped run's
    glyphs are cut anywhere.)"""
    if not before or not after:
        return True
    a, b = before[-1], after[0]
    if not (a.isalnum() and b.isalnum()):
        return True
    return is_thai_text(a) != is_thai_text(b)


@dataclass(frozen=True, slots=True)
class Starts:
    """Where texts start on a page (glyphs that do not go on from the glyph
    drawn before), per column, and the producer's left indent (None: the page
    does not say)."""

    by_col: dict[int, list[Char]]
    indent: float | None

    def others(self, ch: Char, col: int) -> bool:
        """Does another text start in column ``col`` on ``ch``'s baseline?"""
        tol = current().cells.run_baseline_em * (ch.size or 1.0)
        return any(o is not ch and abs(o.bottom - ch.bottom) < tol for o in self.by_col.get(col, ()))


def text_starts(chars: Sequence[Char], rules: Sequence[float]) -> Starts:
    """The texts' starts per column and how far right of its cell's left rule
    the producer starts left-aligned text.

    A spreadsheet or word processor sets every left-aligned cell's text the
    same distance in from the rule (its cell padding), so the starts of texts
    pile up at one offset from the rule on their left; centred and
    right-aligned texts start anywhere. The offset counts when at least
    ``cells.indent_min_starts`` starts, and that share of the starts within
    ``cells.cell_pad_em`` of a rule, lie within ``cells.contiguous_em`` of it."""
    s = current().cells
    by_col: dict[int, list[Char]] = {}
    offsets: list[float] = []  # in points: a cell's padding does not grow with its text
    sizes: list[float] = []
    prev = None
    for ch in chars:
        if not ch.text.strip():
            prev = None
            continue
        if _no_advance(ch):
            continue  # a mark sits on its base: the next glyph goes on from the base
        size = ch.size or 1.0
        goes_on = (prev is not None and abs(ch.bottom - prev.bottom) < s.run_baseline_em * size
                   and abs(ch.x0 - prev.x1) <= s.contiguous_em * size)
        prev = ch
        i = bisect_right(rules, (ch.x0 + ch.x1) / 2) - 1
        if goes_on or not 0 <= i < len(rules) - 1:
            continue
        by_col.setdefault(i, []).append(ch)
        if ch.x0 - rules[i] <= s.cell_pad_em * size:
            offsets.append(ch.x0 - rules[i])
            sizes.append(size)
    return Starts(by_col, _mode(offsets, sizes))


def _mode(offsets: list[float], sizes: list[float]) -> float | None:
    """The offset most starts share (within ``cells.contiguous_em``), if enough do."""
    s = current().cells
    if len(offsets) < s.indent_min_starts:
        return None
    offsets = sorted(o for o in offsets if o >= 0)
    width = 2 * s.contiguous_em * sorted(sizes)[len(sizes) // 2]
    best, count = 0.0, 0
    for k, o in enumerate(offsets):
        n = bisect_right(offsets, o + width) - k
        if n > count:
            best, count = offsets[k + n // 2], n
    if count < s.indent_min_starts or count < s.indent_min_share * len(sizes):
        return None
    return best


def _no_advance(ch: Char) -> bool:
    """A mark, or a glyph drawn with no advance as a mark is (a text layer
    that names its marks as letters): it sits on the glyph before."""
    return ch.is_mark or ch.x1 - ch.x0 <= current().cells.contiguous_em * (ch.size or 1.0)


def _meet_at_rule(end: float, start: float, rules: Sequence[float], tol: float) -> bool:
    """Is there a rule between text that ends at ``end`` and text that starts at
    ``start`` (only white space, if anything, drawn over it)?"""
    i = bisect_right(rules, end - tol)
    return i < len(rules) and rules[i] <= max(end, start) + tol and start >= rules[i] - tol


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
    if a == b or a < 0:
        return  # inside one column, or coming in from outside the table
    if b >= len(rules) - 1:
        _anchor_past_edge(chars, i, j, rules, a, out)
        return
    cols = range(a, b + 1)
    pad = current().cells.cell_pad_em * size
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


def _anchor_past_edge(chars: Sequence[Char], i: int, j: int, rules: Sequence[float], a: int,
                      out: list[float]) -> None:
    """A run from column ``a`` drawn on past the table's right rule: its
    glyphs that start inside the table (and their marks) are the cell's text,
    clipped at the border; from the first glyph that starts beyond it, the
    run is text beside the table (a glyph there cannot be told from a note
    typed after the table)."""
    x = (rules[a] + rules[a + 1]) / 2
    for k in range(i, j):
        ch = chars[k]
        if not ch.is_mark and ch.x0 >= rules[-1]:
            return
        out[k] = x


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
        pace = _clipped_at_bottom(ink, ys[-1])
        if pace is None:
            continue
        c1 = max(c for c in range(len(xs) - 1) if grid.owner[r][c] == o) + 1
        buckets[o].extend(_lines_clipped_below(outside, taken, *pace, xs[o[1]], xs[c1]))
    return [ch for ch in outside if id(ch) not in taken] if taken else outside


def _clipped_at_bottom(ink: list[Char], bottom: float) -> tuple[float, float, float] | None:
    """Where a last-row cell's text (``ink``) was clipped by the table's bottom
    rule at ``bottom``: its last line's top, line pitch and size, when its last
    line runs into the rule one line pitch after the line before. None when the
    cell's text ends clear of the rule (nothing was clipped), or has one line
    (no pitch to go on with)."""
    tops = sorted({round(ch.top, 1) for ch in ink})
    if len(tops) < 2:
        return None
    s = current().cells
    size = max(ch.size for ch in ink)
    pitch = tops[-1] - tops[-2]
    if not s.pitch_min_em * size <= pitch <= s.wrap_pitch_max_em * size:
        return None
    if tops[-1] + size < bottom - s.rule_clear_em * size:
        return None  # the cell's text ends clear of the rule
    return tops[-1], pitch, size


def _lines_clipped_below(outside: list[Char], taken: set[int], at: float, pitch: float, size: float,
                         x0: float, x1: float) -> list[Char]:
    """The lines below the table that go on a clipped cell's text: one
    ``pitch`` after another from its last line at ``at``, centred between
    ``x0`` and ``x1`` (the cell's column), up to the first line with no ink.
    Their ids go into ``taken``, so no other cell gets them too."""
    same_line = current().cells.same_line_em * size
    out: list[Char] = []
    while True:
        at += pitch
        line = [ch for ch in outside if id(ch) not in taken and abs(ch.top - at) < same_line
                and x0 <= (ch.x0 + ch.x1) / 2 <= x1]
        if not any(ch.text.strip() for ch in line):
            return out
        out.extend(line)
        taken.update(id(ch) for ch in line)


def _take_clipped_above(grid: Grid, buckets: dict, outside: list[Char]) -> list[Char]:
    """Give the first row's cells the lines its top rule cut off; return the rest.

    A spreadsheet centres or bottom-aligns a header cell's text, so text taller
    than its row runs up over the table's top rule: the line the rule cuts
    through, and any lines above it, one paragraph pitch apart and inside the
    cell's columns. A title above a table sits clear of its top rule."""
    xs = grid.cols
    taken: set[int] = set()
    for o in dict.fromkeys(grid.owner[0]):
        ink = [ch for ch in buckets.get(o, []) if ch.text.strip()]
        if not ink:
            continue
        c1 = max(c for c in range(len(xs) - 1) if grid.owner[0][c] == o) + 1
        for line in _lines_cut_above(grid, ink, o[1], c1, [ch for ch in outside if id(ch) not in taken], outside):
            buckets[o].extend(line)
            taken.update(id(ch) for ch in line)
    return [ch for ch in outside if id(ch) not in taken] if taken else outside


def _lines_cut_above(grid: Grid, ink: list[Char], c0: int, c1: int, free: list[Char],
                     outside: list[Char]) -> list[list[Char]]:
    """The lines above a first-row cell (columns ``c0``..``c1``) its top rule
    cut off: the first crosses the rule, each next one is a paragraph pitch
    higher, and none is wider than the cell (a title)."""
    xs, ys = grid.cols, grid.rows
    s = current().cells
    size = max(ch.size for ch in ink)
    first = min(ch.top for ch in ink)
    near = [ch for ch in free if ch.top < first and xs[c0] <= ch.x0 and ch.x1 <= xs[c1]]
    out: list[list[Char]] = []
    at, crossing = first, True
    while True:
        line = [ch for ch in near if s.pitch_min_em * size <= at - ch.top <= s.pitch_max_em * size]
        if not line:
            return out
        top = min(ch.top for ch in line)
        line = [ch for ch in line if ch.top < top + s.line_band_em * size]
        if crossing and not any(ch.top < ys[0] < ch.bottom for ch in line):
            return out  # the line next above sits clear of the rule: nothing was cut
        band = [ch for ch in outside if abs(ch.top - top) < s.line_band_em * size]
        if runs_across(band, (xs[c0], xs[c1]), s.run_gap_em * size):
            return out  # a line wider than the cell is not the cell's (a title); the
            # next cell's own clipped line beside it, set off by the column edge, is no matter
        out.append(line)
        at, crossing = top, False


def runs_across(chars: Sequence[Char], edges: Sequence[float], gap: float) -> bool:
    """Does text run across one of ``edges`` (column edges): a glyph over it,
    or glyphs on both sides of it closer than ``gap``? A title or a paragraph
    does; two cells' texts set apart by their column edge do not."""
    ink = [ch for ch in chars if ch.text.strip()]
    for x in edges:
        if any(ch.x0 < x - 1 and ch.x1 > x + 1 for ch in ink):
            return True
        left = [ch.x1 for ch in ink if ch.x1 <= x + 1]
        right = [ch.x0 for ch in ink if ch.x0 >= x - 1]
        if left and right and min(right) - max(left) < gap:
            return True
    return False


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
    hidden = _hidden_other_type(chars, ink, first, size, top, above)
    if hidden is None:
        hidden = _hidden_over_rule(chars, ink, first, size, top, above)
    return [ch for ch in chars if id(ch) not in hidden] if hidden else chars


def _hidden_other_type(chars: list[Char], ink: list[Char], first: float, size: float, top: float,
                       above: Sequence[Char]) -> set[int] | None:
    """Two types on the cell's first line, colliding: the one that carries on
    the paragraph of the cell above is hidden (its ids), with its further
    lines. None when the first line is of one type, or neither carries on."""
    line_em = current().cells.first_line_em
    band = [ch for ch in ink if ch.top < first + line_em * size]
    by_type: dict[tuple[bool, float], list[Char]] = {}
    for ch in band:
        by_type.setdefault((ch.bold, round(ch.size)), []).append(ch)
    if len(by_type) != 2:
        return None
    (ka, a), (kb, b) = by_type.items()
    if _collide(a, b) < 2:
        return None
    for key, group in ((ka, a), (kb, b)):
        if _runs_on_from(group, above, top, need_cross=False):
            hidden = {id(ch) for ch in chars if ch.top < first + line_em * size and (ch.bold, round(ch.size)) == key}
            return hidden | _hidden_below(ink, min(ch.top for ch in group), size, above)
    return None


def _hidden_over_rule(chars: list[Char], ink: list[Char], first: float, size: float, top: float,
                      above: Sequence[Char]) -> set[int]:
    """The cell's first line, when it crosses the cell's top rule and collides
    with the line under it or carries on the paragraph above (its ids, with
    the further hidden lines); else nothing."""
    s = current().cells
    barely = top - s.rule_clear_em * size < first < top  # over the rule, but by less than shows
    if first >= top or (barely and not _keeps_above_pitch(first, above, size)):
        return set()  # the cell's first line starts below its rule: it shows
    upper = [ch for ch in ink if ch.top < first + s.same_line_em * size]
    lower = [ch for ch in ink if first + s.same_line_em * size <= ch.top < first + s.first_line_em * size]
    need = min(max(2, len(upper) // 2), sum(not ch.is_mark for ch in upper))  # a one-glyph line: that glyph
    collides = _collide(upper, lower) >= max(need, 1)
    if not collides and (barely or not _runs_on_from(upper, above, top)):
        return set()
    hidden = {id(ch) for ch in chars if ch.top < first + s.same_line_em * size}
    return hidden | _hidden_below(ink, first, size, above)


def _hidden_below(ink: Sequence[Char], first: float, size: float, above: Sequence[Char]) -> set[int]:
    """Further clipped lines of the paragraph above, drawn between the cell's own
    lines: each one line pitch (the paragraph's own) below the last, colliding
    with a line of the cell."""
    tops = sorted({round(ch.top, 1) for ch in above if ch.text.strip()})
    pitch = first - tops[-1] if tops else 0.0
    s = current().cells
    if not s.pitch_min_em * size <= pitch <= s.wrap_pitch_max_em * size:
        return set()
    out: set[int] = set()
    at = first
    while True:
        at += pitch
        line = [ch for ch in ink if abs(ch.top - at) < s.same_line_em * size]
        own = [ch for ch in ink if s.same_line_em * size <= abs(ch.top - at) < s.pitch_min_em * size]
        if not line or _collide(line, own) < max(2, len(line) // 2):
            return out
        out |= {id(ch) for ch in line}


def risen_from_below(chars: Sequence[Char], bottom: float, below: Sequence[Char]) -> list[Char]:
    """The chars of a cell's last line that belong to the cell below: a
    spreadsheet centres a cell's wrapped text on its row and, when the row is
    too low for it, draws its first line up over the rule, onto the cell
    above's own last line. Such a line collides with the line over it (closer
    than a line pitch, side by side), crosses the cell's bottom rule, and the
    cell below goes on one line pitch under it. Else nothing."""
    if not below or not any(ch.bottom > bottom for ch in chars):
        return []  # no glyph reaches under the rule (most cells): no lines to group
    lines = group_lines([ch for ch in chars if ch.text.strip()], overlaid=True)
    own = group_lines([ch for ch in below if ch.text.strip()], overlaid=True)
    if len(lines) < 2 or not own:
        return []
    s = current().cells
    last, over, first = lines[-1], lines[-2], own[0]
    size = last.size
    if sum(1 for ch in last.chars if not ch.is_mark and ch.x1 - ch.x0 > s.collide_pt) < 2:
        return []  # a glyph or two of no advance: marks a broken font set apart, no line
    if not (last.top < bottom and last.bottom - bottom > s.rule_clear_em * size):
        return []  # it does not cross the rule
    if last.top - over.top >= s.pitch_min_em * size or not _collide(last.chars, over.chars):
        return []  # it does not lie over the line above it
    if not s.pitch_min_em * size <= first.top - last.top <= s.pitch_max_em * size:
        return []
    return list(last.chars)


def _collide(a: Sequence[Char], b: Sequence[Char]) -> int:
    """How many base glyphs of ``a`` overlap a base glyph of ``b`` side by side."""
    bases = [y for y in b if not y.is_mark]
    tol = current().cells.collide_pt
    return sum(1 for x in a if not x.is_mark and any(x.x0 < y.x1 - tol and y.x0 < x.x1 - tol for y in bases))


def _runs_on_from(line: Sequence[Char], above: Sequence[Char], top: float, need_cross: bool = True) -> bool:
    """Does ``line`` carry on the paragraph of the cell above: same size and
    weight as its last line, one line pitch below it, and that line filled the
    cell? When the paragraph shows its own pitch (two lines or more) and
    ``line`` keeps it exactly, that is proof enough: a centred or broken
    paragraph's short lines fill nothing. With ``need_cross``, ``line`` must
    also cross the rule at ``top`` by a quarter of its size
    (``cells.cross_rule_em``), or, keeping the pitch, by any visible amount
    (``cells.rule_clear_em``)."""
    ink = [ch for ch in above if ch.text.strip()]
    if not ink or not line:
        return False
    size = line[0].size
    s = current().cells
    first = min(ch.top for ch in line)
    last_top = max(ch.top for ch in ink)
    pitch = first - last_top
    keeps = _keeps_above_pitch(first, ink, size)
    if need_cross and top - first < (s.rule_clear_em if keeps else s.cross_rule_em) * size:
        return False
    last = [ch for ch in ink if ch.top > last_top - s.same_line_em * size]
    if _is_figure(last) and _is_figure(line):
        return False  # a figure never wraps: a figure under a figure is the next row's
    wraps = keeps or (s.pitch_min_em * size <= pitch <= s.wrap_pitch_max_em * size and _fills(last, ink))
    same_type = all(abs(ch.size - size) < s.same_size_pt for ch in last) and _mostly_bold(last) == _mostly_bold(line)
    return wraps and same_type


def _keeps_above_pitch(first: float, above: Sequence[Char], size: float) -> bool:
    """Does a line at ``first`` go on the paragraph ``above`` at its own line
    pitch (the gap between its last two lines, equal within
    ``cells.same_line_em``)?"""
    s = current().cells
    tops = sorted({ch.top for ch in above if ch.text.strip()})
    if len(tops) < 2:
        return False
    tol = s.same_line_em * size
    last_top = tops[-1]
    before = [t for t in tops if t < last_top - tol]
    pitch = first - last_top
    return bool(before) and pitch >= s.pitch_min_em * size and abs(last_top - before[-1] - pitch) <= tol


def _mostly_bold(chars: Sequence[Char]) -> bool:
    """Are most of these glyphs bold (a line's weight, whatever a stray glyph's)?"""
    return sum(ch.bold for ch in chars) > len(chars) / 2


def _fills(last: Sequence[Char], ink: Sequence[Char]) -> bool:
    """Does a paragraph's ``last`` line reach across most of the paragraph's
    width (``ink``, all its glyphs)? Only a line that filled its cell was wrapped."""
    width = max(ch.x1 for ch in ink) - min(ch.x0 for ch in ink)
    return max(ch.x1 for ch in last) - min(ch.x0 for ch in ink) >= current().cells.filled_share * width


_FIGURE = re.compile(r"^(?:[-–—0-9๐-๙,.()/% ]+|#{2,})$")


def _is_figure(chars: Sequence[Char]) -> bool:
    """Do these glyphs, in x order, spell a figure ("1,073", "-", "###")?"""
    text = "".join(ch.text for ch in sorted(chars, key=lambda ch: ch.x0)).strip()
    return bool(text) and bool(_FIGURE.match(text))
