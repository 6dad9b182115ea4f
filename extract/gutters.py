"""Columns and rows of a table without column rules: white gutters between
text columns, rows from horizontal rules or from where text blocks start."""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import Sequence

from thaitab.extract.chars import Char
from thaitab.extract.grid import _dedupe_edges
from thaitab.extract.lines import Line, group_lines, make_line
from thaitab.extract.settings import current



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


def find_gutters(lines: Sequence[Line], x_min: float, x_max: float, size: float,
                 tolerance: int = 0, min_em: float | None = None) -> list[float]:
    """Column edges from white vertical strips that no text line crosses.

    ``tolerance`` lines may cross a strip (a stray signature or note line);
    a strip must be ``min_em`` wide (default: the ``cells.min_gutter_em``
    setting). Returns edges from ``x_min`` to ``x_max``.
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
    min_w = (current().cells.min_gutter_em if min_em is None else min_em) * size / step
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
    gutter = current().cells.min_gutter_em * size
    for ch in line.chars:
        if not ch.text.strip():
            continue
        if prev is not None and ch.x0 - prev > gutter:
            n += 1
        prev = max(prev, ch.x1) if prev is not None else ch.x1
    return n


def _row_starts(cell_lines: list[list[Line]]) -> list[float]:
    """Tops where a new row starts: two or more columns begin a block of text
    on the same baseline. A block begins after a gap of more than one and a
    half times the usual line spacing; starts closer together than one line
    spacing (lines of a vertically centred header) are one row."""
    diffs = sorted(b.top - a.top for col in cell_lines for a, b in zip(col, col[1:]) if b.top > a.top + 1)
    if not diffs:
        return []
    spacing = diffs[len(diffs) // 4]
    s = current().cells
    found: list[float] = []
    for col in cell_lines:
        prev = None
        for ln in col:
            if prev is None or ln.top - prev.top > s.row_start_pitch * spacing:
                found.append(ln.top)
            prev = ln
    found.sort()
    groups: list[list[float]] = []
    for y in found:
        if groups and y - groups[-1][0] < s.row_same_pitch * spacing:
            groups[-1].append(y)
        else:
            groups.append([y])
    return [g[0] for g in groups if len(g) >= 2]


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
            row.append((r, c) if _ruled_under(rules, ys[r], cols, c) else owner[r - 1][c])
        owner.append(row)
    return ys, owner


def _ruled_under(rules, y: float, cols: Sequence[float], c: int) -> bool:
    """Does a rule at height ``y`` run under column ``c``?"""
    mid = (cols[c] + cols[c + 1]) / 2
    return any(abs(ry - y) <= 3 and rx0 - 2 <= mid <= rx1 + 2 for ry, rx0, rx1 in rules)


def group_labels(rules, chars: Sequence[Char], cols: list[float], ys: list[float],
                 owner: list[list[tuple[int, int]]]) -> list[list[tuple[int, int]]]:
    """Labels over groups of columns in a table without column rules. A
    spreadsheet underlines a merged group cell ("2549" over three figures'
    names) with its bottom border, which covers the group's columns and not
    the table's others; the label is the only text over them, and under it
    each column is named on its own, in words, not figures (an underline over
    amounts before a total is no group). Such a cell spans its group from the
    left, so every column it covers is named by it. Only in the header band
    (above the first rule across the whole table), and only a label centred
    over the group, as a merged cell centres its text."""
    n = len(cols) - 1
    share = current().cells.group_centre_share
    for r in range(len(ys) - 2):
        under = [_ruled_under(rules, ys[r + 1], cols, c) for c in range(n)]
        if all(under):
            break
        for a, b in _runs(under):
            if b == a or any(owner[r][c] != (r, c) for c in range(a, b + 1)):
                continue
            label = [ch for ch in chars if ch.text.strip() and cols[a] <= (ch.x0 + ch.x1) / 2 < cols[b + 1]
                     and ys[r] <= (ch.top + ch.bottom) / 2 < ys[r + 1]]
            if not label or not _centred(label, cols[a], cols[b + 1], share):
                continue
            names = [_text_in(chars, cols[c], cols[c + 1], ys[r + 1], ys[r + 2]) for c in range(a, b + 1)]
            if all(names) and not any(_ONE_FIGURE.match(t.replace(" ", "")) for t in names):
                for c in range(a, b + 1):
                    owner[r][c] = (r, a)
    return owner


def _centred(chars: Sequence[Char], x0: float, x1: float, share: float) -> bool:
    """Is this text one run on each of its lines, centred between ``x0`` and
    ``x1``? (Two texts side by side over the group are two labels, not one:
    the texts of a record's cells, line by line.)"""
    left, right = min(ch.x0 for ch in chars), max(ch.x1 for ch in chars)
    for line in group_lines(chars):
        xs = sorted(line.chars, key=lambda ch: ch.x0)
        reach = xs[0].x1
        for ch in xs[1:]:
            if ch.x0 - reach > ch.size:
                return False  # a gap of more than an em: two texts
            reach = max(reach, ch.x1)
    return abs((left + right) / 2 - (x0 + x1) / 2) <= share * (x1 - x0)


def _runs(flags: Sequence[bool]) -> list[tuple[int, int]]:
    """The first and last index of every run of True."""
    out, start = [], None
    for i, f in enumerate(list(flags) + [False]):
        if f and start is None:
            start = i
        elif not f and start is not None:
            out.append((start, i - 1))
            start = None
    return out


def _text_in(chars: Sequence[Char], x0: float, x1: float, top: float, bottom: float) -> str:
    """The text of the glyphs whose middle lies in the box, in reading order."""
    inside = [ch for ch in chars if x0 <= (ch.x0 + ch.x1) / 2 < x1 and top <= (ch.top + ch.bottom) / 2 < bottom]
    return "".join(ch.text for ch in sorted(inside, key=lambda ch: (round(ch.top), ch.x0))).strip()


def _rows_from_text(region: Sequence[Line], cols: list[float], top: float, bottom: float) -> list[float]:
    """Row edges for a table without rules (see :func:`_row_starts`)."""
    starts = _row_starts(per_column(region, cols))
    # a header set in bold ends where the first line not in bold begins
    head_end = _bold_header_end(region)
    if head_end is not None:
        starts = sorted(set(starts) | {head_end})
    ys = [top] + [s - 1 for s in starts if s - 1 > top + 2] + [bottom]
    return _dedupe_edges(ys, tol=2)


def per_column(region: Sequence[Line], cols: list[float]) -> list[list[Line]]:
    """Each page line split into its pieces per column, column by column."""
    per_col: list[list[Line]] = [[] for _ in range(len(cols) - 1)]
    for ln in region:
        groups: dict[int, list[Char]] = {}
        for ch in ln.chars:
            cx = (ch.x0 + ch.x1) / 2
            c = min(max(bisect_right(cols, cx) - 1, 0), len(cols) - 2)
            groups.setdefault(c, []).append(ch)
        for c, chs in groups.items():
            if any(ch.text.strip() for ch in chs):
                text = "".join(ch.text for ch in chs)
                per_col[c].append(Line(tuple(chs), text, min(ch.x0 for ch in chs), max(ch.x1 for ch in chs),
                                       min(ch.top for ch in chs), max(ch.bottom for ch in chs), ln.size))
    return per_col


def _bold_header_end(region: Sequence[Line]) -> float | None:
    """Top of the first line after a run of bold lines at the top of a table."""
    seen_bold = False
    for ln in region:
        ink = [c for c in ln.chars if c.text.strip()]
        if not ink:
            continue
        bold = sum(c.bold for c in ink) > current().cells.bold_share * len(ink)
        if bold:
            seen_bold = True
        elif seen_bold:
            return ln.top
        else:
            return None
    return None


def split_figure_columns(lines: Sequence[Line], cols: list[float], size: float) -> list[float]:
    """Columns of figures set close together, split. Right-aligned numbers in
    neighbouring columns may stand closer than a gutter ("49,168 49,330"),
    yet a number never holds a space: in a column where most lines that hold
    only figures hold two or more, a narrower white strip
    (``cells.figure_gutter_em``) that none of the lines holding the most
    figures crosses is a column edge. Lines with fewer (a header's years over
    their column pairs, rows with empty cells) may cross it."""
    s = current().cells
    out = [cols[0]]
    for a, b in zip(cols, cols[1:]):
        figures: list[tuple[int, list[Char]]] = []  # (how many figures, the glyphs) per line of figures only
        for ln in lines:
            piece = _in_column(ln, a, b)
            words = word_runs(piece, size)
            if words and all(_ONE_FIGURE.match("".join(ch.text for ch in w)) for w in words):
                figures.append((len(words), piece))
        several = [f for f in figures if f[0] >= 2]
        most = max((k for k, _ in several), default=0)
        full = [make_line(p) for k, p in several if k == most]
        if len(full) >= 3 and 2 * len(several) >= len(figures):
            out += find_gutters(full, a, b, size, min_em=s.figure_gutter_em)[1:-1]
        out.append(b)
    return out


def _in_column(line: Line, a: float, b: float) -> list[Char]:
    """A line's glyphs (not blanks) whose middle lies in column ``a``..``b``."""
    return [ch for ch in line.chars if ch.text.strip() and a <= (ch.x0 + ch.x1) / 2 < b]


def split_glued_figures(lines: Sequence[Line], cols: list[float], size: float) -> list[float]:
    """Columns of right-aligned figures that run into the next column's text,
    split. A number never runs into a word ("1,650.00ใช้งานได้"): where figures
    glued to letters end at one x in two or more lines, figures alone end
    there in another line of the column, and they do not all start together
    (right-aligned: a column's edge, not numbered paragraphs), that x is a
    column edge. A spreadsheet fitted to its page leaves no white between its
    columns."""
    near = current().cells.run_gap_em * size
    out = [cols[0]]
    for a, b in zip(cols, cols[1:]):
        glued, alone = _figure_ends(lines, a, b, size)
        for c in _clusters(sorted(glued, key=lambda f: f[1]), near):
            x = max(e for _, e in c)
            same = c + [f for f in alone if abs(f[1] - x) <= near]
            if (len(c) >= 2 and len(same) > len(c) and max(s for s, _ in same) - min(s for s, _ in same) > near
                    and out[-1] + near < x < b - near):
                out.append(x + 0.1)
        out.append(b)
    return out


def _figure_ends(lines: Sequence[Line], a: float, b: float,
                 size: float) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """(start, end) of the figures in column ``a``..``b``: those a word follows
    without a gap, and those alone in their word run."""
    glued: list[tuple[float, float]] = []
    alone: list[tuple[float, float]] = []
    for ln in lines:
        for run in word_runs(_in_column(ln, a, b), size):
            text = "".join(ch.text for ch in run)
            m = _GLUED_FIGURE.match(text)
            if m:
                glued.append((run[0].x0, _end_of_prefix(run, len(m.group(1)))))
            elif _ONE_FIGURE.match(text) and text[-1].isdigit():
                alone.append((run[0].x0, run[-1].x1))
    return glued, alone


def _clusters(spans: Sequence[tuple[float, float]], near: float) -> list[list[tuple[float, float]]]:
    """Spans (sorted by end) in runs whose ends lie within ``near`` of the one before."""
    out: list[list[tuple[float, float]]] = []
    for f in spans:
        if out and f[1] - out[-1][-1][1] <= near:
            out[-1].append(f)
        else:
            out.append([f])
    return out


def _end_of_prefix(run: Sequence[Char], n: int) -> float:
    """Where the run's first ``n`` characters of text end."""
    seen = 0
    for ch in run:
        seen += len(ch.text)
        if seen >= n:
            return ch.x1
    return run[-1].x1


# a figure a word follows without a gap: "1,650.00ใช้งานได้"
_GLUED_FIGURE = re.compile(r"^([-–(]?[0-9๐-๙][0-9๐-๙,]*(?:\.[0-9๐-๙]+)?[)%]?)[\u0e01-\u0e2e\u0e40-\u0e44A-Za-z]")

# one figure: "1,073", "-12.5", "(300)", "45%", a dash for none; grouped figures read without spaces
_ONE_FIGURE = re.compile(r"^(?:[-–—+(]?[0-9๐-๙][0-9๐-๙,.]*[)%]?|[-–—])$")


def word_runs(chars: Sequence[Char], size: float) -> list[list[Char]]:
    """A line's glyphs in words, left to right: split at blank glyphs and at
    gaps of ``cells.run_gap_em`` or more (where a typed run ends)."""
    gap = current().cells.run_gap_em * size
    runs: list[list[Char]] = [[]]
    for ch in sorted(chars, key=lambda ch: ch.x0):
        if not ch.text.strip() or (runs[-1] and ch.x0 - runs[-1][-1].x1 > gap):
            runs.append([])
        if ch.text.strip():
            runs[-1].append(ch)
    return [r for r in runs if r]
