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

The steps live one idea per module: :mod:`~normalize.thai.glyphs` (PUA glyphs,
zero-width characters), :mod:`~normalize.thai.vowels` (vowels written as two
glyphs), :mod:`~normalize.thai.lost_am` (SARA AM lost to a space or U+FFFD),
:mod:`~normalize.thai.marks` (mark position, order, repeats),
:mod:`~normalize.thai.powerpoint` (SARA AM drawn for SARA AA),
:mod:`~normalize.thai.spaces` (spaces, split numbers) and
:mod:`~normalize.thai.dictionary` (look-ups and the quality measures); the
character classes they use are :mod:`extract.thai`. This module runs them.

``pythainlp.util.normalize`` is not called: on this material it does harm as
well as good (checked with pythainlp 5.4): it drops blank lines and strips the
text, reads the Word 2016 "น ้า" as "น้า" instead of "น้ำ", deletes a SARA AA
after a space ("ดา า" -> "ดา") and marks after a space ("ขอบคุณ ่ะ" ->
"ขอบคุณ ะ"), rewrites LAKKHANGYAO as SARA AA, and ignores PUA code points.
The useful parts (zero-width removal, mark reordering, NIKHAHIT + tone + SARA AA
-> tone + SARA AM, doubled marks, "เเ") are re-done here as separate steps.

Dictionary decisions use pythainlp's word list (``thai_words()``) and its
``newmm`` tokeniser (through :mod:`extract.thai.words`), loaded lazily on first need
(about 0.2 s; the PowerPoint repair reads the same dictionary, see
:class:`_AmForAaDictionary`). Text with
nothing suspicious takes a regex fast path (a few microseconds per cell) and
never touches the dictionary.
"""
from __future__ import annotations

import re
import unicodedata
from re import Pattern
from typing import Callable

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
    "writes_am_alone",
    "rejoin_split_digits",
    "unify_spaces",
    "tidy_spaces",
    "thai_ratio",
    "non_dictionary_share",
]

from thaitab.extract.thai.charset import MARKS, NIKHAHIT, SARA_AA, SARA_AE, SARA_AM, SARA_E, ZERO_WIDTH  # noqa: F401
from thaitab.extract.thai.pua import PUA, PUA_TO_THAI  # noqa: F401
# words, _tokens, _aa_word, _am_tokens, _AmForAaDictionary: importable here as before the split
from thaitab.extract.thai.words import words  # noqa: F401
from thaitab.normalize.thai.dictionary import _tokens, non_dictionary_share, thai_ratio  # noqa: F401
from thaitab.normalize.thai.glyphs import drop_unknown_pua, map_pua, strip_zero_width
from thaitab.normalize.thai.lost_am import restore_am_from_replacement_char, restore_dropped_am
from thaitab.normalize.thai.marks import (BAD_MARK_PAIR, dedupe_marks, move_marks_before_am, remove_space_before_marks,
                                  reorder_marks, sort_marks)
from thaitab.normalize.thai.powerpoint import (_aa_word, _am_tokens, _AmForAaDictionary, am_heavy,  # noqa: F401
                                       fix_am_for_aa, join_space_before_am, writes_am_alone)
from thaitab.normalize.thai.spaces import DIGIT_SPACE_DIGIT, OTHER_SPACES, rejoin_split_digits, tidy_spaces, unify_spaces
from thaitab.normalize.thai.vowels import compose_sara_am, fix_double_sara_e

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
    re.compile(f"[{PUA}{ZERO_WIDTH}{OTHER_SPACES}\r\ufffd{NIKHAHIT}]"),
    re.compile(f"{SARA_AM}[{SARA_AA}{MARKS}]"),
    re.compile(f" [{MARKS}{SARA_AA}{SARA_AM}]"),
    DIGIT_SPACE_DIGIT,
    BAD_MARK_PAIR,
)
_FAST_SUBSTRINGS: tuple[str, ...] = (SARA_E + SARA_E, "  ", " \n", "\n ")


def _needs_work(text: str, am_for_aa: bool = True) -> bool:
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
    if am_for_aa and SARA_AM in text and any(am_heavy(line) for line in text.split("\n")):
        return True
    return not unicodedata.is_normalized("NFC", text)


#: Passes of the whole pipeline at most. Steps interact on damaged text (a join
#: made by one can bring together what an earlier one repairs, as in "ด าัา"),
#: so :func:`repair` reruns the pipeline until the text stops changing. On real
#: text the second pass ends at the fast-path test; no real-world line needed a
#: third.
_MAX_PASSES = 4


def _run_steps(text: str, notes: list[str] | None, am_for_aa: bool = True) -> str:
    """One pass of every step in :data:`_STEPS`; notes of changing steps appended."""
    for step, note in _STEPS:
        if step is fix_am_for_aa and not am_for_aa:
            continue
        new = step(text)
        if new != text:
            if notes is not None and note and note not in notes:
                notes.append(note)
            text = new
    return text


def _repair(text: str, notes: list[str] | None, am_for_aa: bool = True) -> str:
    for _ in range(_MAX_PASSES):
        if not _needs_work(text, am_for_aa):
            break
        new = _run_steps(text, notes, am_for_aa)
        if new == text:
            break
        text = new
    return text


def repair_logged(text: str, am_for_aa: bool = True) -> tuple[str, list[str]]:
    """:func:`repair` plus the notes of the repairs that changed something.

    The notes are plain words for row warnings ("PUA glyphs mapped", "sara am
    restored from a space", ...), each at most once, in the order the steps
    first changed the text. Space tidying is not reported.
    """
    notes: list[str] = []
    text = _repair(text, notes, am_for_aa)
    order = {note: i for i, (_step, note) in enumerate(_STEPS) if note}
    return text, sorted(notes, key=order.__getitem__)


def repair(text: str, am_for_aa: bool = True) -> str:
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

    ``am_for_aa`` False leaves out :func:`fix_am_for_aa`: the caller read the
    text layer and saw no SARA AM glyph of its own there
    (:func:`writes_am_alone`), so none can stand for SARA AA.
    """
    return _repair(text, None, am_for_aa)

