"""Dictionary look-ups for the repairs, and how well a text reads by the dictionary.

Dictionary decisions use pythainlp's word list (``thai_words()``) and its
``newmm`` tokeniser through :mod:`extract.thai.words` (one dictionary per
process, loaded lazily on first need).
"""
from __future__ import annotations

import re
from functools import lru_cache
from re import Pattern

from thaitab.extract.thai.charset import CONSONANTS, MAIYAMOK, PAIYANNOI, THAI, THAI_TEXT
from thaitab.extract.thai.pua import THAI_PUA
from thaitab.extract.thai.words import tokenize, words

__all__ = ["thai_ratio", "non_dictionary_share", "THAI_RUN"]


@lru_cache(maxsize=8192)
def _tokens(run: str) -> tuple[str, ...]:
    """newmm tokens of a Thai run with pythainlp's default dictionary (cached)."""
    return tuple(tokenize(run))


_RE_HAS_THAI_LETTER: Pattern[str] = re.compile(f"[{CONSONANTS}]")
# Thai letters and marks that make a token count: everything but ฯ and ๆ (and digits)
_RE_COUNTED_TOKEN: Pattern[str] = re.compile("[\u0e01-\u0e2e\u0e30-\u0e45\u0e47-\u0e4e]")


def _non_dictionary_chars(run: str) -> int:
    """Thai characters of ``run`` that newmm puts in tokens outside the dictionary.

    Tokens made only of ฯ/ๆ do not count; a lone vowel or mark ("ำ") does.
    """
    vocab = words()
    return sum(
        len(t) - t.count(PAIYANNOI) - t.count(MAIYAMOK)
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


#: a run of Thai text without digits (:data:`extract.thai.charset.THAI_TEXT`)
THAI_RUN: Pattern[str] = re.compile(f"[{THAI_TEXT}]+")

# ---------------------------------------------------------------------------
# Text-layer quality measures
# ---------------------------------------------------------------------------

_RE_THAI_CHAR: Pattern[str] = re.compile(f"[{THAI}{THAI_PUA}]")
_RE_NON_SPACE: Pattern[str] = re.compile(r"\S")
# Thai abbreviations ("พ.ศ.", "ต.ค.", "อบต.") are not dictionary words.
_RE_ABBREVIATION: Pattern[str] = re.compile(f"[{THAI_TEXT}]{{1,4}}\\.")

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
    for m in THAI_RUN.finditer(text):
        run = m.group(0)
        if not _RE_HAS_THAI_LETTER.search(run):
            continue
        total += sum(1 for ch in run if ch not in (PAIYANNOI, MAIYAMOK))
        outside += _non_dictionary_chars(run)
    return outside / total if total else 0.0

