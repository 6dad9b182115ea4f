"""Text-level repairs for Thai strings taken from PDF text layers.

The extractor (:mod:`extract.chars`) fixes what needs glyph geometry (fake bold,
watermarks, zero-width glyphs). This module only sees strings: one table cell,
header or title at a time. Each repair is a small pure function that owns one
glitch seen in real government PDFs (shared/realworld/CHARACTERISTICS.md) or in
the dev corpus. :func:`repair` runs them in this order (:data:`_STEPS`):

=============================================  ==================================
step                                           glitch (producer)
=============================================  ==================================
:func:`strip_zero_width`                       U+200B after every word (mPDF)
:func:`map_pua`, :func:`drop_unknown_pua`      shifted glyphs as PUA code points
                                               (PDFMaker/Distiller, iTextSharp)
:func:`unify_spaces`                           tabs, NBSP, double spaces
:func:`restore_am_from_replacement_char`       "ประจ\\ufffdาปี" (budget book)
:func:`restore_dropped_am`                     "ส านัก", "น ้า" (Word 2007-2016)
:func:`compose_sara_am`                        NIKHAHIT + SARA AA (Distiller,
                                               LibreOffice, Canva)
:func:`fix_double_sara_e`                      "เเ" typed for "แ"
:func:`reorder_marks`                          marks after SARA AM or a space,
                                               doubled, out of order
:func:`join_space_before_am`,                  SARA AM drawn where SARA AA was
:func:`fix_am_for_aa`                          meant (PowerPoint)
:func:`rejoin_split_digits`                    "4 78.9665" (kerning gaps)
:func:`tidy_spaces`                            NFC, one space, no line-end spaces
=============================================  ==================================

:func:`repair_logged` also says which repairs changed something, in words a
user understands. Thai digits are kept as written. NFKC/NFKD are never used
(they split SARA AM into NIKHAHIT + SARA AA); NFC is.

``pythainlp.util.normalize`` is not called: on this material it does harm as
well as good (checked with pythainlp 5.4): it drops blank lines and strips the
text, reads the Word 2016 "น ้า" as "น้า" instead of "น้ำ", deletes a SARA AA
after a space ("ดา า" -> "ดา") and marks after a space ("ขอบคุณ ่ะ" ->
"ขอบคุณ ะ"), rewrites LAKKHANGYAO as SARA AA, and ignores PUA code points.
The useful parts (zero-width removal, mark reordering, NIKHAHIT + tone + SARA AA
-> tone + SARA AM, doubled marks, "เเ") are re-done here as separate steps.

Dictionary decisions use pythainlp's word list (``thai_words()``) and its
``newmm`` tokeniser (through :mod:`extract.words`), loaded lazily on first need
(about 0.2 s; the PowerPoint repair reads the same dictionary, see
:class:`_AmForAaDictionary`). Text with
nothing suspicious takes a regex fast path (a few microseconds per cell) and
never touches the dictionary.
"""
from __future__ import annotations

from bisect import bisect_right
import re
import unicodedata
from functools import lru_cache
from re import Pattern
from typing import Callable, Iterator

from extract.glyphs import PUA_TO_THAI
from extract.words import dictionary, tokenize, words

__all__ = [
    "repair",
    "repair_logged",
    "strip_zero_width",
    "map_pua",
    "drop_unknown_pua",
    "compose_sara_am",
    "fix_double_sara_e",
    "restore_dropped_am",
    "restore_am_from_replacement_char",
    "reorder_marks",
    "move_marks_before_am",
    "remove_space_before_marks",
    "dedupe_marks",
    "sort_marks",
    "join_space_before_am",
    "fix_am_for_aa",
    "rejoin_split_digits",
    "unify_spaces",
    "tidy_spaces",
    "thai_ratio",
    "non_dictionary_share",
]

# ---------------------------------------------------------------------------
# Character classes
# ---------------------------------------------------------------------------

SARA_AA = "\u0e32"
SARA_AM = "\u0e33"
NIKHAHIT = "\u0e4d"
SARA_E = "\u0e40"
SARA_AE = "\u0e41"

_CONSONANTS = "\u0e01-\u0e2e"  # ก..ฮ
_TONES = "\u0e48-\u0e4b"  # ่ ้ ๊ ๋
# Combining marks: MAI HAN-AKAT, above/below vowels, PHINTHU, MAITAIKHU, tone
# marks, THANTHAKHAT, NIKHAHIT, YAMAKKAN.
_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_THAI_LETTERS = "\u0e01-\u0e4e"  # letters, vowels and marks; no digits
_PUA_RANGE = "\ue000-\uf8ff\U000f0000-\U0010ffff"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Space characters other than " " and "\n" that tidy_spaces turns into " ".
_OTHER_SPACES = "\t\u000b\u000c\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"

# ---------------------------------------------------------------------------
# Private Use Area glyphs
# ---------------------------------------------------------------------------

