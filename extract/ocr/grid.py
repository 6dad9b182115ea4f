"""Ruled tables in a page image: the rules (long runs of ink that end on
rules), the grids they make, and which slots merge into one cell (a missing
rule is a merged cell, as in :class:`extract.cells.Grid`).

A segment is ``(position across, start, end along, labels)``: a row rule's y
and x span, a column rule's x and y span, in pixels, with the connected
components of the run mask it is made of (to erase it from the image).
"""
from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from thaitab.extract.ocr.image import line_masks, run_mask
from thaitab.extract.settings import current

Span = tuple[float, float]


@dataclass(slots=True)
class PixelGrid:
    """A ruled table found in the page image (pixels)."""

    cols: list[float]
    rows: list[float]
    owner: list[list[tuple[int, int]]]


def _components(mask, horizontal: bool, min_len: int):
    """Long components of a line mask: their labels and (position across,
    start, end along, label) per component."""
    import cv2

    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    segs = []
    for i in range(1, n):
        x, y, w, h, _area = stats[i]
        if horizontal and w >= min_len:
            segs.append((y + h / 2.0, float(x), float(x + w), i))
        elif not horizontal and h >= min_len:
            segs.append((x + w / 2.0, float(y), float(y + h), i))
    return labels, segs


def _merge_collinear(segs, tol: float, gap: float):
    """Join pieces of one rule broken by noise: same position, small gap."""
    segs = sorted(segs, key=lambda s: (round(s[0] / tol), s[1]))
    out: list[list] = []
    for p, a, b, lab in sorted(segs, key=lambda s: s[1]):
        for m in out:
            if abs(m[0] - p) <= tol and a - m[2] <= gap and b >= m[1] - gap:
                m[1], m[2] = min(m[1], a), max(m[2], b)
                m[3].append(lab)
                break
        else:
            out.append([p, a, b, [lab]])
    return out


def _cluster(segs: list[tuple[float, float, float]], tol: float) -> list[tuple[float, list[Span]]]:
    """Group segments on one line (position within ``tol``): (position, spans)."""
    segs = sorted(segs)
    groups: list[list[tuple[float, float, float]]] = []
    for s in segs:
        if groups and s[0] - groups[-1][-1][0] <= tol:
            groups[-1].append(s)
        else:
            groups.append([s])
    out = []
    for g in groups:
        length = sum(b - a for _, a, b in g)
        pos = sum(p * (b - a) for p, a, b in g) / length
        out.append((pos, sorted((a, b) for _, a, b in g)))
    return out


def _covered(spans: list[Span], a: float, b: float) -> float:
    """Share of [a, b] covered by spans."""
    if b <= a:
        return 0.0
    total = 0.0
    for s0, s1 in spans:
        lo, hi = max(s0, a), min(s1, b)
        if hi > lo:
            total += hi - lo
    return total / (b - a)


# --------------------------------------------------------------------------- rules that end on rules
def _on_row_rule(x: float, y: float, hs, tol: float) -> bool:
    """Does (x, y) lie on one of the row rules ``hs``?"""
    return any(abs(hy - y) <= tol and x0 - tol <= x <= x1 + tol for hy, x0, x1, _ in hs)


def _on_column_rule(x: float, y: float, vs, tol: float) -> bool:
    """Does (x, y) lie on one of the column rules ``vs``?"""
    return any(abs(vx - x) <= tol and vy0 - tol <= y <= vy1 + tol for vx, vy0, vy1, _ in vs)


def _met(x: float, y0: float, y1: float, hs, tol: float) -> bool:
    """Does a row rule end on or cross x somewhere between y0 and y1?"""
    return any(y0 + tol < hy < y1 - tol and x0 - tol <= x <= x1 + tol for hy, x0, x1, _ in hs)


def _column_rules(vsegs, hs, xh: float, tol: float) -> list:
    """The vertical runs that are column rules: they start and end on row rules
    ``hs``, or are long and reach one at one end or are met by one on the way
    (a long rule may run off the page at both ends, a row broken over three
    pages, as long as row rules meet it on the way)."""
    long_rule = current().ocr.long_column_xh * xh
    out = []
    for v in vsegs:
        x, y0, y1, _ = v
        t0, t1 = _on_row_rule(x, y0, hs, tol), _on_row_rule(x, y1, hs, tol)
        if (t0 and t1) or ((t0 or t1 or _met(x, y0, y1, hs, tol)) and y1 - y0 >= long_rule):
            out.append(v)
    return out


def _row_rules(hsegs, vkeep, tol: float) -> list:
    """The horizontal runs that end on column rules ``vkeep`` at both ends."""
    return [h for h in hsegs if _on_column_rule(h[1], h[0], vkeep, tol) and _on_column_rule(h[2], h[0], vkeep, tol)]


