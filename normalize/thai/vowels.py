"""Vowels written as two glyphs: SARA AM as NIKHAHIT + SARA AA, SARA AE as two SARA E."""
from __future__ import annotations

import re
from re import Pattern

from thaitab.extract.thai.charset import NIKHAHIT, SARA_AA, SARA_AE, SARA_AM, SARA_E, TONE_MARKS

__all__ = ["compose_sara_am", "fix_double_sara_e"]

# NIKHAHIT, optional tone marks (HarfBuzz moves the NIKHAHIT of a decomposed
# SARA AM in front of them), SARA AA. A tone written between the NIKHAHIT and
# the SARA AA, or in front of both, ends up before the SARA AM.
_RE_DECOMPOSED_AM: Pattern[str] = re.compile(f"{NIKHAHIT}([{TONE_MARKS}]*){SARA_AA}")
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

