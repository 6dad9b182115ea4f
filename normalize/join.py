"""Join the wrapped lines of a table cell back into the author's text.

Three outcomes for every line break inside a cell:

* a new item or paragraph stays a new line ("\\n"): the next line starts with an
  item number (1. 2.1 ๑.), or with a bullet in a cell that is a bulleted list,
  or its first word would have fitted on the line before (the author broke the
  line on purpose; see :mod:`extract.wrap`);
* a wrap inside Thai text is no space: Thai writes no spaces between words;
* a wrap next to Latin text or digits (Arabic or Thai), or after a line that ends in a space
  glyph, is one space, unless a long Latin word was broken by force.

Where a wrap fell on a space between two Thai phrases the text layer often keeps
no space at all; a few words that Thai writing sets off with a space before them
(จำนวน, เช่น, ได้แก่, พ.ศ. ...) bring it back when they start the next line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from thaitab.extract.lines import Line
from thaitab.extract.settings import current
from thaitab.extract.stitch import Block
from thaitab.extract.thai.charset import CONSONANTS, THAI_TEXT, is_thai, is_thai_text
from thaitab.extract.thai.reading import plain
from thaitab.extract.thai.words import tokenize
from thaitab.extract.wrap import BULLET, first_word, numbered, prefix_width, splits_word, starts_item, wrapped

# words that Thai writing sets off with a space before them
SPACE_BEFORE = ("จำนวน", "เช่น", "ได้แก่", "พ.ศ.", "ค.ศ.", "ณ", "ตั้งแต่", "ๆ", "ร้อยละ",
                "กอง", "สำนัก", "ฝ่าย", "อบต.", "อบจ.")
# words that Thai writing sets off with a space after them (ณ "at", the repeat mark ๆ)
SPACE_AFTER = ("ณ", "ๆ")
_CONJUNCTIONS = ("และ", "หรือ")
_CONJUNCTION = re.compile("และ|หรือ")
# the divisions of a local government; a cell that lists several sets one per line
_OFFICES = ("กอง", "สำนัก", "ฝ่าย")
_QUOTES = "\"“”"
_RANGE_END = re.compile(r"(?:[0-9๐-๙]|\.)\s*$")
_RANGE_START = re.compile(rf"^[-–]\s*(?:[0-9๐-๙]|[{CONSONANTS}]{{1,2}}\.\s?[{CONSONANTS}]{{1,2}}\.)")
# two Thai words set apart by a space (a list whose items are spaced)
_THAI_SPACE = re.compile(f"[{THAI_TEXT}] [{THAI_TEXT}]")
# how far back a line is looked at for such a list (characters)
_LIST_CONTEXT_CHARS = 40
_NO_SPACE_AFTER = "(/[“\"'"
_NO_SPACE_BEFORE = ")/],.:;”\"'"


def _bulleted(lines: Sequence[Line]) -> bool:
    """A cell is a bulleted list when it opens with a bullet or has two or more."""
    marks = [bool(BULLET.match(ln.text)) for ln in lines]
    return bool(marks) and (marks[0] or sum(marks) >= 2)


@dataclass(frozen=True, slots=True)
class JoinStyle:
    """How the document writes what a line wrap hides, learnt from its own
    unwrapped lines (:func:`learn_style`)."""

    # "ผู้บริหาร สมาชิกสภา และพนักงาน": a space before a list's last และ/หรือ
    space_before_conjunction: bool = True


DEFAULT_STYLE = JoinStyle()


def learn_style(lines: Iterable[Line]) -> JoinStyle:
    """The document's own habit, where its lines show it without a wrap.

    Authors differ on whether the last item of a list whose items are set off
    by spaces takes a space before its และ/หรือ. Inside a line the text layer
    shows what the author typed; at a wrap it does not. When the lines of a
    table write it clearly more often without the space (at least three times,
    and over twice as often), wraps are joined the same way.
    """
    spaced = unspaced = 0
    for line in lines:
        text = plain(line.text)
        for m in _CONJUNCTION.finditer(text):
            i = m.start()
            if i < 2 or not _word_at_start(text[i:], m.group()):
                continue
            if text[i - 1] == " " and is_thai(text[i - 2]):
                spaced += bool(_THAI_SPACE.search(text[max(0, i - _LIST_CONTEXT_CHARS - 1):i - 1]))
            elif is_thai(text[i - 1]):
                unspaced += bool(_THAI_SPACE.search(text[max(0, i - _LIST_CONTEXT_CHARS):i]))
    return JoinStyle(space_before_conjunction=not (unspaced >= 3 and unspaced > 2 * spaced))


def join_lines(lines: Sequence[Line], right_limit: float, width: float | None = None,
               style: JoinStyle = DEFAULT_STYLE) -> str:
    """Join the lines of one cell (on one page) into text, one item per line."""
    if not lines:
        return ""
    bullets = _bulleted(lines)
    out = [lines[0].text.strip()]
    for i in range(1, len(lines)):
        prev, nxt = lines[i - 1], lines[i]
        after = lines[i + 1] if i + 1 < len(lines) else None
        # the text joined so far, so that a word wrapped over three lines is seen whole
        context = "".join(out[-6:])
        out.append(line_break(prev, nxt, right_limit, after, bullets, width, context, style))
        out.append(nxt.text.strip())
    return "".join(out)


def line_break(prev: Line, nxt: Line, right_limit: float, after: Line | None = None,
               bullets: bool = True, width: float | None = None, context: str | None = None,
               style: JoinStyle = DEFAULT_STYLE) -> str:
    """What a break between two lines of one cell stands for: "\\n", " " or "".

    ``context`` is the cell's text up to the break (default: the line before)."""
    a = prev.text.rstrip()
    b = nxt.text.strip()
    if not a or not b:
        return ""
    if numbered(b) or (BULLET.match(b) and (bullets or not _range_dash(a, b))):
        return "\n"
    item = (context or a).rsplit("\n", 1)[-1]
    if splits_word(item, b) and not prev.ends_with_space:
        return ""  # the break cut a Thai word in two (a space glyph says it did not)
    if item.startswith(_OFFICES) and b.startswith(_OFFICES):
        return "\n"  # a list of offices ("กองคลัง" / "กองช่าง"): one per line
    if not wrapped(prev, nxt, right_limit, after):
        return "\n"
    if width is not None and _forced_break(prev, nxt, width):
        return ""
    return wrap_space(a, b, prev.ends_with_space, style)