# the HarfBuzz table of PUA glyph variants lives with the glyph code: extract.glyphs
# List bullets that Word writes with the Symbol/Wingdings fonts (their glyphs
# sit at U+F000 + the 8-bit code). Only the few unambiguous ones; any other PUA
# code point is removed by drop_unknown_pua.
_SYMBOL_FONT_PUA: dict[int, str] = {
    0xF0B7: "\u2022",  # Symbol bullet •
    0xF0A7: "\u25aa",  # Wingdings small square ▪
    0xF0D8: "\u27a2",  # Wingdings arrowhead ➢
    0xF0FC: "\u2713",  # Wingdings check mark ✓
}

_PUA_TRANSLATION: dict[int, str] = {**PUA_TO_THAI, **_SYMBOL_FONT_PUA}
_RE_PUA: Pattern[str] = re.compile(f"[{_PUA_RANGE}]")
_RE_KNOWN_PUA: Pattern[str] = re.compile(
    "[" + "".join(chr(c) for c in sorted(_PUA_TRANSLATION)) + "]"
)


def map_pua(text: str) -> str:
    """Map Windows/Mac PUA Thai glyph variants (and Symbol-font bullets) to Unicode.

    Fonts without OpenType Thai tables draw shifted tone marks and vowels from
    U+F700..U+F71A (Windows) or U+F884..U+F89E (Mac), and PDF producers write
    those code points into the text layer: "ส\\uf70aงเสริม" is "ส่งเสริม". The
    table is HarfBuzz's ``thai_pua_shape``. A mapped mark that now sits before
    the vowel it belongs after is put right by :func:`sort_marks`.
    """
    if not _RE_KNOWN_PUA.search(text):
        return text
    return text.translate(_PUA_TRANSLATION)


def drop_unknown_pua(text: str) -> str:
    """Remove Private Use Area code points that :func:`map_pua` does not know.

    They are font-private glyph ids (icons, ligatures) with no standard meaning;
    keeping them would put invisible or tofu characters into table cells.
    """
    return _RE_PUA.sub("", text)


# ---------------------------------------------------------------------------
# Zero-width characters
# ---------------------------------------------------------------------------

_ZERO_WIDTH_DELETE: dict[int, None] = dict.fromkeys(map(ord, _ZERO_WIDTH))
_RE_ZERO_WIDTH: Pattern[str] = re.compile(f"[{_ZERO_WIDTH}]")


def strip_zero_width(text: str) -> str:
    """Remove ZWSP, ZWNJ, ZWJ, WORD JOINER, BOM and SOFT HYPHEN.

    mPDF marks every Thai word end with U+200B ("แบบ\\u200bรายงาน"); the others
    come from copy-paste. None is visible, all of them break matching and
    dictionary look-ups, and Thai needs none of them.
    """
    if not _RE_ZERO_WIDTH.search(text):
        return text
    return text.translate(_ZERO_WIDTH_DELETE)


# ---------------------------------------------------------------------------
# Sara am composition
# ---------------------------------------------------------------------------

# NIKHAHIT, optional tone marks (HarfBuzz moves the NIKHAHIT of a decomposed
# SARA AM in front of them), SARA AA. A tone written between the NIKHAHIT and
# the SARA AA, or in front of both, ends up before the SARA AM.
_RE_DECOMPOSED_AM: Pattern[str] = re.compile(f"{NIKHAHIT}([{_TONES}]*){SARA_AA}")
# SARA AM glyph mapped to U+0E33 with the SARA AA glyph after it still mapped
# to U+0E32 (budget book fonts: "สำานักงาน").
_RE_AM_THEN_AA: Pattern[str] = re.compile(f"{SARA_AM}{SARA_AA}+")


def compose_sara_am(text: str) -> str:
    """Write NIKHAHIT + SARA AA (with any tone mark around it) as SARA AM.

    Shapers decompose U+0E33 into U+0E4D U+0E32 and move the NIKHAHIT before a
    tone mark; Distiller/PDFMaker and LibreOffice exports keep that order in the
    text layer: "น\\u0e4d\\u0e49\\u0e32" and "น\\u0e49\\u0e4d\\u0e32" are "น้ำ".
    NFC does not recompose them. A SARA AM followed by a stray SARA AA (the SARA
    AM glyph mapped to U+0E33 and its SARA AA part mapped again) loses the SARA AA.
    """
    if NIKHAHIT in text:
        text = _RE_DECOMPOSED_AM.sub(lambda m: m.group(1) + SARA_AM, text)
    if SARA_AM + SARA_AA in text:
        text = _RE_AM_THEN_AA.sub(SARA_AM, text)
    return text


_RE_DOUBLE_SARA_E: Pattern[str] = re.compile(f"{SARA_E}{SARA_E}")


def fix_double_sara_e(text: str) -> str:
    """Write two SARA E in a row as SARA AE ("เเละ" -> "และ").

    A common typing habit in Thai offices; the two forms look the same in print
    but "เเ" never spells a word, so dictionary look-ups and searches miss it.
    """
    if SARA_E + SARA_E not in text:
        return text
    return _RE_DOUBLE_SARA_E.sub(SARA_AE, text)


# ---------------------------------------------------------------------------
# Dictionary helpers (lazy)
# ---------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _tokens(run: str) -> tuple[str, ...]:
    """newmm tokens of a Thai run with pythainlp's default dictionary (cached)."""
    return tuple(tokenize(run))


