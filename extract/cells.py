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

from bisect import bisect_left, bisect_right
from statistics import median
from typing import Sequence

from thaitab.extract.chars import Char
from thaitab.extract.clipped import (_anchor_run, _collide, _hidden_below, _is_figure,  # noqa: F401
                             _meet_at_rule, _runs_on_from, _take_clipped_above, _take_clipped_below, drop_overflow,
                             run_anchors)
from thaitab.extract.fill import _beside, _unmerge_listed, fill_grid  # noqa: F401
from thaitab.extract.grid import (Cell, Grid, PageTable, _attach_outside, _dedupe_edges, _extend_to_page_edge,  # noqa: F401
                          _grid_from_plumber, _merge_double_rules, _nearest, _reach)
from thaitab.extract.gutters import (_bold_header_end, _h_rules, _merge_marker_columns,  # noqa: F401
                             _row_starts, _rows_from_rules, _rows_from_text, _rule_breaks, _segments, find_gutters)
from thaitab.extract.lines import group_lines
from thaitab.extract.settings import current
from thaitab.extract.listed import _figure_column, _lists_figures, split_listed_row  # noqa: F401
from thaitab.extract.open_ends import _by_height, _near, open_ends  # noqa: F401
from thaitab.extract.unruled import (_find_unruled, _header_lines_above, _tabular,  # noqa: F401
                             _text_block, is_page_number)


def find_tables(page, chars: Sequence[Char], page_no: int, col_hint: list[float] | None = None) -> list[PageTable]:
    """All tables of one page, top to bottom, with the chars left outside them
    as ``outside`` lines of the first table."""
    if not chars:
        return []
    chars, furniture = split_page_numbers(chars, page.height)
    chars, stray = split_stray_marks(chars)
    furniture += stray
    size = median(c.size for c in chars if c.text.strip()) if any(c.text.strip() for c in chars) else 12.0
    tables: list[PageTable] = []
    page = visible_graphics(page, chars, size)
    if _has_vertical_rules(page, size):
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


def _has_vertical_rules(page, size: float) -> bool:
    """Does the page draw column rules? The sides of a band of shaded boxes
    (filled, unstroked rectangles wider and taller than a rule, side by side in
    one row) are not rules when it is the page's only such band: a shaded
    header row would otherwise be taken for the whole table and the unshaded
    body under it left out. Two bands or more are cells shaded row by row, a
    grid; and shading still shapes a grid that has rules."""
    bands = _shaded_bands(page, size, current().cells.rule_max_em * size)
    boxes = [] if sum(1 for band in bands.values() if len(band) >= 2) >= 2 else [r for b in bands.values() for r in b]
    shading = {(round(x, 1), round(r["top"], 1)) for r in boxes for x in (r["x0"], r["x1"])}

    def rule(e) -> bool:
        return e["bottom"] - e["top"] > 8 and not (
            e.get("object_type") == "rect_edge" and not e.get("stroke")
            and (round(e["x0"], 1), round(e["top"], 1)) in shading)
    return sum(1 for e in page.vertical_edges if rule(e)) >= 4


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


def _shaded_bands(page, size: float, min_height: float) -> dict[tuple[int, int], list[dict]]:
    """Shaded boxes (filled, unstroked, wider than a rule, taller than
    ``min_height``) by band: boxes side by side in one row share their top and
    bottom."""
    wide = current().cells.rule_max_em * size
    bands: dict[tuple[int, int], list[dict]] = {}
    for r in page.rects:
        if r.get("fill") and not r.get("stroke") and r["x1"] - r["x0"] > wide and r["bottom"] - r["top"] > min_height:
            bands.setdefault((round(r["top"]), round(r["bottom"])), []).append(r)
    return bands


def _blank_shading(page, chars: Sequence[Char], size: float) -> set[int]:
    """The ids of the boxes of a band of shading (two boxes or more, as tall as
    a line of text) that shades no text: a browser leaves such a sliver of the
    next page's shaded header at the foot of a page. It is no row of the
    table, and its sides are no column rules. A lower band is a bar, drawn as
    a rule, and stays."""
    bands = [b for b in _shaded_bands(page, size, current().cells.shaded_row_min_em * size).values() if len(b) >= 2]
    if not bands:
        return set()
    mids = [((c.x0 + c.x1) / 2, (c.top + c.bottom) / 2) for c in chars if c.text.strip()]
    return {id(r) for band in bands
            if not any(r["x0"] < x < r["x1"] and r["top"] < y < r["bottom"] for r in band for x, y in mids)
            for r in band}


def visible_graphics(page, chars: Sequence[Char] = (), size: float = 12.0):
    """The page without invisible shapes, so that white boxes behind text are
    not taken for table rules, nor bands of shading that shade no text. The
    page itself when it has none."""
    if any(_invisible(o) for o in page.rects + page.lines + page.curves):
        page = page.filter(lambda o: not _invisible(o))
    blank = _blank_shading(page, chars, size) if chars else set()
    return page.filter(lambda o: id(o) not in blank) if blank else page


def split_page_numbers(chars: Sequence[Char], height: float) -> tuple[list[Char], list[Char]]:
    """Separate page-number lines ("2", "- 2 -", "หน้า 2") in the top or bottom
    margin band from the rest of the page's chars."""
    s = current().cells
    band = [c for c in chars if c.top > s.page_number_bottom_page * height or c.bottom < s.page_number_top_page * height]
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


def split_stray_marks(chars: Sequence[Char]) -> tuple[list[Char], list[Char]]:
    """Separate Thai marks with no base glyph on their line from the rest.

    A mark is drawn over the letter before it; alone it is no text a reader
    sees. Browsers leave such marks at a page's foot: the tall tone marks of
    the line the page break moved to the next page, or of a repeated header.
    In a table they would make a row of their own. They go with the page's
    furniture (outside the tables), not lost."""
    marks = [c for c in chars if c.is_mark]
    if not marks:
        return list(chars), []
    share = current().lines.band_share
    bases = sorted(((c.top + c.bottom) / 2, c.bottom - c.top) for c in chars if c.text.strip() and not c.is_mark)
    mids = [b[0] for b in bases]
    tallest = max((b[1] for b in bases), default=0.0)
    stray: set[int] = set()
    for m in marks:
        mid, h = (m.top + m.bottom) / 2, m.bottom - m.top
        reach = share * max(h, tallest)
        near = bases[bisect_left(mids, mid - reach):bisect_right(mids, mid + reach)]
        if not any(abs(b_mid - mid) <= share * max(h, b_h) for b_mid, b_h in near):
            stray.add(id(m))
    if not stray:
        return list(chars), []
    return [c for c in chars if id(c) not in stray], [c for c in chars if id(c) in stray]
