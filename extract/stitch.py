"""Stitch the page tables of a document into logical tables.

A table that runs over several pages is one table. On each new page the header
may be repeated (with "(ต่อ)" on the columns whose text goes on), repeated as a
new table, or not repeated at all. A row cut by the page break continues at the
top of the next page; its pieces are merged cell by cell. This module knows
nothing about ITA reports: the evidence it uses is the header text, the column
edges, a "(ต่อ)" mark, and an empty key cell.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from types import MappingProxyType
from statistics import median
from typing import Iterable, Iterator, Mapping, Sequence

from thaitab.extract.cells import Cell, PageTable
from thaitab.extract.lines import Line
from thaitab.extract.settings import current
from thaitab.extract.thai.charset import TO_ARABIC, is_thai_text
from thaitab.extract.thai.continued import CONTINUED_MARK as _CONTINUED
from thaitab.extract.wrap import follows, item_number, list_goes_on, numbered, splits_word, starts_item, wrapped

_WS = re.compile(r"\s+")
# key columns (:func:`key_columns`): column -> the number every row's list opens with, or None
Keys = Mapping[int, "tuple[int, ...] | None"]
_NO_KEYS: Keys = MappingProxyType({})
# text that ends a line with closing punctuation is complete: it does not carry on
_CLOSED = (")", ".", ":", ";", "!", "?", "”", '"')
# a Thai abbreviation ("ต.ค.", "พ.ศ.", "ก.ย."): its last dot closes nothing (a
# date goes on with its year)
_ABBREVIATION = re.compile(r"(?:^|\s)(?:[ก-ฮ][ก-๛]{0,2}\.){2,}$")


@dataclass(slots=True)
class Block:
    """Lines of one cell on one page, with the cell's horizontal extent."""

    lines: tuple[Line, ...]
    left: float
    right: float
    page: int
    method: str = "text"


@dataclass(slots=True)
class Row:
    """One logical row: per column, the blocks of text (more than one when the
    row was cut by a page break) and the pages it spans."""

    cells: list[list[Block]]
    page_start: int
    page_end: int
    spanned: list[bool]  # per column: the slot belongs to a merged cell above
    notes: list[str] = field(default_factory=list)
    # on the first row of a table piece: the lines set right above the piece on its page,
    # outside its grid (a title, a running title, a section heading)
    heading: tuple[Line, ...] = ()
    across: bool = False  # one cell across the whole width: a section row inside the grid
    beside: tuple[Line, ...] = ()  # text on the row's line just outside the frame (an unruled column)

    def is_empty(self, col: int) -> bool:
        return not any(b.lines for b in self.cells[col])

    @property
    def method(self) -> str:
        """"ocr" when any of the row's text was read by OCR, else "text"."""
        return "ocr" if any(b.method == "ocr" for col in self.cells for b in col) else "text"


@dataclass(slots=True)
class Table:
    """A logical table: header blocks per column and its rows."""

    index: int
    header: list[list[Block]]
    continued: list[bool]
    rows: list[Row]
    col_edges: list[float]
    borders: str
    title: list[Line] = field(default_factory=list)
    page_start: int = 0
    page_end: int = 0
    header_rows: int = 1


def cell_key(cells: Iterable[Cell]) -> str:
    """Text of cells with all white space and "(ต่อ)" removed, for comparing headers."""
    text = "".join(line.text for cell in cells for line in cell.lines)
    return _WS.sub("", _CONTINUED.sub("", text))


def _bold_share(row: list[Cell]) -> float:
    """The share of a row's filled cells that are set in bold. Counted by cell,
    not by character: a record whose long name is bold but whose figures are
    not is data, while a header is bold in every cell."""
    bold = current().stitch.bold_share
    shares = []
    for cell in row:
        ink = [c.bold for ln in cell.lines for c in ln.chars if c.text.strip()]
        if ink:
            shares.append(sum(ink) / len(ink) > bold)
    return sum(shares) / len(shares) if shares else 0.0


def _banner(row: list[Cell]) -> bool:
    """One cell across the whole width: a title or group caption typed inside
    the table's frame (a spreadsheet's merged title row)."""
    return len(row) > 2 and bool(row[0].lines) and all(c.spanned and c.from_left for c in row[1:])