def _free_row_ends(hsegs, vsegs, tol: float) -> list[tuple[float, float, list]]:
    """(end x, row y, column rules met) of every row rule that meets two or more
    column rules but has one at one of its ends only: the other end is free."""
    free: list[tuple[float, float, list]] = []
    for hy, x0, x1, _ in hsegs:
        met = [v for v in vsegs if x0 - tol <= v[0] <= x1 + tol and v[1] - tol <= hy <= v[2] + tol]
        if len(met) < 2:
            continue
        at0 = any(abs(v[0] - x0) <= tol for v in met)
        at1 = any(abs(v[0] - x1) <= tol for v in met)
        if at0 and not at1:
            free.append((x1, hy, met))
        elif at1 and not at0:
            free.append((x0, hy, met))
    return free


def _edge_rule(free: list[tuple[float, float, list]], group: list[int]) -> list:
    """A column rule (no pixels, no label) at the common end of the row rules
    ``group``, as tall as the column rules they meet."""
    ex = median(free[k][0] for k in group)
    met = [v for k in group for v in free[k][2]]
    top = min(min(v[1] for v in met), min(free[k][1] for k in group))
    bottom = max(max(v[2] for v in met), max(free[k][1] for k in group))
    return [ex, top, bottom, []]


def _missing_edges(hsegs, vsegs, tol: float) -> list:
    """Column rules at the table's left or right edge that the image lost.

    A row rule that meets at least two column rules (so it crosses a column,
    not just a letter) but has no column rule at one of its ends stops there
    because the table does. Where two or more such rules stop at the same x,
    that x is an edge: a column rule is put there (no pixels, no label), as
    tall as the column rules those row rules meet.
    """
    free = _free_row_ends(hsegs, vsegs, tol)
    out: list = []
    used: set[int] = set()
    for i, (x, _, _) in enumerate(free):
        if i in used:
            continue
        group = [k for k, (xk, _, _) in enumerate(free) if k not in used and abs(xk - x) <= tol]
        if len({round(free[k][1]) for k in group}) < 2:
            continue
        used.update(group)
        out.append(_edge_rule(free, group))
    return out


