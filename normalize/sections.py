"""Section headings set outside a table's grid, as a filled-down column.

A long table is often typed in pieces, each under its own heading: a
development plan's projects under "1. ยุทธศาสตร์…" / "1.1 แผนงานเคหะและชุมชน", an
asset register's items under "บัญชีรายการครุภัณฑ์ แผนกวิชา…" per department.
The pieces share their columns and are stitched into one table; the headings
above them (:attr:`extract.stitch.Row.heading`) say which rows belong where,
and are kept as the ``_section`` of every row under them (a column thaitab
adds, named apart from the source's own columns by its "_").

Not every caption is a section: a title repeated over every piece (the
document, the body, the date) heads them all, and text parted from the piece
by a blank line (a page header) was never taken. A caption line is running
when each of its words (numbers masked: a page or document number counts up)
stands in the table's first caption and in its last; what is left is the
heading. A signature block closes the text above it, and a paragraph of more
than a few lines is text, not a heading. A heading of fewer lines than the
one before restates its inner levels (the "1.1 …" under an unchanged
"1. …"); an outline number says which level a heading line takes ("3." ends
"2." and everything under it). A section row inside the grid (one cell across
the whole width) heads the rows under it, inside the heading above the piece;
it stays a row.
"""
from __future__ import annotations

import re
from typing import Sequence

from thaitab.extract.settings import current
from thaitab.extract.stitch import Table
from thaitab.extract.thai.continued import CONTINUED_MARK as _CONTINUED
from thaitab.normalize import thai

_WS = re.compile(r"\s+")
_DIGITS = re.compile(r"[0-9๐-๙]+")
_LETTER = re.compile(r"[^\W\d_]")
# a form's fill-in line: a signature ("ลงชื่อ.............") closes the text above it
_LEADER = re.compile(r"\.{4,}|…{2,}|_{4,}")
# a line wholly in brackets: the printed name under a signature
_BRACKETED = re.compile(r"^\s*\(.*\)\s*$")
# an outline number opening a heading line: "1.", "2.1", "๓.๒.๑"
_OUTLINE = re.compile(r"^\s*([0-9๐-๙]+(?:\.[0-9๐-๙]+)*)[.)]?\s")


def _words(text: str) -> list[str]:
    """A line's words, numbers masked: a page or document number counting up
    ("เอกสารหมายเลข 3", "หน้า : 4/30") does not make a line new."""
    return _DIGITS.sub("#", _CONTINUED.sub(" ", text)).split()


def _squash(texts: Sequence[str]) -> str:
    return _DIGITS.sub("#", _WS.sub("", _CONTINUED.sub("", "".join(texts))))


def _caption(lines: list[str], header: str) -> list[str]:
    """The lines of a piece's caption that may head it: below the last
    signature line (it and what stands above it close the text before), not
    a signatory's bracketed name, not a bare number, not header words the
    grid left outside (a header label run up over the table's top rule)."""
    cut = max((i + 1 for i, ln in enumerate(lines) if _LEADER.search(ln)), default=0)
    return [ln for ln in lines[cut:] if ln and _LETTER.search(ln) and not _BRACKETED.match(ln)
            and not all(w in header for w in _words(ln))]


def _depth(text: str) -> int | None:
    """The outline level of a heading line ("2." is 1, "2.1" is 2), or None."""
    m = _OUTLINE.match(text)
    return len(m.group(1).split(".")) if m else None


def row_sections(table: Table, header_words: Sequence[str] = (),
                 texts: Sequence[Sequence[str]] = ()) -> list[str] | None:
    """Per row of ``table``, the section it falls under ("" before the first);
    None when the table has no sections. ``header_words``: the table's column
    names; ``texts``: its rows' cell texts (a section row inside the grid, one
    cell across the whole width, heads the rows under it, inside any heading
    set above the piece)."""
    heads = _outside_heads(table, _squash(header_words))
    out: list[str] = []
    now: list[str] = []
    inner = ""
    for r, row in enumerate(table.rows):
        new = heads.get(r)
        if new and not all(ln in now for ln in new):
            now, inner = _under(now, new), ""
        if row.across and r < len(texts) and texts[r] and texts[r][0].strip():
            inner = " ".join(texts[r][0].split())
        out.append(" / ".join(now + ([inner] if inner else [])))
    return out if len(set(out)) > 1 else None  # one heading over every row is a title


def _outside_heads(table: Table, header: str) -> dict[int, list[str]]:
    """Row -> the heading lines set above the piece it opens, running title lines left out."""
    captions = [(r, _caption([thai.repair(ln.text).strip() for ln in row.heading], header))
                for r, row in enumerate(table.rows) if row.heading]
    captions = [(r, lines) for r, lines in captions if lines]
    if len({_squash(c) for _, c in captions}) < 2:
        return {}  # one caption, or the same over every piece: a title
    # running: a line found in the table's first caption and in its last (a
    # title repeated over every piece, its numbers counting up); one piece's odd
    # caption (a title line the page parted from the rest) does not break it
    ends = (_squash(captions[0][1]), _squash(captions[-1][1]))
    heads: dict[int, list[str]] = {}
    for r, lines in captions:
        lines = [ln for ln in lines if not all(all(w in e for w in _words(ln)) for e in ends)]
        if len(lines) <= current().text.heading_max_lines:
            heads[r] = lines
    return heads


def _under(now: list[str], new: list[str]) -> list[str]:
    """The heading lines in force once ``new`` is set under ``now``: the outer
    levels of ``now`` carry on, ``new`` takes the place of as many inner ones."""
    d = _depth(new[0])
    if d is not None:
        for i, ln in enumerate(now):
            dn = _depth(ln)
            if dn is not None and dn >= d:
                return now[:i] + new
        if any(_depth(ln) is not None for ln in now):
            return now + new
    return now[:max(0, len(now) - len(new))] + new
