"""Join the wrapped lines of a table cell back into the author's text.

Three outcomes for every line break inside a cell:

* a new item or paragraph stays a new line ("\\n"): the next line starts with a
  list marker (1. 2.1 ๑. - •) or its first word would have fitted on the line
  before, so the author broke the line on purpose;
* a wrap inside Thai text is no space: Thai writes no spaces between words;
* a wrap next to Latin text, digits or punctuation, or after a line that ends in
  a space glyph, is one space.

Where a wrap fell on a space between two Thai phrases the text layer often keeps
no space at all; a small set of words that Thai writing sets off with a space
(จำนวน, เช่น, ได้แก่, โดย ...) restores it. Decisions use the line geometry from
the extractor and Thai word segmentation from pythainlp.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from extract.lines import Line
from extract.stitch import Block

_MARKER = re.compile(r"^\s*(?:\(?[0-9๐-๙]{1,2}(?:\.[0-9๐-๙]{1,2})*[.)](?![0-9๐-๙])|[-–•●○▪■◆✓*»]\s?)")
_NUMBERED = re.compile(r"^\s*\(?[0-9๐-๙]{1,2}(?:\.[0-9๐-๙]{1,2})*[.)](?![0-9๐-๙])")
_THAI = re.compile(r"[\u0e01-\u0e4f]")
# words that Thai writing sets off with a space before them
SPACE_BEFORE = ("จำนวน", "เช่น", "ได้แก่", "โดย", "เพื่อ", "ซึ่ง", "และ", "หรือ", "ตั้งแต่", "ณ", "ผ่าน")
_NO_SPACE_AFTER = "(/[-–"
_NO_SPACE_BEFORE = ")/],.:;"


def _is_thai(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e5b"


@lru_cache(maxsize=4096)
def _first_word(text: str) -> str:
    """The first word of a line: up to a space, or the first Thai word."""
    text = text.lstrip()
    if not text:
        return ""
    head = text.split(" ", 1)[0]
    if not _THAI.search(head[:1] or " "):
        return head
    from pythainlp.tokenize import word_tokenize

    tokens = word_tokenize(head[:40], engine="newmm", keep_whitespace=False)
    return tokens[0] if tokens else head


def _width_of_prefix(line: Line, prefix: str) -> float:
    """Width of the first len(prefix) characters of a line, from its glyphs."""
    n = len(prefix)
    chars = [c for c in line.chars]
    # skip leading spaces in both
    i = 0
    while i < len(chars) and not chars[i].text.strip():
        i += 1
    taken = 0
    x0 = chars[i].x0 if i < len(chars) else line.x0
    x1 = x0
    while i < len(chars) and taken < n:
        x1 = max(x1, chars[i].x1)
        taken += len(chars[i].text)
        i += 1
    return x1 - x0


def join_lines(lines: Sequence[Line], right_limit: float, item_lists: bool = True) -> str:
    """Join the lines of one cell (one page) into text with items on their own lines."""
    if not lines:
        return ""
    out = [lines[0].text.strip()]
    for prev, nxt in zip(lines, lines[1:]):
        out.append(line_break(prev, nxt, right_limit))
        out.append(nxt.text.strip())
    return "".join(out)


def line_break(prev: Line, nxt: Line, right_limit: float) -> str:
    """What a break between two lines of one cell stands for: "\\n", " " or ""."""
    a = prev.text.rstrip()
    b = nxt.text.strip()
    if not a or not b:
        return "\n" if a and b else ""
    if _NUMBERED.match(b):
        return "\n"
    word = _first_word(b)
    room = right_limit - prev.x1
    need = _width_of_prefix(nxt, word)
    space = 0.25 * prev.size
    fits = need + space < room - 0.5 * prev.size * 0.1
    if _MARKER.match(b) or fits:
        if fits:
            return "\n"
    return wrap_space(a, b, prev.text.endswith(" "))


def wrap_space(a: str, b: str, had_space: bool) -> str:
    """The separator for a line that only wrapped: a space or nothing."""
    last, first = a[-1], b[0]
    if last in _NO_SPACE_AFTER or first in _NO_SPACE_BEFORE:
        return ""
    if had_space:
        return " "
    if not (_is_thai(last) and _is_thai(first)):
        return " "
    for w in SPACE_BEFORE:
        if b.startswith(w) and _starts_word(b, w):
            return " "
    return ""


def _starts_word(text: str, word: str) -> bool:
    """True when ``word`` is a whole word at the start of ``text``."""
    from pythainlp.tokenize import word_tokenize

    tokens = word_tokenize(text[: len(word) + 12], engine="newmm", keep_whitespace=False)
    return bool(tokens) and tokens[0] == word


def join_blocks(blocks: Sequence[Block], right_limit: float | None = None) -> str:
    """Join a cell's blocks (one per page it spans) into one text.

    A block that goes on from the previous page continues the same item: it is
    joined like a wrapped line unless it starts a new item itself.
    """
    parts: list[str] = []
    prev_line: Line | None = None
    for block in blocks:
        if not block.lines:
            continue
        limit = right_limit if right_limit is not None else block.right - (block.lines[0].x0 - block.left)
        if prev_line is not None:
            first = block.lines[0]
            b = first.text.strip()
            if _MARKER.match(b):
                parts.append("\n")
            else:
                parts.append(wrap_space(prev_line.text.rstrip() or " ", b or " ", prev_line.text.endswith(" ")))
        parts.append(join_lines(block.lines, limit))
        prev_line = block.lines[-1]
    return "".join(parts)