def _header_rows(pt: PageTable) -> int:
    """How many leading rows make the header of a table that starts here.

    Evidence from how headers are made, not from any wording: caption rows
    across the whole width come first; weight, when the header is bold and the
    body is not (a page set wholly in bold says nothing); a merged cell that
    runs down from a header row into the next row takes that row in (the
    sub-headers beside it); and a first row with a cell merged across columns
    is a group header, so the row under it, which names those columns, is a
    header row too. At least one row, and never every row."""
    rows = pt.rows
    n = len(rows)
    if n < 2:
        return max(n, 1)
    k = 0
    while k < n - 1 and _banner(rows[k]):
        k += 1
    bold = [_bold_share(r) > current().stitch.bold_share for r in rows]
    h = k
    if not all(bold):
        # a bold row holding an amount is a total ("รวมทั้งประเทศ 6,445,069"),
        # and one across the whole width under the column names a section
        # ("ยุทธศาสตร์ที่ 1 ..."): data
        while h < n - 1 and bold[h] and not _holds_amount(rows[h]) and not (h > k and _banner(rows[h])):
            h += 1
    h = max(h, k + 1)
    if h == k + 1 and h < n - 1 and any(c.spanned and c.from_left for c in rows[k]):
        h += 1
    while h < n - 1 and any(c.spanned and not c.from_left for c in rows[h]):
        h += 1
    return h


def _set_apart(pt: PageTable) -> bool:
    """Is the first row set apart from the body by weight (bold over a body
    that is not), and could it name columns? On a page set wholly in bold,
    weight says nothing; a row that holds an amount is a bold total or carry
    row ("ยอดยกมา 4,644,900.00"), not a header."""
    bold = [_bold_share(r) > current().stitch.bold_share for r in pt.rows]
    return len(bold) > 1 and bold[0] and not all(bold[1:]) and not _holds_amount(pt.rows[0])


def _holds_amount(row: list[Cell]) -> bool:
    """Does a cell of the row hold an amount? Headers name columns; a grouped
    or decimal figure is data."""
    return any(_AMOUNT.match(c.text.strip()) for c in row)


# an amount: digits grouped by thousands or with decimals ("4,644,900.00", "12.5")
_AMOUNT = re.compile(r"^[-–(]?[0-9๐-๙]{1,3}(?:,[0-9๐-๙]{3})+(?:\.[0-9๐-๙]+)?[)]?$|^[-–(]?[0-9๐-๙]+\.[0-9๐-๙]+[)]?$")


def _header_blocks(pt: PageTable, hr: int) -> list[list[Block]]:
    """Per column, the blocks of its header rows; a slot covered by a cell
    merged across columns repeats that cell (every column it covers is named
    by it: "พ.ศ. 2545 / รับแจ้ง", "พ.ศ. 2545 / จับกุม")."""
    out: list[list[Block]] = [[] for _ in range(pt.n_cols)]
    for r in range(hr):
        owner: Cell | None = None
        for c, cell in enumerate(pt.rows[r]):
            if not cell.spanned:
                owner = cell
            src = owner if cell.spanned and cell.from_left and owner is not None else cell
            out[c].append(_block(src, pt.page))
    return out


