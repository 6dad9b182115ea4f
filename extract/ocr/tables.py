"""The tables of a scanned page: the page rendered and levelled, its ruled
grids cut into cells (or, without a grid, its glyphs laid out as on a text page
to find the columns), every cell's and column's text cut into lines and read
with Tesseract, and the words made into chars that :mod:`extract.cells` builds
tables of, so stitching, line joining and text repair run as for a text PDF."""
from __future__ import annotations

from typing import Sequence

from thaitab.extract.cells import Grid, PageTable, fill_grid
from thaitab.extract.chars import Char
from thaitab.extract.lines import group_lines
from thaitab.extract.ocr.grid import PixelGrid, find_grids, horizontal_rules
from thaitab.extract.ocr.image import binary, deskew, estimate_skew, render_page
from thaitab.extract.ocr.layout import ink_gaps, line_chars
from thaitab.extract.ocr.lines import PAD, baseline, bold_lines, group_components, is_body, line_images, x_height
from thaitab.extract.ocr.read import ocr_lines, share_cv_threads
from thaitab.extract.ocr.words import OcrLine
from thaitab.extract.settings import current

Region = tuple[object, tuple[float, float, float, float]]  # (key, (x0, y0, x1, y1) in pixels)


def _glyphs(gray, bw, rules):
    """The page without its rules, and the connected components that can be
    text: (clean image, labels, stats, usable component ids, x-height)."""
    import cv2
    import numpy as np

    s = current().ocr
    # erase the rules (a little wider than drawn) before reading the text
    gone = cv2.dilate(rules, np.ones((3, 3), np.uint8)) > 0
    clean = gray.copy()
    clean[gone] = 255
    ink = bw.copy()
    ink[gone] = 0
    _n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    xh = x_height(ink)
    # specks of scanner noise are no text; blobs far larger than a glyph
    # (a seal, a logo, a photo) are none either
    area = stats[:, cv2.CC_STAT_AREA]
    hs = stats[:, cv2.CC_STAT_HEIGHT]
    ws = stats[:, cv2.CC_STAT_WIDTH]
    usable = (area >= s.min_glyph_area_px) & (hs <= s.max_glyph_height_xh * xh) & (ws <= s.max_glyph_width_xh * xh)
    usable[0] = False
    return clean, labels, stats, np.nonzero(usable)[0], xh


def _read_lines(images: Sequence, boxes: Sequence[tuple[int, int, int, int]], xh: float,
                scale: float) -> list[list[Char]]:
    """Read line images with Tesseract; per line, its chars in PDF points."""
    out: list[list[Char]] = []
    for img, (lx, ly, _lx1, ly1), words, heavy in zip(images, boxes, ocr_lines(images), bold_lines(images, xh)):
        if not words:
            out.append([])
            continue
        gaps, extent = ink_gaps((img < 128).any(axis=0), lx, xh)
        base = baseline(img)
        for w in words:
            w.left += lx
            w.right += lx
            w.top += ly
            w.bottom += ly
        out.append(line_chars(OcrLine(words, ly + PAD, ly1 - PAD, gaps, extent,
                                      None if base is None else ly + base), xh, scale, heavy))
    return out


# --------------------------------------------------------------------------- ruled pages
def _cell_regions(grids: Sequence[PixelGrid]) -> list[Region]:
    """One region per cell of every grid, keyed (grid index, owner slot): the
    box of the slots it owns."""
    regions: list[Region] = []
    for gi, g in enumerate(grids):
        seen: set[tuple[int, int]] = set()
        for row in g.owner:
            for o in row:
                if o in seen:
                    continue
                seen.add(o)
                slots = [(rr, cc) for rr in range(len(g.owner)) for cc in range(len(row)) if g.owner[rr][cc] == o]
                r0 = min(s[0] for s in slots)
                r1 = max(s[0] for s in slots) + 1
                c0 = min(s[1] for s in slots)
                c1 = max(s[1] for s in slots) + 1
                regions.append(((gi, o), (g.cols[c0], g.rows[r0], g.cols[c1], g.rows[r1])))
    return regions


def _outside_regions(grids: Sequence[PixelGrid], xh: float, width: float) -> list[Region]:
    """The title block above the first table, and any text between two tables
    (text below the last table, a signature or a page number, is not read)."""
    least = current().ocr.title_min_xh * xh
    regions: list[Region] = []
    above = 0.0
    for g in grids:
        if g.rows[0] - above > least:
            regions.append((("outside", 0), (0.0, above, width, g.rows[0])))
        above = g.rows[-1]
    return regions


