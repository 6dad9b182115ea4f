"""Thai knowledge in one place, at the lowest layer (``extract`` and ``normalize`` both read it).

One idea per module, rule tables as data (pythainlp's ``util`` is the model):

=============================  ===========================================================
module                         what it knows
=============================  ===========================================================
:mod:`extract.thai.charset`    the character classes (consonants, vowels before/after/
                               above/below, tone marks, digits, signs), the named
                               characters rules use, the "is Thai" predicates
:mod:`extract.thai.pua`        PUA glyph variants of Thai letters (HarfBuzz's table)
:mod:`extract.thai.reading`    a raw text layer read as the letters it draws
:mod:`extract.thai.continued`  the "(ต่อ)" mark of a continued header
:mod:`extract.thai.months`     month names and abbreviations with their numbers
:mod:`extract.thai.words`      pythainlp's dictionary and newmm over it
=============================  ===========================================================

Nothing here imports from ``normalize`` or ``thaitab``.
"""
from __future__ import annotations

from thaitab.extract.thai.charset import (
    CONSONANTS, DIGITS, MARKS, THAI, THAI_TEXT, TONE_MARKS, is_consonant, is_mark, is_thai,
    is_thai_digit, is_thai_letter, is_thai_text,
)
from thaitab.extract.thai.continued import CONTINUED_MARK, strip_continued
from thaitab.extract.thai.months import ABBREVIATIONS, FULL_NAMES, month_number
from thaitab.extract.thai.pua import PUA_MARKS, PUA_TO_THAI
from thaitab.extract.thai.reading import plain

__all__ = [
    "CONSONANTS", "DIGITS", "MARKS", "THAI", "THAI_TEXT", "TONE_MARKS", "is_consonant", "is_mark",
    "is_thai", "is_thai_digit", "is_thai_letter", "is_thai_text", "CONTINUED_MARK", "strip_continued",
    "ABBREVIATIONS", "FULL_NAMES", "month_number", "PUA_MARKS", "PUA_TO_THAI", "plain",
]
