"""Ruled rows that list several records without rules between them."""
from __future__ import annotations

from bisect import bisect_right
from typing import Sequence

from thaitab.extract.clipped import _FIGURE
from thaitab.extract.grid import Cell
from thaitab.extract.lines import Line
from thaitab.extract.settings import current
from thaitab.extract.wrap import wrapped


def lists_one_figure_a_line(lines: Sequence[Line], at_least: int = 3) -> bool:
    """Lines that list one figure each ("1", "-", "๓", "2,500"), ``at_least`` of them."""
    texts = [ln.text.strip() for ln in lines if ln.text.strip()]
    return len(texts) >= at_least and all(_FIGURE.match(t) for t in texts)


def _figure_column(cell: Cell, lines: int = 3) -> bool:
    """A cell that lists one figure per line."""
    return lists_one_figure_a_line(cell.lines, lines)


def _lists_figures(row: list[Cell]) -> bool:
    """A column of three or more figures, or two columns of two or more."""
    return any(_figure_column(c) for c in row) or sum(_figure_column(c, 2) for c in row) >= 2


def split_listed_row(row: list[Cell]) -> list[list[Cell]]:
    """Split a ruled row that is really a list of records without rules
    between them: its columns of figures give one value per line, each on the
    baseline of the record it belongs to. A line of figures starts a record.

    Text beside the figures goes with its record: below the record's first
    line when the column's text starts on every record's baseline (top-aligned,
    a wrapped name runs on below), above its last line when the text ends on
    the baselines (bottom-aligned, wrapping upwards: :func:`_hanging_lines`
    shapes, shown by two records hanging apart from the line above them with
    the first record risen above its baseline, by two such records whose text
    wraps, or by a second column risen above the first record; a section label
    is broken off its record on purpose and stands in one column), else to the record it is
    centred on (centred text wraps both ways around its baseline, and when
    taller than its row over the next record's: see :func:`_centred_on`). A
    cell of one short paragraph on no record's baseline is a label merged over
    all the records (a region beside its provinces): it goes to the first and
    covers the rest. Rows with merged cells, or without a column of figures,
    are left whole."""
    if any(c.spanned for c in row) or not _lists_figures(row):
        return [row]
    size = max((ln.size for c in row for ln in c.lines), default=12.0)
    starts = _record_starts(row, size)
    if len(starts) < 2:
        return [row]
    edge = current().cells.record_edge_em * size
    edges = [row[0].bbox[1]] + [s - edge for s in starts[1:]] + [row[0].bbox[3]]
    per_cell: list[list[list[Line]]] = []
    merged: list[bool] = []
    for c, on_bottom in zip(row, _set_on_bottom(row, starts, size)):
        slots, label = _deal_lines(c, starts, edges, size, on_bottom)
        per_cell.append(slots)
        merged.append(label)
    out: list[list[Cell]] = []
    for k in range(len(starts)):
        top, bottom = edges[k], edges[k + 1]
        out.append([Cell(tuple(per_cell[j][k]), (c.bbox[0], top, c.bbox[2], bottom),
                         spanned=merged[j] and k > 0) for j, c in enumerate(row)])
    return out


def _set_on_bottom(row: list[Cell], starts: list[float], size: float) -> list[bool]:
    """Per cell, is its text set on the bottom of the records' rows (see
    :func:`split_listed_row` for the signs)?"""
    on = current().cells.record_on_em * size
    texts = [[ln for ln in c.lines if ln.text.strip()] for c in row]
    hanging = [_hanging_lines(lines, starts, on, size) for lines in texts]
    above = [any(ln.top < starts[0] - on for ln in lines) for lines in texts]
    # a label over the first record stands in one column; text above it in two is wrapped upwards
    upward_row = sum(h is not None and a for h, a in zip(hanging, above)) >= 2
    return [h is not None and ((a and len(h) >= 2) or upward_row or _wrapping(h, lines, c) >= 2)
            for c, lines, h, a in zip(row, texts, hanging, above)]


def _record_starts(row: list[Cell], size: float) -> list[float]:
    """The tops of the lines of the row's figure columns: where records start."""
    starts: list[float] = []
    same = current().cells.record_same_em * size
    for cell in row:
        if _figure_column(cell, 2):
            for ln in cell.lines:
                if ln.text.strip() and not any(abs(ln.top - s) < same for s in starts):
                    starts.append(ln.top)
    return sorted(starts)


def _deal_lines(cell: Cell, starts: list[float], edges: list[float],
                size: float, set_on_bottom: bool) -> tuple[list[list[Line]], bool]:
    """One cell's lines dealt out to the records (see :func:`split_listed_row`),
    and whether the cell is a label merged over them all. ``set_on_bottom``:
    the cell's text ends on the records' baselines (:func:`_hanging_lines`)."""
    n = len(starts)
    lines = [ln for ln in cell.lines if ln.text.strip()]
    on = current().cells.record_on_em * size
    on_start = [any(abs(ln.top - s) < on for ln in lines) for s in starts]
    slots: list[list[Line]] = [[] for _ in range(n)]
    label = not any(on_start) and _label_paragraph(lines, starts, size)
    upward = not label and set_on_bottom
    for ln in lines:
        if label:
            k = 0
        elif upward:
            k = next((i for i, s in enumerate(starts) if s > ln.top - on), n - 1)
        elif all(on_start) or _figure_column(cell, 2):
            k = max(0, bisect_right(edges, ln.top) - 1) if ln.top >= edges[0] else 0
            k = min(k, n - 1)
        else:
            k = _centred_on(ln, lines, starts, size)
        slots[k].append(ln)
    return slots, label