def _region_lines(regions: Sequence[Region], clean, labels, stats, ok_ids, xh: float):
    """The line images of each region's glyphs (by their centres): (images,
    (region key, line box) per image)."""
    import cv2

    ws = stats[:, cv2.CC_STAT_WIDTH]
    hs = stats[:, cv2.CC_STAT_HEIGHT]
    cx = stats[:, 0] + ws / 2.0
    cy = stats[:, 1] + hs / 2.0
    images, where = [], []
    for key, (x0, y0, x1, y1) in regions:
        inside = ok_ids[(cx[ok_ids] > x0) & (cx[ok_ids] < x1) & (cy[ok_ids] > y0) & (cy[ok_ids] < y1)]
        for img, lbox in line_images(clean, labels, stats, [int(i) for i in inside], xh):
            images.append(img)
            where.append((key, lbox))
    return images, where


def _grid_tables(page, page_no: int, grids: Sequence[PixelGrid], per_grid: dict[int, list[Char]],
                 outside: list[Char], scale: float) -> list[PageTable]:
    """Each grid's table, its cells filled with the chars read in it; the chars
    no cell took, with those read outside, become the first table's ``outside``
    lines."""
    tables: list[PageTable] = []
    for gi, g in enumerate(grids):
        grid = Grid([x / scale for x in g.cols], [y / scale for y in g.rows], [list(r) for r in g.owner])
        table, rest = fill_grid(grid, per_grid.get(gi, []), page_no, "grid")
        outside.extend(rest)
        table.page_width, table.page_height = float(page.width), float(page.height)
        table.method = "ocr"
        tables.append(table)
    tables[0].outside = group_lines(outside)
    return tables


def _ruled_tables(page, page_no: int, gray, bw, grids: Sequence[PixelGrid], rules, scale: float) -> list[PageTable]:
    """The tables of a page with ruled grids: each cell's text read on its own."""
    # erase the rules (a little wider than drawn) before reading the text
    clean, labels, stats, ok_ids, xh = _glyphs(gray, bw, rules)
    regions = _cell_regions(grids) + _outside_regions(grids, xh, float(gray.shape[1]))
    images, where = _region_lines(regions, clean, labels, stats, ok_ids, xh)
    per_grid: dict[int, list[Char]] = {}
    outside: list[Char] = []
    for key, chars in zip((k for k, _ in where), _read_lines(images, [b for _, b in where], xh, scale)):
        if key[0] == "outside":
            outside.extend(chars)
        else:
            per_grid.setdefault(key[0], []).extend(chars)
    return _grid_tables(page, page_no, grids, per_grid, outside, scale)


def ocr_page_tables(page, page_no: int, dpi: float | None = None,
                    col_hint: list[float] | None = None) -> list[PageTable]:
    """The tables of a scanned page, read with Tesseract.

    Ruled grids are cut into cells from the image. A page without one is read
    line by line into chars, and :func:`extract.cells.find_tables` finds a table
    with horizontal rules only (taken from the image) or none, as on a text
    page (``col_hint``: the columns of the page before). Text above the first
    table (the title block) comes back as that table's ``outside`` lines.
    """
    share_cv_threads()
    gray, scale = render_page(page, dpi)
    gray = deskew(gray, estimate_skew(gray))
    bw = binary(gray)
    # a first guess of the x-height (10 pt text); the text measures its own later
    grids, rules = find_grids(bw, xh=current().ocr.first_xh_inch * scale * 72)
    if not grids:
        return _unruled_tables(page, page_no, gray, bw, scale, col_hint)
    return _ruled_tables(page, page_no, gray, bw, grids, rules, scale)


