"""SARA AM lost to a space (Word "Save as PDF") or to U+FFFD, put back where the dictionary agrees."""
from __future__ import annotations

from bisect import bisect_right
import re
from re import Pattern

from thaitab.extract.thai.charset import CONSONANTS, MARKS, SARA_AA, SARA_AM, TONE_MARKS
from thaitab.normalize.thai.dictionary import THAI_RUN, _token_at, _tokens, words

__all__ = ["restore_dropped_am", "restore_am_from_replacement_char"]

# A consonant, its tone mark, the lost NIKHAHIT, SARA AA. Word 2007-2013 puts the
# space after the tone ("น้ า"), Word 2016 before it ("น ้า").
_RE_DROPPED_AM: Pattern[str] = re.compile(
    f"([{CONSONANTS}])(?:([{TONE_MARKS}]) +|( +)([{TONE_MARKS}])| +){SARA_AA}"
)
_RE_FFFD_AM: Pattern[str] = re.compile(
    f"([{CONSONANTS}])(?:([{TONE_MARKS}])\ufffd|(\ufffd)([{TONE_MARKS}])|\ufffd){SARA_AA}"
)
# One base character (consonant or vowel letter) with its marks.
_RE_SINGLE_CLUSTER: Pattern[str] = re.compile(
    f"[{CONSONANTS}\u0e30\u0e32\u0e33\u0e40-\u0e45][{MARKS}]*"
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
    runs = list(THAI_RUN.finditer(joined_text))
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