def _similar(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _same_columns(a: list[float], b: list[float]) -> bool:
    """Two pages hold the same table when they have as many columns at about the
    same places (word processors re-fit column widths a little on each page)."""
    if len(a) != len(b):
        return False
    s = current().stitch
    tol = max(s.same_columns_pt, s.same_columns_share * (a[-1] - a[0]))
    return all(abs(x - y) <= tol for x, y in zip(a, b))


def _block(cell: Cell, page: int, method: str = "text") -> Block:
    return Block(cell.lines, cell.bbox[0], cell.bbox[2], page, method)


def column_limits(rows: list[Row], n_cols: int) -> list[float | None]:
    """Per column, the x where its text wraps: the right end of its widest line
    (None while a column has fewer than three lines to judge from)."""
    out: list[float | None] = []
    for c in range(n_cols):
        xs = [ln.x1 for r in rows for b in r.cells[c] for ln in b.lines]
        out.append(max(xs) if len(xs) >= 3 else None)
    return out


def page_column_limits(rows: list[Row], n_cols: int) -> list[dict[int, float]]:
    """Per column and page, the x where its text wraps on that page: the right
    end of the page's widest line in the column (pages with three lines or more).

    A table's columns can sit a little wider on some pages; a wrap is judged
    against the cell it happened in, not against the widest page."""
    out: list[dict[int, float]] = []
    for c in range(n_cols):
        xs: dict[int, list[float]] = {}
        for r in rows:
            for b in r.cells[c]:
                xs.setdefault(b.page, []).extend(ln.x1 for ln in b.lines)
        out.append({page: max(v) for page, v in xs.items() if len(v) >= 3})
    return out


def continues(prev: Row, nxt: list[Cell], limits: list[float | None], cols: list[int],
              need_full: bool = True) -> int:
    """How many of ``cols`` in ``nxt`` (the first row on a page) carry on text
    that wrapped at the end of ``prev`` (the last row on the page before)."""
    return sum(1 for c in cols if _runs_on(prev, nxt, limits, c, need_full) is True)


def _runs_on(prev: Row, nxt: list[Cell], limits: list[float | None], c: int,
             need_full: bool = True) -> bool | None:
    """Does column ``c`` of ``nxt`` carry on text that wrapped at the end of
    ``prev``? True: it wrapped (or a word was cut); False: the text there had
    ended (a closed sentence, or room left on its last line for the next
    word); None: nothing to judge from (an empty cell, an item number, a
    short label, a column whose width is not known)."""
    cell = nxt[c]
    if not cell.lines or not prev.cells[c] or not prev.cells[c][-1].lines:
        return None
    block = prev.cells[c][-1]
    last = block.lines[-1]
    first = cell.lines[0]
    if list_goes_on([ln for b in prev.cells[c] for ln in b.lines], first.text):
        return True  # the cell's numbered list goes on ("3." on one page, "4." on the next)
    if starts_item(first.text) or len(last.text.strip()) <= 3:
        return None  # a new item, or a number/short label (ลำดับ "1"): either way
    if last.text.rstrip().endswith(_CLOSED) and not _ABBREVIATION.search(last.text.rstrip()):
        return False
    after = cell.lines[1] if len(cell.lines) > 1 else None
    left = min(ln.x0 for ln in block.lines)
    limit = limits[c]
    if limit is None:
        if len(block.lines) < 2:
            return None  # one short cell shows nothing of where its column wraps
        # too few lines to see where the column wraps: the cell's edge, padded as on the left
        limit = block.right - (left - block.left)
    full = not need_full or (last.x1 - left) >= current().stitch.full_line_share * (limit - left)
    return splits_word(last.text, first.text) or (full and wrapped(last, first, limit, after))


def is_continuation(prev: Row, first: list[Cell], continued: list[bool], limits: list[float | None],
                    uses_marks: bool = False, keys: Keys = _NO_KEYS) -> bool:
    """Does ``first`` (the first body row on a page) carry on ``prev`` (the last
    row before the page break)?

    Evidence, strongest first: a "(ต่อ)" mark on any column but the first (the
    first column groups rows, so its mark only says the group goes on); the two
    leading cells empty (a new row always names itself); with the first cell
    empty, two or more cells empty that the row before had filled (a fresh row
    fills every column), a Thai word cut in two by the page break in any
    column, a key column (``keys``: one where every row opens with an item
    number) whose text here opens with a plain word, or text in the second
    column that wrapped at the page end, unless two columns plainly ended
    there (a fresh row under a first cell merged down from the page before).
    A filled first cell starts a new row unless its own text and another
    column's both wrapped, or it and another key column open with plain words.
    In a document that marks continued columns with "(ต่อ)", a page without
    such a mark starts a new row.
    """
    n = len(first)
    if any(continued[1:]):
        return True
    if figures_meet(prev, first):
        return False
    def empty(c: int) -> bool:
        return not first[c].lines and not first[c].spanned
    if n < 2:
        return empty(0)
    if empty(0) and empty(1):
        return True
    if uses_marks:
        return False
    unkeyed = _unkeyed(keys, first)
    if empty(0) or first[0].spanned:  # a merged first cell carried over says nothing either
        return _goes_on_without_first(prev, first, limits, unkeyed)
    # a filled first cell starts a new row, unless both leading cells carry on
    # text that wrapped at the page end (a row cut mid-name, no header between),
    # or two numbered key columns go on without their numbers
    return (continues(prev, first, limits, [0, 1], need_full=False) == 2 or split_words(prev, first) >= 2
            or (len(unkeyed) >= 2 and 0 in unkeyed)
            or (not _numbers_afresh(keys, first)
                and (_most_run_on(prev, first, limits, _lists_go_on(keys, prev, first) + _split_columns(prev, first))
                     or _first_runs_on_beside_gaps(prev, first, limits))))


def _numbers_afresh(keys: Keys, first: Sequence[Cell]) -> bool:
    """Does a key column (one that numbers every row) open here with an item
    number? Then this is a fresh row, whatever else wrapped. Where every row
    opens its own list with one number (``keys`` maps the column to it: "1."),
    only that number does: "2." goes on the list of the row before the break."""
    return any(first[c].lines and starts_item(first[c].lines[0].text)
               and opener in (None, item_number(first[c].lines[0].text)) for c, opener in keys.items())


def _first_runs_on_beside_gaps(prev: Row, first: list[Cell], limits: list[float | None]) -> bool:
    """Does the first cell carry on wrapped text, another column too, while two
    columns or more that the row before had filled are empty? A fresh row
    names itself in every column; the rest of a cut row fills only the
    columns whose text had not ended."""
    if _runs_on(prev, first, limits, 0) is not True or continues(prev, first, limits, list(range(1, len(first)))) < 1:
        return False
    return _emptied(prev, first) >= 2


def _emptied(prev: Row, first: Sequence[Cell]) -> int:
    """How many columns after the first are empty in ``first`` (not merged
    down) that ``prev`` had filled."""
    return sum(1 for c in range(1, len(first)) if not first[c].lines and not first[c].spanned and not prev.is_empty(c))


def _reopened(prev: Row, first: Sequence[Cell]) -> int:
    """How many columns open in ``first`` whose text in ``prev`` stopped well
    above the row's lowest line on the page before the break? Such a cell had
    room to go on and did not: its text had ended, so text under it after the
    break is a fresh row's (a cut row carries on only the columns that ran to
    the page's foot)."""
    page = prev.page_end
    lasts = {c: blocks[-1].lines[-1] for c, blocks in enumerate(prev.cells)
             if blocks and blocks[-1].page == page and blocks[-1].lines}
    if len(lasts) < 2:
        return 0
    pitches = [b.top - a.top for blocks in prev.cells if blocks and blocks[-1].page == page
               for a, b in zip(blocks[-1].lines, blocks[-1].lines[1:]) if b.top > a.top]
    if not pitches:
        return 0
    cut = max(ln.bottom for ln in lasts.values())
    room = current().stitch.ended_above_pitch * median(pitches)
    return sum(1 for c, ln in lasts.items() if c > 0 and first[c].lines and cut - ln.bottom >= room)


def _lists_go_on(keys: Keys, prev: Row, first: Sequence[Cell]) -> list[int]:
    """The columns whose every row opens its own list with one number, where
    ``first`` opens with the number after the last item of ``prev``'s list
    ("2." under "1."): the list goes on over the break."""
    out = []
    for c, opener in keys.items():
        if opener is None or not first[c].lines:
            continue
        nxt = item_number(first[c].lines[0].text)
        items = [n for b in prev.cells[c] for ln in b.lines if (n := item_number(ln.text)) is not None]
        if nxt and items and follows(items[-1], nxt):
            out.append(c)
    return out


def _most_run_on(prev: Row, first: list[Cell], limits: list[float | None], going: Sequence[int] = ()) -> bool:
    """Do most of the columns, three or more, carry on text that wrapped at the
    page end, more than twice as many as those that plainly ended? A fresh row
    starts every column anew; a row cut mid-sentence in most of its columns
    goes on, whatever its leading cells show (a line broken at a space, a
    closing quote). Two columns that seem to wrap say too little: a narrow
    column's last line is often full."""
    votes = [True if c in going else _runs_on(prev, first, limits, c) for c in range(len(first))]
    ran = votes.count(True)
    return ran >= 3 and 2 * ran > len(votes) and ran > 2 * votes.count(False)


def _goes_on_without_first(prev: Row, first: list[Cell], limits: list[float | None], unkeyed: list[int]) -> bool:
    """:func:`is_continuation` for a first row whose first cell is empty (or
    merged down from the page before)."""
    n = len(first)
    dropped = _emptied(prev, first)
    if dropped >= 2 or unkeyed:
        return True
    splits = split_words(prev, first)
    if not splits and _reopened(prev, first) >= 2:
        return False
    # every column filled again, and columns that had plainly ended among
    # them: a fresh row under a first cell merged down from the page before (a
    # cut row leaves the columns that had ended empty). Two such columns say
    # so; one does when three or more columns open at once, unless three or
    # more columns ran on from full last lines (a narrow column's short last
    # line may look ended). One column that seems to cut a word then is the
    # dictionary joining two words ("กระบวนงาน" | "บุคลากร")
    votes = [_runs_on(prev, first, limits, c) for c in range(1, n)]
    ended, ran = votes.count(False), votes.count(True)
    opened = sum(1 for c in range(1, n) if first[c].lines)
    if dropped == 0 and splits <= 1 and (ended >= 2 or (ended == 1 and opened >= 3 and ran < 3)):
        return False
    return splits > 0 or (ended < 2 and continues(prev, first, limits, [1]) > 0)


# a figure; "###" is a spreadsheet's figure too wide for its column
_FIGURE = re.compile(r"^(?:[-–—+]?[(]?[0-9๐-๙][0-9๐-๙,.]*[)%]?|#{2,})$")


def figures_meet(prev: Row, first: Sequence[Cell]) -> bool:
    """Does a column hold a figure both at the end of ``prev`` and at the start
    of ``first``? A figure is never wrapped, so two figures are two rows (a
    carry row "ยอดยกไป 57,293.98" over "ยอดยกมา 57,293.98", item 10 over 11)."""
    for c, cell in enumerate(first):
        if cell.lines and prev.cells[c] and prev.cells[c][-1].lines:
            a = prev.cells[c][-1].lines[-1].text.strip()
            b = cell.lines[0].text.strip()
            if _FIGURE.match(a) and _FIGURE.match(b):
                return True
    return False


def key_columns(rows: Sequence[Row], n_cols: int) -> Keys:
    """Columns in which every row opens with an item number ("6." "6.4"), in at
    least two rows: the table numbers its rows there, or each row its own list.
    Each maps to the number every row opens with when it is one number (each
    cell's list numbered from "1."), else None."""
    keys: dict[int, tuple[int, ...] | None] = {}
    for c in range(n_cols):
        starts = [b.lines[0].text for r in rows for b in r.cells[c][:1] if b.lines]
        if len(starts) >= 2 and all(numbered(t) for t in starts):
            numbers = {item_number(t) for t in starts}
            keys[c] = numbers.pop() if len(numbers) == 1 else None
    return keys


def _unkeyed(keys: Keys, first: Sequence[Cell]) -> list[int]:
    """The key columns in which ``first`` has text that opens with a Thai word,
    not an item number: text carried on from the row before the page break."""
    out = []
    for c in keys:
        lines = first[c].lines
        if lines and not first[c].spanned:
            text = lines[0].text.strip()
            if text and is_thai_text(text[0]) and not starts_item(text):
                out.append(c)
    return out


def split_header(row: list[Cell], header_cols: Sequence[str]) -> tuple[list[Cell], list[Cell]] | None:
    """A page's first row that is the table's header with the first body lines
    run into it: (header cells, body cells), or None.

    Each column's cell must open with lines that read as its header text
    (similarity 0.75 or more, for OCR's sake), most columns must have one,
    and some text must follow."""
    if len(row) != len(header_cols) or 2 * sum(map(bool, header_cols)) < len(header_cols):
        return None  # a header with most columns unnamed says too little
    head, body = [], []
    for cell, want in zip(row, header_cols):
        k = 0
        if want:
            scores = []
            for j in range(1, len(cell.lines) + 1):
                key = cell_key([Cell(cell.lines[:j], cell.bbox)])
                if len(key) > 2 * len(want) + 8:
                    break  # far longer than the header: no more of it to find
                scores.append(_similar(key, want))
            if not scores or max(scores) < current().stitch.header_similar_share:
                return None
            k = len(scores) - scores[::-1].index(max(scores))  # a trailing "(ต่อ)" line is the header's
        head.append(Cell(cell.lines[:k], cell.bbox, cell.spanned))
        body.append(Cell(cell.lines[k:], cell.bbox, cell.spanned))
    return (head, body) if cell_key(body) else None


def split_words(prev: Row, nxt: list[Cell]) -> int:
    """How many columns have a Thai word cut in two by the page break: the
    strongest sign that a row goes on ("การให้" | "บริการ")."""
    return len(_split_columns(prev, nxt))


def _split_columns(prev: Row, nxt: Sequence[Cell]) -> list[int]:
    """The columns of :func:`split_words`."""
    return [c for c, cell in enumerate(nxt) if cell.lines and prev.cells[c] and prev.cells[c][-1].lines
            and splits_word(prev.cells[c][-1].lines[-1].text, cell.lines[0].text)]


def _widen_to(pt: PageTable, edges: list[float]) -> PageTable:
    """A page table whose columns are the right-hand columns of ``edges``: the
    leading columns are merged cells carried over from the page before (their
    rule is not drawn on this page). Give it those columns back, as spanned."""
    k = len(edges) - len(pt.col_edges)
    if k <= 0 or not _same_columns(edges[k:], pt.col_edges):
        return pt
    rows = []
    for row in pt.rows:
        top, bottom = (row[0].bbox[1], row[0].bbox[3]) if row else (0.0, 0.0)
        lead = [Cell((), (edges[c], top, edges[c + 1], bottom), spanned=True) for c in range(k)]
        rows.append(lead + list(row))
    return PageTable(pt.page, list(edges), rows, pt.borders, pt.outside, pt.bbox, pt.page_width,
                     pt.page_height, pt.method)


def _columns_within(coarse: list[float], fine: list[float]) -> list[tuple[int, int]] | None:
    """Per column of ``coarse``, the range of ``fine``'s columns it covers, when
    every edge of ``coarse`` is one of ``fine``'s and both span the same width
    (``fine`` divides some columns further: sub-headers under a group)."""
    s = current().stitch
    tol = max(s.same_columns_pt, s.same_columns_share * (fine[-1] - fine[0]))
    at = []
    for edge in coarse:
        j = min(range(len(fine)), key=lambda j: abs(fine[j] - edge))
        if abs(fine[j] - edge) > tol:
            return None
        at.append(j)
    if at[0] != 0 or at[-1] != len(fine) - 1 or any(b <= a for a, b in zip(at, at[1:])):
        return None
    return list(zip(at, at[1:]))


def _joined_lines(upper: Cell, lower: Cell) -> tuple[Line, ...]:
    """A header cell cut by a page break: its lines above the break, then those
    below; a producer that prints the cut cell's text again on the new page
    (a spreadsheet clips the cell on both pages) gives it once."""
    up, low = cell_key([upper]), cell_key([lower])
    if up and low.startswith(up):
        return lower.lines
    if low and up.endswith(low):
        return upper.lines
    return upper.lines + lower.lines


def _under_cut_header(head: PageTable, pt: PageTable) -> PageTable | None:
    """``pt`` with the header that opened the table on the page before: a table
    that ends at a page's foot with nothing but header rows was cut by the page
    break, and the next page's first table, on the same columns (or those
    columns divided further), is its continuation. The last header row above
    the break and the first row below it are one row: their cells join. None
    when the columns do not match, or either table is unruled (there a table
    of one row is as likely a box of figures as a cut header)."""
    if head.borders != "grid" or pt.borders != "grid":
        return None  # without rules a one-row table is as likely a box of its own
    spans = _columns_within(head.col_edges, pt.col_edges)
    if spans is None:
        return None
    edges, first = pt.col_edges, list(pt.rows[0])
    rows: list[list[Cell]] = []
    grouped = False
    top, bottom = first[0].bbox[1], first[0].bbox[3]
    for r, hrow in enumerate(head.rows):
        row: list[Cell] = []
        for cell, (a, b) in zip(hrow, spans):
            row.append(Cell(cell.lines, (edges[a], top, edges[b], bottom), cell.spanned, cell.from_left))
            row.extend(Cell((), (edges[c], top, edges[c + 1], bottom), True, True) for c in range(a + 1, b))
            if r == len(head.rows) - 1 and b == a + 1 and not first[a].spanned and not cell.spanned:
                row[a] = Cell(_joined_lines(cell, first[a]), first[a].bbox)
                first[a] = Cell((), first[a].bbox, spanned=True)
            grouped = grouped or (r == len(head.rows) - 1 and b > a + 1)
        rows.append(row)
    body = ([first] if grouped else []) + pt.rows[1:]
    return PageTable(pt.page, list(edges), rows + body, pt.borders, head.outside + pt.outside, pt.bbox,
                     pt.page_width, pt.page_height, pt.method)


@dataclass(slots=True)
class _Run:
    """What :func:`stitch` carries from page to page."""

    current: Table | None = None
    header_key: list[str] = field(default_factory=list)  # per header row, its text
    header_cols: list[str] = field(default_factory=list)  # per column, its header text
    uses_marks: bool = False  # the document marks continued columns with "(ต่อ)"
    last_edges: list[float] = field(default_factory=list)  # the column edges of the last page table
    opened: PageTable | None = None  # the page table that opened the current table
    index: int = 0
    page: int = 0  # the page of the last page table, its lines outside tables ...
    page_lines: list[Line] = field(default_factory=list)
    above: float = 0.0  # ... and the foot of its last table piece so far
    heading: tuple[Line, ...] = ()  # the caption of the piece being added, for its first new row


def stitch(page_tables: Iterable[PageTable]) -> Iterator[Table]:
    """Join page tables into logical tables, yielding each when it ends."""
    run = _Run()
    for pt in page_tables:
        if pt.page != run.page:  # the first page table of a page holds the page's outside lines
            run.page, run.page_lines, run.above = pt.page, list(pt.outside), 0.0
        run.heading = heading_above(pt, run.page_lines, run.above)
        run.above = max(run.above, pt.bbox[3])
        if not pt.rows:
            continue
        cut_from = 0
        if (run.current is not None and not run.current.rows and run.opened is not None
                and pt.page == run.current.page_end + 1):
            joined = _under_cut_header(run.opened, pt)
            if joined is not None:  # the header the page break cut off goes on here
                cut_from = run.current.page_start
                pt, run.current, run.index = joined, None, run.index - 1
        # compared with the page before: column widths drift a little page by page
        if run.current is not None and not _same_columns(run.last_edges, pt.col_edges):
            pt = _widen_to(pt, run.last_edges)
        starts_new = run.current is None or not _same_columns(run.last_edges, pt.col_edges)
        run.last_edges = list(pt.col_edges)
        body_start = 0
        continued = [False] * pt.n_cols
        if not starts_new:
            pt, body_start, continued, starts_new = _drop_repeated_header(pt, run)
        if starts_new:
            if run.current is not None:
                yield _kept_whole(run.current)
            continued = _start_table(pt, run)
            body_start = run.current.header_rows
            run.current.page_start = cut_from or pt.page
        _add_body(pt, run, body_start, continued, starts_new)
    if run.current is not None:
        yield _kept_whole(run.current)


def heading_above(pt: PageTable, lines: list[Line], above: float) -> tuple[Line, ...]:
    """The lines set right above a table piece, below anything else on the page
    above it: a caption (a title, a running title, a section heading such as
    "1.1 แผนงานเคหะและชุมชน" between two pieces of one table). Taken upward
    from the piece's top across the piece's width while no blank line
    intervenes; text parted from the piece by a blank line (a page header, a
    document title above the section) is not its caption."""
    x0, top, x1, _ = pt.bbox
    cands = sorted((ln for ln in lines if ln.x1 > x0 and ln.x0 < x1 and ln.top >= above
                    and ln.top + ln.bottom <= 2 * top and ln.text.strip()),
                   key=lambda ln: ln.bottom, reverse=True)
    out: list[Line] = []
    edge = top
    for ln in cands:
        if edge - ln.bottom >= current().stitch.heading_gap_em * ln.size:
            break
        out.append(ln)
        edge = min(edge, ln.top)
    return tuple(sorted(out, key=lambda ln: (ln.top, ln.x0)))


def beside(pt: PageTable, prow: list[Cell], lines: list[Line]) -> tuple[Line, ...]:
    """The lines on body row ``prow``'s line just outside the piece's frame:
    a column the producer left unruled (a spreadsheet's print borders stop
    short of it), each line starting within ``stitch.beside_gap_em`` of the
    frame with its middle inside the row. Kept with the row, not dropped as
    text outside the table."""
    x0, _, x1, _ = pt.bbox
    top = max(c.bbox[1] for c in prow)  # the row's own band: a merged cell's box reaches further
    bottom = min(c.bbox[3] for c in prow)
    gap = current().stitch.beside_gap_em
    return tuple(ln for ln in lines if ln.text.strip() and top <= (ln.top + ln.bottom) / 2 <= bottom
                 and (0 <= ln.x0 - x1 <= gap * ln.size or 0 <= x0 - ln.x1 <= gap * ln.size))


def _body_on(table: Table, page: int) -> bool:
    """Has ``table`` a body row on ``page``?"""
    return bool(table.rows) and table.rows[-1].page_end == page


def _merge_goes_on(c: int, body: list[list[Cell]], prev: Row) -> bool:
    """Is column ``c`` of a continuation page's first row a merged cell that
    began on the page before? A word processor prints a merged cell's text
    once, where the cell starts: below the break the cell is empty, yet still
    merged down over the rows under it. Such a cell, under a filled one (or
    under a slot of a merged cell filled from further up), is the same cell
    (filled down like any other)."""
    return (not body[0][c].lines and len(body) > 1 and body[1][c].spanned and not body[1][c].from_left
            and (not prev.is_empty(c) or prev.spanned[c]))


def _kept_whole(table: Table) -> Table:
    """A table that ended with nothing under its header (a box of one row, or a
    header no body followed) keeps its text as rows: a header names columns,
    and with no column to name its text is the data. Nothing is dropped."""
    if table.rows or not table.header:
        return table
    for r in range(max(len(col) for col in table.header)):
        cells = [[col[r]] if r < len(col) and col[r].lines else [] for col in table.header]
        if any(cells):
            row = Row(cells, table.page_start, table.page_end, [False] * len(cells),
                      ["header rows only: kept as a row"])
            table.rows.append(row)
    table.header = [[] for _ in table.header]
    return table


def _drop_repeated_header(pt: PageTable, run: _Run) -> tuple[PageTable, int, list[bool], bool]:
    """A page of the same column layout: its repeated header rows left out,
    noting "(ต่อ)" marks. Returns the page table (its first row without the
    header lines a repeated header took in), where its body starts, the
    continued marks, and whether it starts a new table after all (a different
    header, set apart by weight)."""
    table = run.current
    assert table is not None
    continued = [False] * pt.n_cols
    body_start = 0
    n = len(table.header[0]) and table.header_rows
    split = split_header(pt.rows[0], run.header_cols) if n == 1 else None
    if split is not None:
        # the repeated header took in the first body lines (no rule, no
        # bold between them): its lines go, the rest is the first row
        head, first = split
        continued = [bool(_CONTINUED.search(c.text)) for c in head]
        pt = PageTable(pt.page, pt.col_edges, [first] + pt.rows[1:], pt.borders, pt.outside, pt.bbox,
                       pt.page_width, pt.page_height, pt.method)
        n = 0
    for k in range(min(n, len(pt.rows))):
        key = cell_key(pt.rows[k])
        if _similar(key, run.header_key[k]) < current().stitch.header_similar_share or (
                pt.method == "text" and _numbers(key) != _numbers(run.header_key[k])):
            break
        body_start = k + 1
    if 0 < n and body_start < n:
        body_start = max(body_start, _header_taken_whole(pt, run, n))
    for row in pt.rows[:body_start]:
        for c, cell in enumerate(row):
            if _CONTINUED.search(cell.text):
                continued[c] = True
    starts_new = False
    if body_start == 0 and split is None:
        # a different header in the same column layout: a new table. So is a
        # second table on a page under one with a body of its own, unless under
        # the header again (a sheet printed two pages to one): a page break,
        # not a gap, is what cuts a table
        key = cell_key(pt.rows[0])
        starts_new = (pt.page == table.page_end and _body_on(table, pt.page)) or (
            _set_apart(pt) and _similar(key, run.header_key[0]) < current().stitch.new_header_share)
    return pt, body_start, continued, starts_new


_DIGITS = re.compile(r"[0-9๐-๙]+")


def _numbers(key: str) -> list[str]:
    """The numbers in a row's text, Thai digits read as Arabic. A repeated
    header reprints its numbers as they were; a row like it but numbered
    otherwise ("ยุทธศาสตร์ที่ 2" under "ยุทธศาสตร์ที่ 1", another year) is new
    content, not a repeat. (An OCR'd page may misread a digit: there the text
    likeness alone decides.)"""
    return _DIGITS.findall(key.translate(TO_ARABIC))


def _header_taken_whole(pt: PageTable, run: _Run, n: int) -> int:
    """How many leading rows of ``pt`` hold the table's header read column by
    column, when its rows do not match the header's row by row: a header
    without rules whose cells are centred on their own splits into rows by
    where its lines happen to fall, and a "(ต่อ)" added to a cell moves them.
    The count whose text is most like the whole header, if like enough; 0 if
    none is."""
    whole = "".join(run.header_cols)
    best, best_m = current().stitch.header_similar_share, 0
    for m in range(1, min(n + 1, len(pt.rows) - 1) + 1):
        key = "".join(cell_key(pt.rows[r][c] for r in range(m)) for c in range(pt.n_cols))
        score = _similar(key, whole)
        if score >= best and (pt.method != "text" or _numbers(key) == _numbers(whole)):
            best, best_m = score, m
    return best_m


def _start_table(pt: PageTable, run: _Run) -> list[bool]:
    """Open a new logical table with ``pt``'s header rows; its continued marks."""
    hr = _header_rows(pt)
    header = _header_blocks(pt, hr)
    run.header_key = [cell_key(pt.rows[r]) for r in range(hr)]
    run.header_cols = [cell_key(pt.rows[r][c] for r in range(hr)) for c in range(pt.n_cols)]
    continued = [any(_CONTINUED.search(pt.rows[r][c].text) for r in range(hr)) for c in range(pt.n_cols)]
    run.current = Table(run.index, header, continued, [], list(pt.col_edges), pt.borders, list(pt.outside),
                        pt.page, pt.page, hr)
    run.opened = pt
    run.index += 1
    return continued


def _add_body(pt: PageTable, run: _Run, body_start: int, continued: list[bool], starts_new: bool) -> None:
    """Append ``pt``'s body rows to the current table; its first row carries on
    the last row before the page break when :func:`is_continuation` says so."""
    table = run.current
    assert table is not None
    table.page_end = pt.page
    run.uses_marks = run.uses_marks or any(continued[1:])
    body = [row for row in pt.rows[body_start:] if any(c.lines for c in row)]
    for r, prow in enumerate(body):
        spanned = [c.spanned and not c.from_left for c in prow]  # filled down, never across
        if r == 0 and table.rows and not starts_new:
            spanned = [s or _merge_goes_on(c, body, table.rows[-1]) for c, s in enumerate(spanned)]
        blocks = [[_block(c, pt.page, pt.method)] if c.lines else [] for c in prow]
        side = beside(pt, prow, run.page_lines)
        if r == 0 and table.rows and not starts_new and is_continuation(
                table.rows[-1], prow, continued, column_limits(table.rows[-40:], pt.n_cols), run.uses_marks,
                key_columns(table.rows[-12:], pt.n_cols)):
            prev = table.rows[-1]
            for c in range(pt.n_cols):
                prev.cells[c].extend(blocks[c])
            prev.page_end = pt.page
            prev.beside += side
            prev.notes.append(f"row continued from page {pt.page - 1}")
            continue
        table.rows.append(Row(blocks, pt.page, pt.page, spanned, heading=run.heading, across=_banner(prow),
                              beside=side))
        run.heading = ()