# --------------------------------------------------------------------------- pages without a grid
class _ScanPage:
    """What :func:`extract.cells.find_tables` asks of a page, for a scan: its
    size and the horizontal rules found in its image (PDF points)."""

    def __init__(self, page, rules: Sequence[tuple[float, float, float]]):
        self.width, self.height = float(page.width), float(page.height)
        self.horizontal_edges = [{"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0}
                                 for y, x0, x1 in rules]
        self.vertical_edges: list[dict] = []
        self.rects: list[dict] = []
        self.lines: list[dict] = []
        self.curves: list[dict] = []


def _short_margin_lines(stats, ids: Sequence[int], xh: float, shape: tuple[int, int]) -> set[int]:
    """The glyphs of short lines in the page's top or bottom margin band (the
    band :func:`extract.cells.split_page_numbers` looks in): a page number
    there must be read whole ("หน้า 2"), not in pieces cut at the columns. A
    table row that reaches into the band is wide and is left to its columns."""
    s = current().ocr
    height, width = shape
    band = [i for i in ids
            if stats[i, 1] > s.bottom_band_page * height or stats[i, 1] + stats[i, 3] < s.top_band_page * height]
    boxes = [tuple(int(v) for v in stats[i, :4]) for i in band]
    out: set[int] = set()
    for line in group_components(boxes, xh):
        x0 = min(boxes[k][0] for k in line)
        x1 = max(boxes[k][0] + boxes[k][2] for k in line)
        if x1 - x0 < s.short_line_page * width:
            out.update(band[k] for k in line)
    return out


def _stand_ins(stats, ids: Sequence[int], xh: float, scale: float) -> list[Char]:
    """A stand-in char ("ก", as tall as a line's font) for every letter body,
    in PDF points: enough to show where a table and its columns are."""
    size = current().ocr.size_xh * xh / scale
    return [Char("ก", stats[i, 0] / scale, (stats[i, 0] + stats[i, 2]) / scale,
                 (stats[i, 1] + stats[i, 3] / 2) / scale - size / 2,
                 (stats[i, 1] + stats[i, 3] / 2) / scale + size / 2, size)
            for i in ids if is_body(stats[i, 3], xh)]


def _column_groups(layout: Sequence[PageTable], stats, ids: Sequence[int], xh: float, scale: float,
                   shape: tuple[int, int]) -> list[list[int]]:
    """The glyphs of each column of each table found (by their centres), then
    all the others (short lines in the margin bands among them) as one group."""
    reach = current().ocr.column_reach_xh * xh
    groups: list[list[int]] = []
    rest = set(ids) - _short_margin_lines(stats, ids, xh, shape)
    for t in layout:
        x_top, y_top, x_end, y_end = (v * scale for v in t.bbox)
        edges = [x * scale for x in t.col_edges]
        for a, b in zip(edges, edges[1:]):
            col = [i for i in rest if a <= stats[i, 0] + stats[i, 2] / 2 < b
                   and y_top - reach <= stats[i, 1] + stats[i, 3] / 2 <= y_end + reach]
            rest.difference_update(col)
            groups.append(col)
    groups.append(sorted(set(ids) - {i for g in groups for i in g}))
    return groups


def _read_groups(groups: Sequence[list[int]], clean, labels, stats, xh: float, scale: float) -> list[Char]:
    """Each group of glyphs cut into lines on its own and read: their chars."""
    images, boxes = [], []
    for group in groups:
        for img, box in line_images(clean, labels, stats, sorted(group), xh):
            images.append(img)
            boxes.append(box)
    return [ch for line in _read_lines(images, boxes, xh, scale) for ch in line]


def _unruled_tables(page, page_no: int, gray, bw, scale: float, col_hint: list[float] | None) -> list[PageTable]:
    """A scanned table with horizontal rules only, or none, found from chars as
    on a text page (:func:`extract.cells.find_tables`).

    Two passes. The glyph boxes alone, as stand-in chars, show where the table
    and its columns are; each column is then cut into lines on its own (a line
    across the page would mix a header's one- and two-line cells into one
    wavy line that Tesseract misreads) and read, and the table is found again
    from the chars read, on the same columns."""
    from thaitab.extract.cells import find_tables, split_listed_row

    rules, mask = horizontal_rules(bw)
    clean, labels, stats, ok_ids, xh = _glyphs(gray, bw, mask)
    if not len(ok_ids):
        return []
    shim = _ScanPage(page, [(y / scale, x0 / scale, x1 / scale) for y, x0, x1 in rules])
    ids = [int(i) for i in ok_ids]
    stand_in = _stand_ins(stats, ids, xh, scale)
    layout = find_tables(shim, stand_in, page_no, col_hint) if stand_in else []
    if not layout:
        return []  # no table in the glyphs' layout: a page of text is not read at all
    groups = _column_groups(layout, stats, ids, xh, scale, gray.shape)
    chars = _read_groups(groups, clean, labels, stats, xh, scale)
    if not chars:
        return []
    hint = layout[0].col_edges if layout[0].borders != "grid" else col_hint
    tables = find_tables(shim, chars, page_no, hint)
    for t in tables:
        t.method = "ocr"
        # a roll-call or a list without rules, its lines evenly spaced: no gap
        # sets its records apart, but its column of figures (the numbers) starts
        # one record per line, as in a ruled row that holds a list
        t.rows = [sub for row in t.rows for sub in split_listed_row(row)]
    return tables