def _spellings(text: str, start: int = 0) -> Iterator[tuple[int, bool, list[str]]]:
    """Walk the dictionary along ``text[start:]``, also reading each SARA AM
    as SARA AA.

    Yields, for each end still on the way to a word: whether ``text[start:end]``
    is a word, and the words it is a PowerPoint drawing of (the same with SARA
    AA for one or more of its SARA AM). A drawing has no SARA AA of its own, so
    once one is read only the plain reading goes on. The dictionary is the one
    of :func:`_tokens` (:func:`extract.words.dictionary`): none is built for this.
    """
    entries = dictionary().entries  # word -> True, beginning of a word -> False
    exact = True  # text[start:i] begins a word
    drawn: list[str] = []  # beginnings of words reached with some SARA AM read as SARA AA
    plain = True  # no SARA AA read yet
    for i in range(start, len(text)):
        ch = text[i]
        plain = plain and ch != SARA_AA
        reads = (ch, SARA_AA) if ch == SARA_AM else (ch,)
        nxt = [spelt + c for spelt in drawn for c in reads if spelt + c in entries]
        if exact and plain and ch == SARA_AM and (alt := text[start:i] + SARA_AA) in entries:
            nxt.append(alt)
        exact = exact and text[start:i + 1] in entries
        drawn = nxt if plain else []
        if not exact and not drawn:
            return
        yield i + 1, exact and entries[text[start:i + 1]], [spelt for spelt in drawn if entries[spelt]]


@lru_cache(maxsize=8192)
def _aa_word(token: str) -> str | None:
    """The word PowerPoint drew as ``token`` ("กำร" -> "การ"), or None.

    None when ``token`` is a word itself ("ยำ") or could be more than one word.
    """
    for end, is_word, drawn_of in _spellings(token):
        if end == len(token):
            return drawn_of[0] if not is_word and len(drawn_of) == 1 else None
    return None


class _AmForAaDictionary:
    """pythainlp's dictionary plus every word spelt as PowerPoint draws it
    (each SARA AA as SARA AM), for newmm.

    newmm asks a dictionary for one thing, :meth:`prefixes`; answering it by
    walking the default dictionary (:func:`_spellings`) gives the same tokens as a
    trie built over the dictionary and all the drawn spellings, without
    building that trie (about a second and 90 MB in every process).
    """

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """Words and drawn words that start at ``start``, shortest first."""
        return [text[start:end] for end, is_word, drawn_of in _spellings(text, start)
                if is_word or len(drawn_of) == 1]

    def __bool__(self) -> bool:
        return True  # newmm falls back to its default dictionary on a falsy one


@lru_cache(maxsize=4096)
def _am_tokens(run: str) -> tuple[str, ...]:
    """newmm tokens of a run with the PowerPoint spellings added to the dictionary."""
    from pythainlp.tokenize import word_tokenize

    return tuple(word_tokenize(run, custom_dict=_AmForAaDictionary(), engine="newmm",
                               keep_whitespace=False))


_RE_HAS_THAI_LETTER: Pattern[str] = re.compile(f"[{_CONSONANTS}]")
_RE_COUNTED_TOKEN: Pattern[str] = re.compile("[\u0e01-\u0e2e\u0e30-\u0e45\u0e47-\u0e4e]")


def _non_dictionary_chars(run: str) -> int:
    """Thai characters of ``run`` that newmm puts in tokens outside the dictionary.

    Tokens made only of ฯ/ๆ do not count; a lone vowel or mark ("ำ") does.
    """
    vocab = words()
    return sum(
        len(t) - t.count("\u0e2f") - t.count("\u0e46")
        for t in _tokens(run)
        if t not in vocab and _RE_COUNTED_TOKEN.search(t)
    )


def _segmentation_cost(run: str) -> tuple[int, int]:
    """How badly ``run`` reads: (characters outside the dictionary, newmm tokens).

    Broken spellings fall apart into short words ("ประชำชน" -> ประ|ชำ|ชน), so
    besides unknown characters a repair must not add tokens.
    """
    return _non_dictionary_chars(run), len(_tokens(run))


def _token_at(tokens: tuple[str, ...], index: int) -> str:
    """The token of ``tokens`` (concatenated) that covers character ``index``."""
    pos = 0
    for t in tokens:
        pos += len(t)
        if index < pos:
            return t
    return ""


_RE_THAI_RUN: Pattern[str] = re.compile(f"[{_THAI_LETTERS}]+")

# ---------------------------------------------------------------------------
# Sara am lost to a space (Word) or to U+FFFD
# ---------------------------------------------------------------------------

# A consonant, its tone mark, the lost NIKHAHIT, SARA AA. Word 2007-2013 puts the
# space after the tone ("น้ า"), Word 2016 before it ("น ้า").
_RE_DROPPED_AM: Pattern[str] = re.compile(
    f"([{_CONSONANTS}])(?:([{_TONES}]) +|( +)([{_TONES}])| +){SARA_AA}"
)
_RE_FFFD_AM: Pattern[str] = re.compile(
    f"([{_CONSONANTS}])(?:([{_TONES}])\ufffd|(\ufffd)([{_TONES}])|\ufffd){SARA_AA}"
)
# One base character (consonant or vowel letter) with its marks.
_RE_SINGLE_CLUSTER: Pattern[str] = re.compile(
    f"[{_CONSONANTS}\u0e30\u0e32\u0e33\u0e40-\u0e45][{_MARKS}]*"
)


