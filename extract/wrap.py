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

from extract.glyphs import PUA_TO_THAI
from extract.lines import Line
from extract.words import dictionary, tokenize


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


# glyph variants read as the letters they draw, zero-width characters dropped
_SEGMENT_TEXT: dict[int, str | None] = {**PUA_TO_THAI, 0x200B: None, 0xFEFF: None}


_OPENING = "([{\"'“‘"
_TONES = "\u0e48\u0e49\u0e4a\u0e4b"
_VOWEL_MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47"


def _plain_map(text: str) -> tuple[str, list[int]]:
    """``plain(text)`` and, for each of its characters, the index in ``text``
    of the last character it stands for."""
    out: list[str] = []
    idx: list[int] = []
    flat = text.translate(_SEGMENT_TEXT)
    # one entry per character of ``text`` ("" where a character was dropped)
    chars = list(flat) if len(flat) == len(text) else [ch.translate(_SEGMENT_TEXT) for ch in text]
    i = 0
    n = len(chars)
    while i < n:
        ch = chars[i]
        if ch == "\u0e4d":  # NIKHAHIT (+ tone) + SARA AA draws SARA AM
            j = i + 1
            tone = ""
            if j < n and chars[j] in _TONES:
                tone = chars[j]
                j += 1
            if j < n and chars[j] == "\u0e32":
                if tone:
                    out.append(tone)
                    idx.append(j)
                out.append("\u0e33")
                idx.append(j)
                i = j + 1
                continue
        if ch:
            out.append(ch)
            idx.append(i)
        i += 1
    # a tone drawn before its vowel ("ผู่" for "ผู่"): vowel first, as typed
    for k in range(len(out) - 1):
        if out[k] in _TONES and out[k + 1] in _VOWEL_MARKS:
            out[k], out[k + 1] = out[k + 1], out[k]
            idx[k], idx[k + 1] = idx[k + 1], idx[k]
    return "".join(out), idx


def plain(text: str) -> str:
    """Text with glyph variants read as the Thai letters they draw (PUA forms,
    NIKHAHIT + SARA AA), for decisions about words and wraps; the output text
    itself is repaired later, in ``normalize.thai``."""
    return _plain_map(text)[0]


_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"


def _is_thai(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e5b"


@lru_cache(maxsize=8192)
def first_word(text: str) -> str:
    """The first word of ``text`` (as written in ``text``): up to a space, or
    the first Thai word."""
    text = text.lstrip()
    head = text.split(" ", 1)[0]
    if not head:
        return ""
    flat, idx = _plain_map(head[:48])
    if not flat:
        return head
    lead = 0
    while lead < len(flat) and flat[lead] in _OPENING:
        lead += 1  # "(" or a quote opens the word that follows it
    if lead == len(flat):
        return head
    if not _is_thai(flat[lead]):
        # Latin, digits, punctuation: the run up to a space or a Thai letter
        for i in range(lead, len(flat)):
            if _is_thai(flat[i]):
                return head[: max(idx[:i]) + 1]
        return head
    tokens = tokenize(flat[lead:])
    if not tokens:
        return head
    # a typesetter keeps the longest dictionary word whole ("คู่มือ", where
    # newmm may say "คู่" + "มือบน")
    n = max([len(tokens[0])] + [len(w) for w in dictionary().prefixes(flat[lead:lead + 24])])
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
    full = right_limit is not None and nxt.x1 >= right_limit - 0.6 * nxt.size
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
    if not a or not b or not (_is_thai(a[-1]) and _is_thai(b[0])) or "ๆ" in (a[-1], b[0]):
        return False
    if a[-1] in _THAI_DIGITS or b[0] in _THAI_DIGITS:
        return False  # "๑" + "๑" is two figures, not a word cut in two
    tail = a.rsplit(" ", 1)[-1][-16:]
    head = b.split(" ", 1)[0][:16]
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
    return need + 0.6 * prev.size > room
