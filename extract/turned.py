"""Text set a quarter turn: the vertical labels of a narrow header cell.

Spreadsheets and word processors turn a tall, narrow header's text by 90
degrees ("จำนวนครั้งที่ประสบภัย" running up the cell). pdfplumber gives such
glyphs with a text matrix (0, ±1, ∓1, 0): each glyph's box is the font size
wide across the run and its advance long along it. The text is the table's own
(a column's name), so it is laid back on a line rather than dropped: a run of
turned glyphs (one orientation, one column of text, no gap wider than a line
height) becomes one upright line inside the strip the run occupies, its glyphs
in reading order and scaled by the same factor in both directions, so that
glyph gaps keep their size relative to the font (spaces stay spaces) and every
glyph's centre stays in the cell the run was drawn in.

Diagonal glyphs (watermarks) are not text of the table and are not read here.
"""
from __future__ import annotations

from typing import Mapping, Sequence

from thaitab.extract.settings import current

__all__ = ["quarter_turn", "lay_flat"]


def quarter_turn(c: Mapping) -> int:
    """+1 for a glyph turned to run up the page, -1 to run down, 0 otherwise."""
    m = c.get("matrix")
    if m is None:
        return 0
    a, b, cc, d = m[0], m[1], m[2], m[3]
    tol = current().text.upright_skew_share
    if abs(a) > tol * abs(b) or abs(d) > tol * abs(cc) or not b or not cc or (b > 0) == (cc > 0):
        return 0
    return 1 if b > 0 else -1


def _along(c: Mapping, turn: int) -> tuple[float, float]:
    """The glyph's extent along its line, growing in reading order."""
    return (-c["bottom"], -c["top"]) if turn > 0 else (c["top"], c["bottom"])


def _runs(glyphs: Sequence[tuple[Mapping, int]]) -> list[list[tuple[Mapping, int]]]:
    """Glyphs (drawing order) cut into runs: same turn, same strip across the
    line, and no gap along it wider than the font size."""
    runs: list[list[tuple[Mapping, int]]] = []
    strip = current().text.turned_strip_share
    for g in glyphs:
        c, turn = g
        if runs:
            p, pturn = runs[-1][-1]
            size = p["x1"] - p["x0"]
            same_strip = abs(c["x0"] - p["x0"]) <= strip * size
            gap = _along(c, turn)[0] - _along(p, pturn)[1]
            if turn == pturn and same_strip and -size <= gap <= size:
                runs[-1].append(g)
                continue
        runs.append([g])
    return runs


def lay_flat(glyphs: Sequence[tuple[Mapping, int]], make) -> list:
    """Upright chars for quarter-turned glyphs, a run a line.

    ``glyphs``: (pdfplumber char, turn) in drawing order; ``make(c, x0, x1,
    top, bottom, size)`` builds one char. Each run's line is as wide as the
    run's strip (the font size) and centred where the run is."""
    out = []
    for run in _runs(glyphs):
        first, turn = run[0]
        size = first["x1"] - first["x0"]
        spans = [_along(c, turn) for c, _ in run]
        start = min(s[0] for s in spans)
        length = max(s[1] for s in spans) - start
        k = min(1.0, size / length) if length > 0 else 1.0
        mid = (min(c["top"] for c, _ in run) + max(c["bottom"] for c, _ in run)) / 2
        top = mid - size * k / 2
        for (c, _), (u0, u1) in zip(run, spans):
            x0 = first["x0"] + (u0 - start) * k
            out.append(make(c, x0, first["x0"] + (u1 - start) * k, top, top + size * k, size * k))
    return out
