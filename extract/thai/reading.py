"""Text read as the Thai letters its glyphs draw, for decisions about words.

A raw text layer may spell a letter the way a font drew it: a PUA variant of a
mark, SARA AM as NIKHAHIT (+ tone) + SARA AA, a tone mark before the vowel it
sits on. Word segmentation needs the letters as typed. :func:`plain` reads them
so, and :func:`plain_map` also says where each came from, so that a word found in
the reading can be cut from the text as written. The output text itself is
repaired later, in ``normalize.thai``.
"""
from __future__ import annotations

from thaitab.extract.thai.charset import NIKHAHIT, SARA_AA, SARA_AM, TONE_MARKS, ZERO_WIDTH
from thaitab.extract.thai.pua import PUA_TO_THAI

__all__ = ["plain", "plain_map"]

# glyph variants read as the letters they draw, zero-width characters dropped (all
# of them: extract.chars strips the same set from every glyph, so a line's text
# never held the ones this table used not to know)
_SEGMENT_TEXT: dict[int, str | None] = {**PUA_TO_THAI, **dict.fromkeys(map(ord, ZERO_WIDTH))}
# the vowels a tone mark sits on (typed before the tone)
_VOWEL_MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47"


def _read_chars(text: str) -> list[str]:
    """One entry per character of ``text``: the letter it draws ("" where dropped)."""
    flat = text.translate(_SEGMENT_TEXT)
    return list(flat) if len(flat) == len(text) else [ch.translate(_SEGMENT_TEXT) for ch in text]


def _sara_am_at(chars: list[str], i: int) -> tuple[str, int] | None:
    """(tone, index of the SARA AA) where NIKHAHIT (+ tone) + SARA AA at ``i`` draws SARA AM."""
    j = i + 1
    tone = ""
    if j < len(chars) and chars[j] in TONE_MARKS:
        tone = chars[j]
        j += 1
    if j < len(chars) and chars[j] == SARA_AA:
        return tone, j
    return None


def _tones_after_vowels(out: list[str], idx: list[int]) -> None:
    """A tone drawn before its vowel ("ผู่" for "ผู่"): vowel first, as typed."""
    for k in range(len(out) - 1):
        if out[k] in TONE_MARKS and out[k + 1] in _VOWEL_MARKS:
            out[k], out[k + 1] = out[k + 1], out[k]
            idx[k], idx[k + 1] = idx[k + 1], idx[k]


def plain_map(text: str) -> tuple[str, list[int]]:
    """``plain(text)`` and, for each of its characters, the index in ``text``
    of the last character it stands for."""
    out: list[str] = []
    idx: list[int] = []
    chars = _read_chars(text)
    i = 0
    while i < len(chars):
        ch = chars[i]
        am = _sara_am_at(chars, i) if ch == NIKHAHIT else None
        if am is not None:
            tone, j = am
            if tone:
                out.append(tone)
                idx.append(j)
            out.append(SARA_AM)
            idx.append(j)
            i = j + 1
            continue
        if ch:
            out.append(ch)
            idx.append(i)
        i += 1
    _tones_after_vowels(out, idx)
    return "".join(out), idx


def plain(text: str) -> str:
    """Text with glyph variants read as the Thai letters they draw (PUA forms,
    NIKHAHIT + SARA AA), for decisions about words and wraps."""
    return plain_map(text)[0]