def _forced_break(prev: Line, nxt: Line, width: float) -> bool:
    """A Latin word longer than the column was broken mid-word (URLs)."""
    a, b = prev.text.rstrip(), nxt.text.strip()
    if not a or not b or not (b[0].isascii() and b[0].isalnum()):
        return False
    tail = a.rsplit(" ", 1)[-1]
    # a Latin word, URL or e-mail broken by force; not "ธ.ค." + "67"
    if not (tail[-1].isascii() and (tail[-1].isalnum() or tail[-1] in "./-_:@")) or not any(
            ch.isascii() and ch.isalpha() for ch in tail):
        return False
    head = first_word(b)
    tail_w = prev.x1 - _x_of_tail(prev, len(tail))
    return tail_w + prefix_width(nxt, len(head)) > width * current().text.forced_break_share


def _x_of_tail(line: Line, n: int) -> float:
    taken = 0
    for ch in reversed(line.chars):
        taken += len(ch.text)
        if taken >= n:
            return ch.x0
    return line.x0


def wrap_space(a: str, b: str, had_space: bool, style: JoinStyle = DEFAULT_STYLE) -> str:
    """The separator for a line that only wrapped: a space or nothing."""
    a, b = plain(a).rstrip() or " ", plain(b).lstrip() or " "
    by_punctuation = _punctuation_space(a, b)
    if by_punctuation is not None:
        return by_punctuation
    if had_space or not (is_thai_text(a[-1]) and is_thai_text(b[0])):
        return " "  # Latin text or a figure (Arabic or Thai digits) beside the wrap
    return " " if _thai_space(a, b, style) else ""


