"""Glyph-level leftovers in a string: Private Use Area glyphs and zero-width characters.

Fonts without OpenType Thai tables put shifted marks into the text layer as PUA
code points (the table: :mod:`extract.thai.pua`); Symbol/Wingdings bullets come
as PUA codes too; mPDF marks every word end with a zero-width space.
"""
from __future__ import annotations

import re
from re import Pattern

from thaitab.extract.glyphs import TEXT_SYMBOL_PUA
from thaitab.extract.thai.charset import ZERO_WIDTH
from thaitab.extract.thai.pua import PUA, PUA_TO_THAI

__all__ = ["map_pua", "drop_unknown_pua", "strip_zero_width"]

# List bullets that Word writes with the Symbol/Wingdings fonts (their glyphs sit
# at U+F000 + the 8-bit code): only the unambiguous ones (extract.glyphs); any
# other PUA code point is removed by drop_unknown_pua.
_PUA_TRANSLATION: dict[int, str] = {**PUA_TO_THAI, **TEXT_SYMBOL_PUA}
_RE_PUA: Pattern[str] = re.compile(f"[{PUA}]")
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



_ZERO_WIDTH_DELETE: dict[int, None] = dict.fromkeys(map(ord, ZERO_WIDTH))
_RE_ZERO_WIDTH: Pattern[str] = re.compile(f"[{ZERO_WIDTH}]")


def strip_zero_width(text: str) -> str:
    """Remove ZWSP, ZWNJ, ZWJ, WORD JOINER, BOM and SOFT HYPHEN.

    mPDF marks every Thai word end with U+200B ("แบบ\\u200bรายงาน"); the others
    come from copy-paste. None is visible, all of them break matching and
    dictionary look-ups, and Thai needs none of them.
    """
    if not _RE_ZERO_WIDTH.search(text):
        return text
    return text.translate(_ZERO_WIDTH_DELETE)

