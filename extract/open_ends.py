"""Rules a word processor left out where a page break cuts a table."""
from __future__ import annotations

from typing import NamedTuple, Sequence

from thaitab.extract.grid import _dedupe_edges
from thaitab.extract.settings import current


def open_ends(page, tol: float | None = None) -> list[dict]:
    """The missing closing rules of tables cut by a page break.

    Word leaves out the rule where a page break cuts a table: the piece at the
    top of the next page has column rules that all start at one height, and no
    rule across them there. Without it the table finder sees no cells. Three or
    more column rules that start (or end) together with no rule across them,
    in the page's top (bottom) margin band where a page break leaves them, get
    one, as a line for ``explicit_horizontal_lines``; so do rules that break
    together mid-page and go on (a row edge whose rule is not drawn), at once
    or after a row merged across them, or inside an outline that runs on
    across them (a row merged across them follows). In a body without row
    rules, rules that stop at the page's lowest rule end, or a short way above
    the outline's own end (the last row merged across them), close it too
    where no rule at all is drawn (a spreadsheet breaks pages at row edges,
    often well above the bottom margin)."""
    s = current().cells
    tol = s.open_end_pt if tol is None else tol
    verticals = [e for e in page.vertical_edges if e["bottom"] - e["top"] > 4]
    ctx = _Rules(page, verticals, _by_height(page.horizontal_edges, "top"), tol,
                 s.open_end_row_page * float(page.height))
    out: list[dict] = []
    for key in ("top", "bottom"):
        other = _by_height(verticals, "bottom" if key == "top" else "top")
        floor = max((e["bottom"] for e in verticals), default=0.0) if key == "bottom" else None
        for group in _ending_together(verticals, key, tol):
            xs = _dedupe_edges(sorted(e["x0"] for e in group), tol=3)
            y = group[0][key]
            at_floor = floor is not None and abs(y - floor) <= tol and _columns_within(xs, verticals) >= 3
            if (len(xs) < 3 and not at_floor) or any(abs(o["top"] - y) <= tol for o in out):
                continue
            x0, x1 = _framed(verticals, xs[0], xs[-1], y)
            if (_row_edge(ctx, group, xs, (x0, x1), key, other, at_floor)
                    and _covered(ctx.rules, x0, x1, y, tol) < s.open_end_cover_share * (x1 - x0)):
                out.append({"object_type": "line", "x0": x0, "x1": x1, "top": y, "bottom": y,
                            "width": x1 - x0, "height": 0.0})
    return out


class _Rules(NamedTuple):
    """What :func:`_row_edge` reads of a page: the page (its height, its
    glyphs), its vertical rules, its horizontal rules by height, the drawing
    tolerance and how far a merged row reaches."""
    page: object
    verticals: list[dict]
    rules: dict[int, list[tuple[float, dict]]]
    tol: float
    reach: float


def _row_edge(ctx: _Rules, group: Sequence[dict], xs: Sequence[float], frame: tuple[float, float], key: str,
              other: dict[int, list[tuple[float, dict]]], at_floor: bool) -> bool:
    """Is the height where the rules of ``group`` (at ``xs``, inside the outline
    ``frame``) start or end (``key``) a row edge left undrawn? See
    :func:`open_ends` for the cases."""
    y = group[0][key]
    framed = frame[0] < xs[0] and frame[1] > xs[-1]
    if (_in_margin(y, key, float(ctx.page.height)) or _go_on(xs, other, y, ctx.tol)
            or _resume(xs, other, y, key, ctx.reach)
            or (framed and _rows_of_columns(group, ctx.verticals, key, ctx.tol, ctx.page))):
        return True
    # a body without row rules: its end, where no rule at all is drawn
    return ((at_floor or (framed and _frame_ends(ctx.verticals, frame, y, key, ctx.reach)))
            and not _covered(ctx.rules, frame[0], frame[1], y, ctx.tol) and _text_between(group, ctx.page))


def _ending_together(verticals: Sequence[dict], key: str, tol: float) -> list[list[dict]]:
    """The vertical rules in runs whose ``key`` end ("top" or "bottom") lies
    within ``tol`` of the run's first: the rules one missing row edge would
    close."""
    groups: list[list[dict]] = []
    for e in sorted(verticals, key=lambda e: e[key]):
        if groups and e[key] - groups[-1][0][key] <= tol:
            groups[-1].append(e)
        else:
            groups.append([e])
    return groups


def _in_margin(y: float, key: str, height: float) -> bool:
    """Is ``y`` in the page's top (``key`` "top") or bottom margin band, where
    a page break leaves a table's rules open?"""
    band = current().cells.open_end_band_page
    return y <= band * height if key == "top" else y >= (1 - band) * height