def _punctuation_space(a: str, b: str) -> str | None:
    """The separator that punctuation at the wrap calls for (quotes, brackets,
    slashes, dashes), or None when there is none there."""
    last, first = a[-1], b[0]
    # quotation marks stand apart from the words around them
    if first in _QUOTES and len(b) > 1 and not b[1].isspace() and not a[-1].isspace() and last not in "(/[":
        return " "
    if last in _QUOTES and len(a) > 1 and not a[-2].isspace() and first not in _NO_SPACE_BEFORE:
        return " "
    if last in _NO_SPACE_AFTER or first in _NO_SPACE_BEFORE:
        return ""
    if last in "-–":
        # "ต.ค. 67 -" + "ก.ย. 68" keeps its spaces; "E-" + "Service" does not
        return " " if a[-2:-1] == " " else ""
    return None


def _thai_space(a: str, b: str, style: JoinStyle) -> bool:
    """Does a wrap between two Thai words hide a space? Only before a word that
    Thai writing sets off (:data:`SPACE_BEFORE`), or before the last และ/หรือ of
    a list whose items are set off by spaces (where the document writes it so),
    or after a word set off on both sides (:data:`SPACE_AFTER`)."""
    for w in SPACE_AFTER:
        if a.endswith(w) and (len(a) == len(w) or a[-len(w) - 1].isspace()):
            return True
    for w in SPACE_BEFORE:
        if b.startswith(w) and b[len(w):len(w) + 1] != "/" and _word_at_start(b, w):
            return True
    if style.space_before_conjunction and b.startswith(_CONJUNCTIONS) and _THAI_SPACE.search(a[-_LIST_CONTEXT_CHARS:]):
        # "ผู้บริหาร สมาชิกสภา" + "และพนักงาน": a list whose items are set off
        # by spaces keeps the space before its last "และ"/"หรือ"
        return any(b.startswith(w) and _word_at_start(b, w) for w in _CONJUNCTIONS)
    return False


def _range_dash(a: str, b: str) -> bool:
    """"ต.ค. 67" + "- ก.ย. 68": a dash between two dates is a range, not a bullet."""
    return bool(_RANGE_END.search(a) and _RANGE_START.match(b))


def _word_at_start(text: str, word: str) -> bool:
    """True when ``text`` starts with the whole word ``word`` (a word boundary
    follows it in pythainlp's segmentation)."""
    if len(text) == len(word):
        return True
    pos = 0
    for tok in tokenize(text[: len(word) + 16]):
        pos += len(tok)
        if pos >= len(word):
            return pos == len(word)
    return False


def join_blocks(blocks: Sequence[Block], right_limit: float | None = None,
                style: JoinStyle = DEFAULT_STYLE, page_limits: Mapping[int, float] | None = None) -> str:
    """Join a cell's blocks (one per page it spans) into one text.

    A block that goes on from the previous page continues the same item: it is
    joined like a wrapped line unless it starts a new item itself. The wrap
    limit of a block is its page's (``page_limits``) where known, else
    ``right_limit``, else the cell's right edge less its left padding.
    """
    parts: list[str] = []
    prev_line: Line | None = None
    for block in blocks:
        if not block.lines:
            continue
        pad = block.lines[0].x0 - block.left
        limit = (page_limits or {}).get(block.page, right_limit)
        if limit is None:
            limit = block.right - pad
        width = limit - min(ln.x0 for ln in block.lines)
        if prev_line is not None:
            b = block.lines[0].text.strip()
            if starts_item(b):
                parts.append("\n")
            elif _forced_break(prev_line, block.lines[0], width):
                pass
            elif splits_word(prev_line.text, b):
                pass
            elif prev_line.text.strip() and b:
                parts.append(wrap_space(prev_line.text.rstrip(), b, prev_line.ends_with_space, style))
        parts.append(join_lines(block.lines, limit, width, style))
        prev_line = block.lines[-1]
    return "".join(parts)