_RE_NON_SPACE_RUN: Pattern[str] = re.compile(r"\S+")


def _is_letter_spaced(text: str, m: re.Match[str], spans: list[tuple[int, int]] | None = None) -> bool:
    """True when ``m`` sits in letter-spaced display text ("ร า ช ก า ร").

    Canva and slide titles space out every cluster; there " า" is a real gap
    and the SARA AA belongs to no SARA AM. Letter-spaced means: the consonant
    and the SARA AA are each a whole space-separated token, and a neighbouring
    token is a single cluster too (a lone "า" counts, so a chain of such pairs
    is skipped as a whole and the decision does not change once others join).
    """
    if spans is None:
        spans = _token_spans(text)
    # the space-separated tokens holding the match's first and last character
    left = bisect_right(spans, (m.start(), len(text) + 1)) - 1
    right = bisect_right(spans, (m.end() - 1, len(text) + 1)) - 1

    def tok(i: int) -> str:
        return text[spans[i][0] : spans[i][1]] if 0 <= i < len(spans) else ""

    if not (_RE_SINGLE_CLUSTER.fullmatch(tok(left)) and _RE_SINGLE_CLUSTER.fullmatch(tok(right))):
        return False
    return bool(
        _RE_SINGLE_CLUSTER.fullmatch(tok(left - 1)) or _RE_SINGLE_CLUSTER.fullmatch(tok(right + 1))
    )


