"""Did a line wrap, or did the author break it? Decided from geometry.

A typesetter moves a word to the next line only when it does not fit at the end
of the current one. So if the first word of the next line would have fitted
into the room left on the line before, the break was made on purpose (a new
item or paragraph); otherwise the line simply wrapped. Thai has no spaces
between words, so "the first word" comes from pythainlp's word segmentation.
A word that runs on past the end of the next line (a long word broken by force)
never fits.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

from thaitab.extract.lines import Line
from thaitab.extract.settings import current
from thaitab.extract.thai.charset import DIGITS, MAIYAMOK, TO_ARABIC, is_thai
from thaitab.extract.thai.reading import plain, plain_map
from thaitab.extract.thai.words import dictionary, tokenize


# "1." "2)" "(3)" "๑." "2.1" "- " "• ": the start of a list item
NUMBERED = re.compile(r"^\s*\(?[0-9๐-๙]{1,2}(?:[.)](?![0-9๐-๙])|(?:\.[0-9๐-๙]{1,2})+[.)]?(?![0-9๐-๙.,]))")
BULLET = re.compile(r"^\s*[-–•●○▪■◆✓*»]")


def numbered(text: str) -> bool:
    """True when a line opens with an item number ("3." "2.1" "(4)" "๑.").

    "2.1 ..." counts, "97.86 คะแนน" does not: sub-item numbers are small.
    """
    m = NUMBERED.match(text)
    if not m:
        return False
    mark = m.group(0).strip().strip("().")
    if "." in mark and not m.group(0).rstrip().endswith((".", ")")):
        return all(int(p) <= 30 for p in mark.split(".") if p)
    return True


def starts_item(text: str) -> bool:
    """True when a line opens with a list marker (numbered or bullet)."""
    return numbered(text) or bool(BULLET.match(text))


def item_number(text: str) -> tuple[int, ...] | None:
    """The item number a line opens with, as its parts ("2.3" -> (2, 3), "๔." -> (4,))."""
    if not numbered(text):
        return None
    mark = NUMBERED.match(text).group(0).translate(TO_ARABIC).strip().strip("().")
    return tuple(int(p) for p in mark.split(".") if p)


def list_goes_on(lines: list[Line], text: str) -> bool:
    """Does ``text`` open the next item of a numbered list that ``lines`` (one
    cell) hold, two items or more ("1." "2." "3." then "4.")? A cell's own list
    is numbered in order; a number in a table's key column starts each row
    afresh, one number per cell."""
    nxt = item_number(text)
    if nxt is None:
        return False
    items = [n for n in (item_number(ln.text) for ln in lines) if n is not None and len(n) == len(nxt)]
    return len(items) >= 2 and follows(items[-2], items[-1]) and follows(items[-1], nxt)


def follows(before: tuple[int, ...], number: tuple[int, ...]) -> bool:
    """Is ``number`` the item after ``before`` in one list ("2." after "1.", "1.3" after "1.2")?"""
    return len(before) == len(number) and before[:-1] == number[:-1] and before[-1] + 1 == number[-1]


_OPENING = "([{\"'“‘"

# the words a text starts with are looked for in its first characters only
_HEAD_CHARS = 48
# the longest dictionary word a typesetter keeps whole is looked for this far
_LONGEST_WORD_CHARS = 24
# the characters either side of a break that are segmented to see if it cut a word
_BREAK_CONTEXT_CHARS = 16


@lru_cache(maxsize=8192)
def first_word(text: str) -> str:
    """The first word of ``text`` (as written in ``text``): up to a space, or
    the first Thai word."""
    text = text.lstrip()
    head = text.split(" ", 1)[0]
    if not head:
        return ""
    flat, idx = plain_map(head[:_HEAD_CHARS])
    if not flat:
        return head
    lead = 0
    while lead < len(flat) and flat[lead] in _OPENING:
        lead += 1  # "(" or a quote opens the word that follows it
    if lead == len(flat):
        return head
    if not is_thai(flat[lead]):
        # Latin, digits, punctuation: the run up to a space or a Thai letter
        for i in range(lead, len(flat)):
            if is_thai(flat[i]):
                return head[: max(idx[:i]) + 1]
        return head
    tokens = tokenize(flat[lead:])
    if not tokens:
        return head
    # a typesetter keeps the longest dictionary word whole ("คู่มือ", where
    # newmm may say "คู่" + "มือบน")
    n = max([len(tokens[0])] + [len(w) for w in dictionary().prefixes(flat[lead:lead + _LONGEST_WORD_CHARS])])
    # no line break after a full stop that a letter follows ("อบต.โปร่งใส",
    # Unicode line breaking rule LB29): the word runs on to the next one
    pos, k = 0, 0
    while k < len(tokens) and pos + len(tokens[k]) <= n:
        pos += len(tokens[k])
        k += 1
    while k < len(tokens) and flat[lead + n - 1] == "." and n < len(flat) - lead:
        pos += len(tokens[k])
        n = max(n, pos)
        k += 1
    return head[: max(idx[: lead + n]) + 1]


def prefix_width(line: Line, n_chars: int) -> float:
    """Width of the glyphs holding the first ``n_chars`` characters of a line."""
    chars = line.chars
    i = 0
    while i < len(chars) and not chars[i].text.strip():
        i += 1
    if i >= len(chars):
        return 0.0
    x0 = chars[i].x0
    x1 = x0
    taken = 0
    while i < len(chars) and taken < n_chars:
        x1 = max(x1, chars[i].x1)
        taken += len(chars[i].text)
        i += 1
    return x1 - x0


def first_word_width(nxt: Line, after: Line | None = None, right_limit: float | None = None) -> float:
    """Width of the first word of ``nxt``; infinite when ``nxt`` is one full
    line whose word goes on into ``after`` (a long word broken by force)."""
    text = nxt.text.strip()
    if not text:
        return 0.0
    full = right_limit is not None and nxt.x1 >= right_limit - current().text.full_line_em * nxt.size
    if full and after is not None and " " not in text and after.text.strip():
        joined = text + after.text.strip()
        if len(first_word(joined)) > len(text):
            return math.inf
    return prefix_width(nxt, len(first_word(text)))


@lru_cache(maxsize=8192)
def splits_word(a: str, b: str) -> bool:
    """True when the break between texts ``a`` and ``b`` falls inside a Thai
    word ("ประสิทธิภา" + "พ", "ใช้งบ" + "ประมาณ"): the junction is not a word
    boundary when the two sides are segmented together."""
    a = plain(a).rstrip()
    b = plain(b).lstrip()
    if not a or not b or not (is_thai(a[-1]) and is_thai(b[0])) or MAIYAMOK in (a[-1], b[0]):
        return False
    if a[-1] in DIGITS or b[0] in DIGITS:
        return False  # "๑" + "๑" is two figures, not a word cut in two
    tail = a.rsplit(" ", 1)[-1][-_BREAK_CONTEXT_CHARS:]
    head = b.split(" ", 1)[0][:_BREAK_CONTEXT_CHARS]
    pos = 0
    for tok in tokenize(tail + head):
        if pos < len(tail) < pos + len(tok):
            return True
        pos += len(tok)
    return False


def wrapped(prev: Line, nxt: Line, right_limit: float, after: Line | None = None) -> bool:
    """True when ``nxt`` starts where ``prev`` merely wrapped."""
    if splits_word(prev.text, nxt.text):
        return True
    need = first_word_width(nxt, after, right_limit)
    room = right_limit - prev.x1
    # a space before the word (~0.25 em) and slack (~0.35 em): a deliberate break
    # leaves clearly more room than the next word needs; a close call is a wrap
    return need + current().text.wrap_slack_em * prev.size > room