def _hanging_lines(lines: Sequence[Line], starts: list[float], on: float, size: float) -> list[Line] | None:
    """The first lines of the records whose text hangs from its own baseline,
    if the cell's text may be set on the bottom of its rows (a spreadsheet's
    default); None if not. Then each record's text ends on its baseline and
    wraps upwards: no line stands below the last record's baseline, and every
    line off a baseline runs down, a line pitch at a time, to a line on the
    next baseline (centred text, half above and half below a baseline, does
    not). Where rows fit their text exactly, lines read as well down from one
    baseline as up from the next (a label above the first record, then names
    wrapped down); records whose text stands apart from the line above it,
    hanging from its own baseline, show the text set on the bottom, unless
    they are section labels over the record under them (see
    :func:`split_listed_row` for what tells them apart)."""
    if any(ln.top >= starts[-1] + on for ln in lines):
        return None
    pitch = current().cells.pitch_max_em * size
    ordered = sorted(lines, key=lambda ln: ln.top)
    tops = [ln.top for ln in ordered]
    hangs: list[Line] = []
    for i, t in enumerate(tops):
        if any(abs(t - s) < on for s in starts):
            continue
        end = next(s for s in starts if s > t)
        chain = [u for u in tops if t <= u < end + on]
        if not any(abs(u - end) < on for u in chain) or any(b - a > pitch for a, b in zip(chain, chain[1:])):
            return None
        if i > 0 and t > starts[0] and t - tops[i - 1] > pitch:
            hangs.append(ordered[i])
    return hangs


def _wrapping(hangs: Sequence[Line], lines: Sequence[Line], cell: Cell) -> int:
    """How many hanging lines wrap into the line under them (the break is no
    author's: the next word did not fit). A section label over a record is
    broken off it on purpose; a record's own text set on the bottom wraps."""
    ordered = sorted(lines, key=lambda ln: ln.top)
    limit = cell.bbox[2] - (min((ln.x0 for ln in lines), default=cell.bbox[0]) - cell.bbox[0])
    count = 0
    for ln in hangs:
        i = ordered.index(ln)
        if i + 1 < len(ordered) and wrapped(ln, ordered[i + 1], limit, ordered[i + 2] if i + 2 < len(ordered) else None):
            count += 1
    return count


def _label_paragraph(lines: Sequence[Line], starts: list[float], size: float) -> bool:
    """Do a cell's lines, none on a record's baseline, make one short
    paragraph that is not centred on any record either: a label merged over
    the records (a region name that wraps), not one record's text."""
    if not lines or len(lines) > 3 or len(starts) < 2 * len(lines):
        return False
    s = current().cells
    tops = sorted(ln.top for ln in lines)
    if any(not s.pitch_min_em * size <= b - a <= s.pitch_max_em * size for a, b in zip(tops, tops[1:])):
        return False
    middle = (tops[0] + tops[-1]) / 2
    return len(lines) == 1 or not any(abs(middle - st) <= s.same_line_em * size for st in starts)


def _centred_on(ln: Line, lines: Sequence[Line], starts: list[float], size: float) -> int:
    """The record a line of centred text belongs to. Centred lines lie
    symmetric about their record's baseline (two lines half a pitch above and
    below it, three with the middle one on it), so a line that another line
    mirrors about the baseline above or below it is that record's, even when
    the text is taller than its row and reaches nearer the next record's
    baseline; else the record whose baseline is nearest."""
    on = current().cells.record_on_em * size
    same = current().cells.same_line_em * size
    for i, s in enumerate(starts):
        if abs(ln.top - s) < on:
            return i
    above = max((i for i, s in enumerate(starts) if s <= ln.top), default=None)
    below = min((i for i, s in enumerate(starts) if s > ln.top), default=None)
    pitch_min = current().cells.pitch_min_em * size

    def mirrors(i: int) -> bool:
        # a line on the baseline is the paragraph's middle line, a line pitch away
        s = starts[i]
        return (any(o is not ln and abs(o.top - (2 * s - ln.top)) <= same for o in lines)
                and all(abs(o.top - ln.top) >= pitch_min for o in lines if o is not ln and abs(o.top - s) < on))
    mirrored = [i for i in (above, below) if i is not None and mirrors(i)]  # text overflows into the next record only
    mid = (ln.top + ln.bottom) / 2
    pick = mirrored or range(len(starts))
    return min(pick, key=lambda i: (abs(starts[i] + 0.5 * (ln.bottom - ln.top) - mid), i))