def _token_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every run of non-space characters, in order."""
    return [t.span() for t in _RE_NON_SPACE_RUN.finditer(text)]


_WINDOW = 48  # characters each side of a candidate that its word is looked up in


def _restore_am(text: str, pattern: Pattern[str]) -> str:
    """Join each ``pattern`` match into SARA AM where the dictionary agrees.

    All candidates are joined, each Thai run holding one is tokenised with newmm,
    and a candidate is kept only when the token that holds its SARA AM is a
    dictionary word ("ส านักงาน" -> "สำนักงาน"; "เก าะ" stays). The split form is
    never a pair of words: no Thai word starts with SARA AA.
    """
    spans = _token_spans(text)
    matches = [m for m in pattern.finditer(text) if not _is_letter_spaced(text, m, spans)]
    if not matches:
        return text
    pieces: list[str] = []
    am_at: list[int] = []
    last = 0
    size = 0
    for m in matches:
        head = text[last : m.start()]
        tone = m.group(2) or m.group(4) or ""
        joined = m.group(1) + tone + SARA_AM
        pieces.append(head)
        pieces.append(joined)
        size += len(head) + len(joined)
        am_at.append(size - 1)
        last = m.end()
    pieces.append(text[last:])
    joined_text = "".join(pieces)

    vocab = words()
    keep: list[bool] = []
    runs = list(_RE_THAI_RUN.finditer(joined_text))
    r = 0
    for pos in am_at:
        while r < len(runs) and runs[r].end() <= pos:
            r += 1
        run = runs[r]
        # segment a window around the candidate, not the whole run: a word is
        # far shorter than the window, and a hostile 100 kB run stays linear
        lo = max(run.start(), pos - _WINDOW)
        hi = min(run.end(), pos + _WINDOW)
        token = _token_at(_tokens(joined_text[lo:hi]), pos - lo)
        keep.append(token in vocab)
    if all(keep):
        return joined_text
    out: list[str] = []
    last = 0
    for m, ok in zip(matches, keep):
        out.append(text[last : m.start()])
        if ok:
            out.append(m.group(1) + (m.group(2) or m.group(4) or "") + SARA_AM)
        else:
            out.append(m.group(0))
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def restore_dropped_am(text: str) -> str:
    """Put back SARA AM where Word exported its NIKHAHIT as a space.

    Word 2007-2016 "Save as PDF" with TH Sarabun maps the NIKHAHIT of SARA AM to
    a space: "ส านักงาน", "ประจ าปี", "น้ าท่วม", and in Word 2016 "น ้า"
    (space before the tone). A space before SARA AA never occurs in correct
    Thai, but the join is made only where the joined word is a dictionary word,
    and never inside letter-spaced display text.
    """
    if SARA_AA not in text or not _RE_DROPPED_AM.search(text):
        return text
    return _restore_am(text, _RE_DROPPED_AM)


def restore_am_from_replacement_char(text: str) -> str:
    """Put back SARA AM where the NIKHAHIT came out as U+FFFD ("ประจ\\ufffdาปี").

    Seen in the budget book front matter: the font's NIKHAHIT has no Unicode
    mapping. Same dictionary check as :func:`restore_dropped_am`.
    """
    if "\ufffd" not in text:
        return text
    return _restore_am(text, _RE_FFFD_AM)


# ---------------------------------------------------------------------------
# Mark order, doubled marks, spaces before marks
# ---------------------------------------------------------------------------

# Canonical order inside one cluster, as data: vowels above/below (0), tone
# marks (1), THANTHAKHAT/NIKHAHIT/YAMAKKAN (2). Marks of the same rank keep
# their order, except that Unicode canonical ordering (NFC) is then applied to
# the run, so PHINTHU (ccc 9) goes before SARA U/UU (ccc 103) and NFC never
# changes the result.
_MARK_RANK: dict[str, int] = {
    "\u0e31": 0,  # MAI HAN-AKAT
    "\u0e34": 0,  # SARA I
    "\u0e35": 0,  # SARA II
    "\u0e36": 0,  # SARA UE
    "\u0e37": 0,  # SARA UEE
    "\u0e38": 0,  # SARA U
    "\u0e39": 0,  # SARA UU
    "\u0e3a": 0,  # PHINTHU
    "\u0e47": 0,  # MAITAIKHU
    "\u0e48": 1,  # MAI EK
    "\u0e49": 1,  # MAI THO
    "\u0e4a": 1,  # MAI TRI
    "\u0e4b": 1,  # MAI CHATTAWA
    "\u0e4c": 2,  # THANTHAKHAT
    "\u0e4d": 2,  # NIKHAHIT
    "\u0e4e": 2,  # YAMAKKAN
}

_RE_MARK_RUN: Pattern[str] = re.compile(f"[{_MARKS}]{{2,}}")


def _marks_of_rank(low: int, high: int) -> str:
    return "".join(ch for ch, r in _MARK_RANK.items() if low <= r <= high)


# Two adjacent marks whose ranks do not strictly increase (doubled marks
# included): the quick test for "a cluster may need sorting or de-duplicating".
_RE_BAD_MARK_PAIR: Pattern[str] = re.compile(
    f"[{_marks_of_rank(2, 2)}][{_marks_of_rank(0, 2)}]"
    f"|[{_marks_of_rank(1, 1)}][{_marks_of_rank(0, 1)}]"
    f"|[{_marks_of_rank(0, 0)}][{_marks_of_rank(0, 0)}]"
)
_RE_AM_BEFORE_MARK: Pattern[str] = re.compile(f"{SARA_AM}[{SARA_AM}{_MARKS}]*[{_MARKS}]")
# Spaces between a Thai character and a combining mark. When the marks are
# followed by a non-Thai character ("ยนต ์C-17") the space belongs after them.
_RE_SPACE_BEFORE_MARK: Pattern[str] = re.compile(
    f"(?<=[{_THAI_LETTERS}])( +)([{_MARKS}]+)(?=([^{_THAI_LETTERS}\\s])?)"
)


def _marks_first(m: re.Match[str]) -> str:
    run = m.group(0)
    return run.replace(SARA_AM, "") + SARA_AM * run.count(SARA_AM)


def move_marks_before_am(text: str) -> str:
    """Put a tone mark (any combining mark) written after SARA AM before it.

    SARA AM is a spacing vowel; a mark after it has no base. PowerPoint and
    Word misorder write the tone of the consonant after the SARA AM: "ดำ\\u0e49"
    -> "ด\\u0e49ำ" (then, in PowerPoint text, "ด้าน" via :func:`fix_am_for_aa`).
    """
    if SARA_AM not in text:
        return text
    return _RE_AM_BEFORE_MARK.sub(_marks_first, text)


def remove_space_before_marks(text: str) -> str:
    """Remove spaces between a Thai character and the combining mark after it.

    A combining mark right after a space can never be correct Thai ("ถ ึง" ->
    "ถึง", "ซ ้ำ" -> "ซ้ำ"). If the marks are followed by Latin text or digits
    the space moves after them ("เครื่องยนต ์C-17" -> "เครื่องยนต์ C-17"). A mark
    after a space with no Thai character before it is left alone.
    """
    if " " not in text:
        return text

    def _fix(m: re.Match[str]) -> str:
        return m.group(2) + (m.group(1)[:1] if m.group(3) else "")

    return _RE_SPACE_BEFORE_MARK.sub(_fix, text)


def _dedupe_run(m: re.Match[str]) -> str:
    return "".join(dict.fromkeys(m.group(0)))


def dedupe_marks(text: str) -> str:
    """Drop exact repeats of a mark inside one cluster ("ข้้อความ" -> "ข้อความ").

    Doubled tone marks come from fake-bold remnants, stacked-mark ligatures and
    typing slips; a cluster never carries the same mark twice.
    """
    if not _RE_BAD_MARK_PAIR.search(text):
        return text
    return _RE_MARK_RUN.sub(_dedupe_run, text)


def _sort_run(m: re.Match[str]) -> str:
    return unicodedata.normalize("NFC", "".join(sorted(m.group(0), key=_MARK_RANK.__getitem__)))


def sort_marks(text: str) -> str:
    """Put the marks of each cluster in canonical order.

    Vowels above/below (ั ิ ี ึ ื ุ ู ฺ ็) come before tone marks (่ ้ ๊ ๋),
    which come before ์ ํ ๎: "ผ\\u0e49\\u0e39" -> "ผู้", "ธ\\u0e4c\\u0e34" -> "ธิ์".
    LibreOffice and PUA-font text layers and Word misorder put the tone first.
    Marks of the same rank keep their order (a cluster with both an above and a
    below vowel is garbage either way), up to Unicode canonical ordering.
    """
    if not _RE_BAD_MARK_PAIR.search(text):
        return text
    return _RE_MARK_RUN.sub(_sort_run, text)


def reorder_marks(text: str) -> str:
    """Fix the marks of each cluster: position, order, repeats.

    Runs :func:`move_marks_before_am`, :func:`remove_space_before_marks`,
    :func:`dedupe_marks` and :func:`sort_marks`, in that order.
    """
    text = move_marks_before_am(text)
    text = remove_space_before_marks(text)
    text = dedupe_marks(text)
    return sort_marks(text)


# ---------------------------------------------------------------------------
# Sara am drawn for sara aa (PowerPoint)
# ---------------------------------------------------------------------------

_RE_SPACE_BEFORE_AM: Pattern[str] = re.compile(f"(?<=[{_CONSONANTS}{_TONES}]) +(?={SARA_AM})")


def join_space_before_am(text: str) -> str:
    """Remove spaces between a consonant (or its tone mark) and SARA AM.

    PowerPoint and Canva exports put a gap before every real SARA AM ("ผู้อ
    ำนวย", "ค ำน ำ"); SARA AM cannot start a syllable, so the space is never real.
    """
    if SARA_AM not in text or " " not in text:
        return text
    return _RE_SPACE_BEFORE_AM.sub("", text)


def _fix_am_run(m: re.Match[str]) -> str:
    run = m.group(0)
    if SARA_AM not in run:
        return run
    fixed = "".join(_aa_word(t) or t for t in _am_tokens(run))
    if fixed != run:
        before, after = _segmentation_cost(run), _segmentation_cost(fixed)
        if after[0] <= before[0] and after < before:
            return fixed
    return run


def _am_heavy(line: str) -> bool:
    """More SARA AM than SARA AA: the sign of a PowerPoint text layer."""
    return line.count(SARA_AM) > line.count(SARA_AA)


def fix_am_for_aa(text: str) -> str:
    """Write SARA AA where PowerPoint drew SARA AM ("กำรดำเนินงำน" -> "การดำเนินงาน").

    PowerPoint 2013 exports (and some Word bold headings) map nearly every SARA
    AA glyph to SARA AM. Only lines with more SARA AM than SARA AA are looked
    at. Each Thai run is tokenised with the dictionary plus every word spelt
    with SARA AM for SARA AA; tokens that are such spellings (and not words
    themselves) get their real word back, and the run is changed only when that
    leaves no more characters outside the dictionary and reads better (fewer
    unknown characters, or the same and fewer newmm tokens: broken spellings fall
    apart into short words, "ประชำชน" -> ประ|ชำ|ชน). Real SARA AM words (ดำเนิน,
    สำนัก, น้ำ) and words that exist in both spellings (ยำ/ยา) are kept.
    Spaces before SARA AM are joined first (:func:`join_space_before_am`).
    """
    text = join_space_before_am(text)
    if SARA_AM not in text:
        return text
    lines = text.split("\n")
    changed = False
    for i, line in enumerate(lines):
        if _am_heavy(line):
            new = _RE_THAI_RUN.sub(_fix_am_run, line)
            if new != line:
                lines[i] = new
                changed = True
    return "\n".join(lines) if changed else text


# ---------------------------------------------------------------------------
# Split numbers
# ---------------------------------------------------------------------------


def _split_number_pattern(d: str, nonzero: str) -> Pattern[str]:
    """The split-number rule for one digit script (class bodies for all digits
    and for 1-9)."""
    return re.compile(
        # one digit at the start of the text, after whitespace or "(", but not
        # right after another number ("1 2 3,456" is a list)
        f"(?<![^\\s(])(?<![{d}] )([{d}]) "
        "("
        # 1-2 digits then thousands groups: "1 2,345" -> "12,345"
        f"[{d}]{{1,2}}(?:,[{d}]{{3}})+(?:\\.[{d}]+)?"
        # a bare thousands group: "1 ,845.80" -> "1,845.80"
        f"|,[{d}]{{3}}(?:,[{d}]{{3}})*(?:\\.[{d}]+)?"
        # a leading zero: "2 04.3678" -> "204.3678", "1 00.00" -> "100.00"
        f"|{d[0]}[{d}]\\.[{d}]+"
        # 1-2 digits (not "0.") and 3 or more decimals: "4 78.9665" -> "478.9665"
        f"|[{nonzero}][{d}]?\\.[{d}]{{3,}}"
        ")"
        f"(?![{d}]|[.,][{d}])"
    )


_RE_SPLIT_NUMBERS: tuple[Pattern[str], ...] = (
    _split_number_pattern("0-9", "1-9"),
    _split_number_pattern("\u0e50-\u0e59", "\u0e51-\u0e59"),
)
_RE_DIGIT_SPACE_DIGIT: Pattern[str] = re.compile("[0-9\u0e50-\u0e59] [0-9\u0e50-\u0e59,]")


def rejoin_split_digits(text: str) -> str:
    """Remove a kerning gap that split a number after its first digit.

    Right-aligned figures come out as "4 78.9665" or "1 2,345". The rule (ASCII
    or Thai digits, never mixed): a single digit that starts the text or follows
    whitespace or "(" (but not "<digit> ", which makes a list), one space, then

    * 1-2 digits followed by thousands groups (",ddd"), optionally decimals,
      so that the joined number has a well-formed first group of 2-3 digits;
    * or a bare thousands group (",ddd...");
    * or a part with a leading zero before a decimal point ("04.3678", "00.00");
    * or 1-2 digits, not starting "0.", with three or more decimals
      ("78.9665", the four-decimal million-baht figures of budget tables);

    and no digit, ",d" or ".d" right after it. Lists such as "ข้อ 1 2 3",
    "ปี 2567 2568", "หมู่ 5 10", "1 50.00", "1 0.5" and "๖ ๕๘๑,๐๙๖.๐๐"
    (first group would have four digits) are left alone.
    """
    if not _RE_DIGIT_SPACE_DIGIT.search(text):
        return text
    for pattern in _RE_SPLIT_NUMBERS:
        text = pattern.sub(r"\1\2", text)
    return text


# ---------------------------------------------------------------------------
# Spaces and Unicode form
# ---------------------------------------------------------------------------

_RE_OTHER_SPACES: Pattern[str] = re.compile(f"[{_OTHER_SPACES}]")
_RE_MULTI_SPACE: Pattern[str] = re.compile(" {2,}")
_RE_LINE_EDGE_SPACES: Pattern[str] = re.compile("^ +| +$", re.MULTILINE)


def unify_spaces(text: str) -> str:
    """Tabs, no-break and other Unicode spaces -> " ", "\\r\\n"/"\\r" -> "\\n",
    runs of spaces -> one.

    Run first so that no later pattern (" า", "4 78.9665") hides behind a tab or
    a double space until the final :func:`tidy_spaces`.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _RE_OTHER_SPACES.sub(" ", text)
    if "  " in text:
        text = _RE_MULTI_SPACE.sub(" ", text)
    return text


def tidy_spaces(text: str) -> str:
    """NFC, one space at a time, no spaces at line ends, line breaks kept.

    Tabs, no-break and other Unicode spaces become " "; "\\r\\n" and "\\r"
    become "\\n"; leading and trailing empty lines go, inner ones stay. NFC
    (never NFKC: it would split SARA AM) only reorders marks the way
    :func:`sort_marks` already does.
    """
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = unify_spaces(text)
    text = _RE_LINE_EDGE_SPACES.sub("", text)
    return text.strip("\n")


# ---------------------------------------------------------------------------
# Pipeline
# ---------------------------------------------------------------------------

Step = Callable[[str], str]

#: The repairs in the order :func:`repair` applies them, with the note
#: :func:`repair_logged` gives when one changes the text (None: not reported).
#: Why this order: zero-width characters go first so marks meet their base;
#: PUA mapping and sara-am composition make the text standard Unicode; space
#: characters are unified once those deletions are done (a tab or a double
#: space must not hide a pattern until the final tidy); the
#: dropped-am join must see the spaces before anything removes them (a Word 2016
#: " ้า" would otherwise become "้า"); marks are then fixed; the PowerPoint
#: repair needs clean clusters and real tone order; numbers and spaces last.
_STEPS: tuple[tuple[Step, str | None], ...] = (
    (strip_zero_width, "zero-width characters removed"),
    (map_pua, "PUA glyphs mapped"),
    (drop_unknown_pua, "unknown private-use characters removed"),
    (unify_spaces, None),
    (restore_am_from_replacement_char, "sara am restored from a replacement character"),
    (restore_dropped_am, "sara am restored from a space"),
    (compose_sara_am, "sara am composed"),
    (fix_double_sara_e, "double sara e written as sara ae"),
    (move_marks_before_am, "mark order fixed"),
    (remove_space_before_marks, "space before a mark removed"),
    (dedupe_marks, "doubled marks removed"),
    (sort_marks, "mark order fixed"),
    (join_space_before_am, "space before sara am removed"),
    (fix_am_for_aa, "sara aa restored where sara am was drawn"),
    (rejoin_split_digits, "split number rejoined"),
    (tidy_spaces, None),
)

# Anything any step could change, as separate quick tests (one alternation of
# all of them is several times slower than these searches in a row). Text that
# passes none of them is returned as is.
_FAST_PATTERNS: tuple[Pattern[str], ...] = (
    re.compile(f"[{_PUA_RANGE}{_ZERO_WIDTH}{_OTHER_SPACES}\r\ufffd{NIKHAHIT}]"),
    re.compile(f"{SARA_AM}[{SARA_AA}{_MARKS}]"),
    re.compile(f" [{_MARKS}{SARA_AA}{SARA_AM}]"),
    _RE_DIGIT_SPACE_DIGIT,
    _RE_BAD_MARK_PAIR,
)
_FAST_SUBSTRINGS: tuple[str, ...] = (SARA_E + SARA_E, "  ", " \n", "\n ")


def _needs_work(text: str) -> bool:
    """True unless ``text`` is certainly left unchanged by every step."""
    if not text:
        return False
    if text[0] in " \n" or text[-1] in " \n":
        return True
    for sub in _FAST_SUBSTRINGS:
        if sub in text:
            return True
    for pattern in _FAST_PATTERNS:
        if pattern.search(text):
            return True
    if SARA_AM in text and any(_am_heavy(line) for line in text.split("\n")):
        return True
    return not unicodedata.is_normalized("NFC", text)


#: Passes of the whole pipeline at most. Steps interact on damaged text (a join
#: made by one can bring together what an earlier one repairs, as in "ด าัา"),
#: so :func:`repair` reruns the pipeline until the text stops changing. On real
#: text the second pass ends at the fast-path test; no real-world line needed a
#: third.
_MAX_PASSES = 4


def _run_steps(text: str, notes: list[str] | None) -> str:
    """One pass of every step in :data:`_STEPS`; notes of changing steps appended."""
    for step, note in _STEPS:
        new = step(text)
        if new != text:
            if notes is not None and note and note not in notes:
                notes.append(note)
            text = new
    return text


def _repair(text: str, notes: list[str] | None) -> str:
    for _ in range(_MAX_PASSES):
        if not _needs_work(text):
            break
        new = _run_steps(text, notes)
        if new == text:
            break
        text = new
    return text


def repair_logged(text: str) -> tuple[str, list[str]]:
    """:func:`repair` plus the notes of the repairs that changed something.

    The notes are plain words for row warnings ("PUA glyphs mapped", "sara am
    restored from a space", ...), each at most once, in the order the steps
    first changed the text. Space tidying is not reported.
    """
    notes: list[str] = []
    text = _repair(text, notes)
    order = {note: i for i, (_step, note) in enumerate(_STEPS) if note}
    return text, sorted(notes, key=order.__getitem__)


def repair(text: str) -> str:
    """All text-level repairs, in the order of :data:`_STEPS`.

    1. :func:`strip_zero_width`
    2. :func:`map_pua`, :func:`drop_unknown_pua`
    3. :func:`unify_spaces`
    4. :func:`restore_am_from_replacement_char`, :func:`restore_dropped_am`
    5. :func:`compose_sara_am`, :func:`fix_double_sara_e`
    6. :func:`reorder_marks`: :func:`move_marks_before_am`,
       :func:`remove_space_before_marks`, :func:`dedupe_marks`, :func:`sort_marks`
    7. :func:`join_space_before_am`, :func:`fix_am_for_aa`
    8. :func:`rejoin_split_digits`
    9. :func:`tidy_spaces`

    The pipeline is repeated until the text stops changing (at most
    :data:`_MAX_PASSES` times), which makes ``repair`` idempotent. Text with
    nothing suspicious (the usual table cell) returns after a few regex
    searches and never loads the dictionary.
    """
    return _repair(text, None)


# ---------------------------------------------------------------------------
# Text-layer quality measures
# ---------------------------------------------------------------------------

_THAI_BLOCK = "\u0e00-\u0e7f"
_PUA_THAI = "\uf700-\uf71a\uf884-\uf89e"
_RE_THAI_CHAR: Pattern[str] = re.compile(f"[{_THAI_BLOCK}{_PUA_THAI}]")
_RE_NON_SPACE: Pattern[str] = re.compile(r"\S")
# Thai abbreviations ("พ.ศ.", "ต.ค.", "อบต.") are not dictionary words.
_RE_ABBREVIATION: Pattern[str] = re.compile(f"[{_THAI_LETTERS}]{{1,4}}\\.")


def thai_ratio(text: str) -> float:
    """Share of Thai characters among the non-whitespace characters of ``text``.

    Thai means the Thai block U+0E00..U+0E7F plus the Thai PUA glyph ranges
    (U+F700..U+F71A, U+F884..U+F89E). 0.0 for text with no visible character.
    """
    visible = len(_RE_NON_SPACE.findall(text))
    if not visible:
        return 0.0
    return len(_RE_THAI_CHAR.findall(text)) / visible


def non_dictionary_share(text: str) -> float:
    """Share of Thai letters that newmm puts in tokens outside pythainlp's dictionary.

    Counts letters, vowels and marks (not digits) of tokens with a Thai
    consonant; abbreviations ("พ.ศ.", "อบต.") and ๆ/ฯ are ignored. Low for a
    clean text layer (names and rare words only), high for a garbled one. 0.0
    when there is no Thai.
    """
    text = _RE_ABBREVIATION.sub(" ", text)
    total = 0
    outside = 0
    for m in _RE_THAI_RUN.finditer(text):
        run = m.group(0)
        if not _RE_HAS_THAI_LETTER.search(run):
            continue
        total += sum(1 for ch in run if ch not in "\u0e2f\u0e46")
        outside += _non_dictionary_chars(run)
    return outside / total if total else 0.0