def _rule_segments(bw, xh: float):
    """The long horizontal and vertical runs of the image, pieces of one rule
    joined: (row labels, row segments, column labels, column segments)."""
    s = current().ocr
    H, W = bw.shape
    h_len = max(s.row_rule_min_px, W // s.row_rule_div)
    v_len = max(s.column_rule_min_px, int(s.column_rule_xh * xh))
    hmask, vmask = line_masks(bw, h_len, v_len)
    hlab, hsegs = _components(hmask, True, h_len)
    vlab, vraw = _components(vmask, False, v_len)
    vsegs = _merge_collinear(vraw, tol=s.collinear_tol_px, gap=s.column_break_xh * xh)
    hsegs = _merge_collinear(hsegs, tol=s.collinear_tol_px, gap=s.row_break_xh * xh)
    return hlab, hsegs, vlab, vsegs


def _table_rules(hsegs, vsegs, xh: float, tol: float) -> tuple[list, list]:
    """The row and column rules of tables among the runs: (row rules, column rules).

    Start from every long horizontal run, then keep only the row rules that
    end on column rules at both ends (the joined feet of a line of bold
    letters do not) and the column rules that end on those, twice over: a
    tall letter touching a rule above and a line of letters below falls out.
    """
    vkeep = _column_rules(vsegs, hsegs, xh, tol)
    # An outer column rule can be too faint to see: a 0.75 pt border that the
    # PDF's clip cuts to a sliver rasterises as one pale pixel column, lost in
    # the scan's noise. Row rules that run from the column rules on to one
    # common end still show where it is: put the edge there.
    edge = _missing_edges(hsegs, vkeep, tol)
    if edge:
        vsegs = vsegs + edge
        vkeep = _column_rules(vsegs, hsegs, xh, tol)
    for _ in range(2):
        hkeep = _row_rules(hsegs, vkeep, tol)
        vkeep = _column_rules(vsegs, hkeep, xh, tol)
    return _row_rules(hsegs, vkeep, tol), vkeep


def _rules_mask(hlab, vlab, hkeep, vkeep):
    """The pixels of the kept rules (255), for erasing them before OCR."""
    import cv2
    import numpy as np

    keep_h = np.zeros(hlab.max() + 1, np.uint8)
    keep_h[[lab for s in hkeep for lab in s[3]]] = 255
    keep_v = np.zeros(vlab.max() + 1, np.uint8)
    keep_v[[lab for s in vkeep for lab in s[3]]] = 255
    keep_h[0] = keep_v[0] = 0
    return cv2.bitwise_or(keep_h[hlab], keep_v[vlab])


# --------------------------------------------------------------------------- grids from rules
def _add_cut_rows(ys: list[float], row_spans: list, xs: list[float], vs, xh: float) -> None:
    """Rows cut off by the page edge: the column rules run on past the last
    (or before the first) row rule, so the table's edge is where they end."""
    cut = current().ocr.cut_row_xh * xh
    v_top = min(s[1] for s in vs)
    v_bottom = max(s[2] for s in vs)
    if v_bottom - ys[-1] > cut:
        ys.append(v_bottom)
        row_spans.append([(xs[0], xs[-1])])
    if ys[0] - v_top > cut:
        ys.insert(0, v_top)
        row_spans.insert(0, [(xs[0], xs[-1])])


def _slot_owners(xs: list[float], ys: list[float], row_spans: list, col_spans: list) -> list[list[tuple[int, int]]]:
    """The cell each slot of the grid belongs to: a slot without a rule above
    it belongs to the cell above (merged rows), one without a rule on its left
    to the cell on the left."""
    s = current().ocr
    inset, cover = s.slot_inset_px, s.rule_cover_share
    owner: list[list[tuple[int, int]]] = []
    for r in range(len(ys) - 1):
        row: list[tuple[int, int]] = []
        for c in range(len(xs) - 1):
            o = (r, c)
            if r > 0 and _covered(row_spans[r], xs[c] + inset, xs[c + 1] - inset) < cover:
                o = owner[r - 1][c]
            elif c > 0 and _covered(col_spans[c], ys[r] + inset, ys[r + 1] - inset) < cover:
                o = row[c - 1]
            row.append(o)
        owner.append(row)
    return owner


def _grid_in_box(box: tuple[int, int, int, int], hkeep, vkeep, xh: float, tol: float) -> PixelGrid | None:
    """The grid of the rules within ``box`` (x0, y0, x1, y1), or None when they
    make no table (no row rule, fewer than three column rules)."""
    hs = [s[:3] for s in hkeep if box[1] <= s[0] <= box[3] and s[1] >= box[0] and s[2] <= box[2]]
    vs = [s[:3] for s in vkeep if box[0] <= s[0] <= box[2] and s[1] >= box[1] and s[2] <= box[3]]
    rows = _cluster(hs, tol)
    cols = _cluster(vs, tol)
    if not rows or len(cols) < 3:
        return None
    xs = [p for p, _ in cols]
    ys = [p for p, _ in rows]
    row_spans = [s for _, s in rows]
    col_spans = [s for _, s in cols]
    _add_cut_rows(ys, row_spans, xs, vs, xh)
    if len(ys) < 2:
        return None
    return PixelGrid(xs, ys, _slot_owners(xs, ys, row_spans, col_spans))


def _table_boxes(rules, shape: tuple[int, int]) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1) around the groups of rules that touch, each a
    table when it is large enough."""
    import cv2

    s = current().ocr
    H, W = shape
    k, m = s.grid_join_px, s.grid_box_px
    joined = cv2.dilate(rules, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    n, _labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    boxes = []
    for i in range(1, n):
        x, y, w, h, _area = stats[i]
        if w < s.grid_min_width_page * W or h < s.grid_min_height_page * H:
            continue
        boxes.append((x - m, y - m, x + w + m, y + h + m))
    return boxes


def find_grids(bw, xh: float = 28.0) -> tuple[list[PixelGrid], object]:
    """Ruled tables in a binary (ink = 255) image, top to bottom, and the mask of
    their rules (for erasing them before OCR).

    A vertical run of ink is a column rule only when it starts and ends on a
    row rule (or is long and reaches one at one end or is met by one on its
    way, the page edge having cut the table above or below): tall letters
    (ใ ไ ป ฟ) and brackets never do. A horizontal run is a row rule only when
    it ends on column rules at both ends. Runs broken by noise are joined
    first.
    """
    s = current().ocr
    tol = max(s.rule_tol_min_px, s.rule_tol_xh * xh)
    hlab, hsegs, vlab, vsegs = _rule_segments(bw, xh)
    hkeep, vkeep = _table_rules(hsegs, vsegs, xh, tol)
    rules = _rules_mask(hlab, vlab, hkeep, vkeep)
    grids = [g for box in _table_boxes(rules, bw.shape) if (g := _grid_in_box(box, hkeep, vkeep, xh, tol))]
    grids.sort(key=lambda g: g.rows[0])
    return grids, rules


def horizontal_rules(bw, min_share: float | None = None) -> tuple[list[tuple[float, float, float]], object]:
    """Long horizontal rules of a binary image, (y, x0, x1) in pixels, at least
    ``min_share`` of the page wide (``ocr.horizontal_rule_page``), and their
    mask (for erasing)."""
    import numpy as np

    s = current().ocr
    if min_share is None:
        min_share = s.horizontal_rule_page
    W = bw.shape[1]
    h_len = max(s.row_rule_min_px, W // s.row_rule_div)
    hmask = run_mask(bw, h_len, True)
    labels, segs = _components(hmask, True, h_len)
    segs = [m for m in _merge_collinear(segs, tol=s.collinear_tol_px, gap=h_len / s.row_break_div)
            if m[2] - m[1] >= min_share * W]
    keep = np.zeros(labels.max() + 1, np.uint8)
    keep[[lab for m in segs for lab in m[3]]] = 255
    keep[0] = 0
    return [(m[0], m[1], m[2]) for m in segs], keep[labels]
