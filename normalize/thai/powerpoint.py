"""SARA AM drawn where SARA AA was meant (PowerPoint exports), put right by the dictionary.

The PowerPoint repair reads the one dictionary of :mod:`extract.thai.words`
(:class:`_AmForAaDictionary` walks it; no second trie is built).
"""
from __future__ import annotations

import re
from functools import lru_cache
from re import Pattern
from typing import Iterator

from thaitab.extract.thai.charset import CONSONANTS, MARKS, SARA_AA, SARA_AM, TONE_MARKS
from thaitab.extract.thai.pua import PUA
from thaitab.extract.thai.words import dictionary
from thaitab.normalize.thai.dictionary import THAI_RUN, _segmentation_cost
from thaitab.normalize.thai.glyphs import map_pua, strip_zero_width

__all__ = ["join_space_before_am", "fix_am_for_aa", "am_heavy", "writes_am_alone"]

def _spellings(text: str, start: int = 0) -> Iterator[tuple[int, bool, list[str]]]:
    """Walk the dictionary along ``text[start:]``, also reading each SARA AM
    as SARA AA.

    Yields, for each end still on the way to a word: whether ``text[start:end]``
    is a word, and the words it is a PowerPoint drawing of (the same with SARA
    AA for one or more of its SARA AM). A drawing has no SARA AA of its own, so
    once one is read only the plain reading goes on. The dictionary is the one
    of :func:`_tokens` (:func:`extract.thai.words.dictionary`): none is built for this.
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


_RE_SPACE_BEFORE_AM: Pattern[str] = re.compile(f"(?<=[{CONSONANTS}{TONE_MARKS}]) +(?={SARA_AM})")


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


def am_heavy(line: str) -> bool:
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
        if am_heavy(line):
            new = THAI_RUN.sub(_fix_am_run, line)
            if new != line:
                lines[i] = new
                changed = True
    return "\n".join(lines) if changed else text


#: A SARA AM character of its own: not followed (over any mark) by the SARA AA
#: that makes it half of a SARA AM the text layer spells in two characters.
_LONE_AM: Pattern[str] = re.compile(f"{SARA_AM}(?![{MARKS}]*{SARA_AA})")
_PUA_OR_AM: Pattern[str] = re.compile(f"[{PUA}{SARA_AM}]")


def writes_am_alone(raw: str) -> bool:
    """Does a text layer's own text (before any repair) write a SARA AM
    character of its own, as PowerPoint does for SARA AA?

    A layer that spells SARA AM in parts (NIKHAHIT + SARA AA, or SARA AM +
    SARA AA: LibreOffice, Distiller) writes the real vowel: once composed, it
    must not be taken for PowerPoint's ("คำานวน" is "คำนวน", never "คานวน").
    PUA glyphs are read first (a PUA SARA AM is one of its own)."""
    if not _PUA_OR_AM.search(raw):
        return False
    return bool(_LONE_AM.search(map_pua(strip_zero_width(raw))))