def _go_on(xs: Sequence[float], other: dict[int, list[tuple[float, dict]]], y: float, tol: float) -> bool:
    """Do at least three of the column rules at ``xs`` go on as new pieces at
    ``y`` (``other`` indexes the rules by their opposite end)? Mid-page, that
    marks a row edge whose rule is not drawn (Word draws rules row by row);
    rules that just stop are the connectors of a chart."""
    going_on = _near(other, y, tol)
    return sum(1 for x in xs if any(abs(e["x0"] - x) <= 3 for e in going_on)) >= 3


def _rows_of_columns(group: Sequence[dict], verticals: Sequence[dict], key: str, tol: float, page) -> bool:
    """Are these rules, which end together, a table's column rules: three or
    more of them started together with text between them, and the same
    columns' rules run in another piece beyond that start (the rows above, a
    header)? A chart's bars or a legend's boxes end together too, but hold no
    text or have no rows beyond."""
    other = "top" if key == "bottom" else "bottom"
    for same in _ending_together(group, other, tol):
        if len(same) < 3 or not _text_between(same, page):
            continue
        y = same[0][other]
        beyond = [v for v in verticals if (v["bottom"] <= y + tol if other == "top" else v["top"] >= y - tol)
                  and v not in same]
        if sum(1 for f in same if any(abs(v["x0"] - f["x0"]) <= 3 for v in beyond)) >= 3:
            return True
    return False


def _text_between(rules: Sequence[dict], page) -> bool:
    """Do glyphs stand between most pairs of neighbouring rules, within their
    height (cells)? A legend's boxes hold none, only the gaps between them."""
    xs = _dedupe_edges(sorted(e["x0"] for e in rules), tol=3)
    top, bottom = min(e["top"] for e in rules), max(e["bottom"] for e in rules)
    mids = [(ch["x0"] + ch["x1"]) / 2 for ch in getattr(page, "chars", ())
            if top < (ch["top"] + ch["bottom"]) / 2 < bottom and ch["text"].strip()]
    filled = sum(1 for a, b in zip(xs, xs[1:]) if any(a < m < b for m in mids))
    return 2 * filled > len(xs) - 1


def _columns_within(xs: Sequence[float], verticals: Sequence[dict]) -> int:
    """How many column rules stand at ``xs[0]``..``xs[-1]`` and between them:
    a pair of rules with none between is a box or a bar, not a table's frame."""
    inside = [e["x0"] for e in verticals if xs[0] + 3 < e["x0"] < xs[-1] - 3]
    return len(_dedupe_edges(sorted(list(xs) + inside), tol=3))


def _frame_ends(verticals: Sequence[dict], frame: tuple[float, float], y: float, key: str, reach: float) -> bool:
    """Do both rules of the outline ``frame`` end a short way (``reach``) beyond
    ``y``, where the column rules inside it end ("bottom") or start ("top")?
    The band between is the page's last (first) row, merged across the columns:
    its inner edge is a row edge even where the outline's own end is not drawn."""
    def ends(x: float) -> bool:
        return any(abs(e["x0"] - x) <= 3 and 0 < (e[key] - y if key == "bottom" else y - e[key]) <= reach
                   for e in verticals)
    return ends(frame[0]) and ends(frame[1])


def _framed(verticals: Sequence[dict], x0: float, x1: float, y: float) -> tuple[float, float]:
    """``x0``..``x1`` widened to the nearest rules on either side that run on
    across ``y``: a table's outline, unbroken where its column rules break."""
    across = [e["x0"] for e in verticals if e["top"] < y - 1 and e["bottom"] > y + 1]
    left = [x for x in across if x < x0 - 3]
    right = [x for x in across if x > x1 + 3]
    return (max(left) if left else x0), (min(right) if right else x1)


def _resume(xs: Sequence[float], other: dict[int, list[tuple[float, dict]]], y: float, key: str,
            reach: float) -> bool:
    """Do at least three of the column rules at ``xs`` stop together and go on
    together a short way off (``reach``), beyond ``y`` (``key`` "bottom": the
    rules end at ``y`` and go on below; "top": they start at ``y`` after ending
    above)? The band between is a row merged across those columns (a section
    row "ยุทธศาสตร์ที่ 1" in a body whose rows have no rules): both its edges
    are row edges."""
    lo, hi = (y + 1, y + reach) if key == "bottom" else (y - reach, y - 1)
    ends = [e for k in range(int(lo), int(hi) + 1) for at, e in other.get(k, ()) if lo <= at <= hi]
    return sum(1 for x in xs if any(abs(e["x0"] - x) <= 3 for e in ends)) >= 3


def _covered(rules: dict[int, list[tuple[float, dict]]], x0: float, x1: float, y: float, tol: float) -> float:
    """How much of ``x0``..``x1`` the horizontal rules within ``tol`` of ``y`` cover."""
    return sum(min(h["x1"], x1) - max(h["x0"], x0) for h in _near(rules, y, tol)
               if h["x1"] > x0 and h["x0"] < x1)


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
