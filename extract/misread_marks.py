"""Thai marks whose text layer says they are digits, letters or punctuation.

Some Word exports map a font's raised tone-mark glyphs (the forms drawn over
an upper vowel, as in เก้าอี้ or ลิ้นชัก) to an ASCII digit in ``/ToUnicode``:
the text layer reads "เก้าอี3"; LibreOffice maps Garuda's raised tone
marks to "/" ("นิ/ว"). Such a glyph gives itself away: it has no
advance width (an ASCII character always has one) and is drawn over the Thai
glyph before it. What it is follows from the words it makes: every mark that
can stand there (tone marks and the thanthakhat) is tried for every glyph of
that text, and the one that makes the longest dictionary words around them
(:mod:`extract.thai.words`) wins, when it beats every other. A font maps a glyph one way throughout a document, so the votes of the
pages read so far count too. Otherwise the glyphs are marked unread
(:data:`extract.glyph_shapes.UNREAD`), never left as a digit inside a word.
"""
from __future__ import annotations

from typing import Sequence

from thaitab.extract.chars import Char
from thaitab.extract.glyph_shapes import UNREAD
from thaitab.extract.settings import current
from thaitab.extract.thai.charset import TONE_MARKS, is_thai
from thaitab.extract.thai.words import tokenize, words

__all__ = ["misread_marks", "repair_misread_marks"]

# what a raised mark over an upper vowel can be: a tone mark or the thanthakhat
CANDIDATES = TONE_MARKS + "\u0e4c"
# how far a word is looked at on each side of the mark (characters)
CONTEXT = 12


def misread_marks(chars: Sequence[Char]) -> list[int]:
    """Indexes of glyphs read as an ASCII character (a digit, a letter, "/")
    that have no advance and follow a Thai glyph: marks the text layer
    misnames. Every ASCII character has an advance."""
    zero = current().text.zero_width_space_em
    return [k for k, c in enumerate(chars)
            if k and len(c.text) == 1 and c.text.isascii() and c.text.isprintable() and not c.text.isspace()
            and c.x1 - c.x0 <= zero * c.size and is_thai(chars[k - 1].text[:1])]


def _run(chars: Sequence[Char], k: int, suspects: set[int]) -> tuple[int, int]:
    """The Thai run (drawing order) around glyph ``k``."""
    def thai(i: int) -> bool:
        return i in suspects or is_thai(chars[i].text[:1])
    a = k
    while a > 0 and k - a < CONTEXT and thai(a - 1):
        a -= 1
    b = k + 1
    while b < len(chars) and b - k <= CONTEXT and thai(b):
        b += 1
    return a, b


def _word_made(before: str, mark: str, after: str) -> int:
    """The length of the dictionary word that holds ``mark`` (between
    ``before`` and ``after``) when segmented, 0 when it is in none: the right
    mark makes the longer word (เก้าอี้, not เก้า + อี่). A sara am written
    twice (ำา, a decomposition the text layer keeps) is read once."""
    before, after = before.replace("\u0e33\u0e32", "\u0e33"), after.replace("\u0e33\u0e32", "\u0e33")
    at, pos = len(before), 0
    for tok in tokenize(before + mark + after):
        if pos <= at < pos + len(tok):
            return len(tok) if len(tok) > 1 and tok in words() else 0
        pos += len(tok)
    return 0


def repair_misread_marks(chars: list[Char], votes: dict | None = None) -> int:
    """Name the page's misnamed marks in place (see the module); returns how
    many are left unread. ``votes`` (kept by the caller for one document)
    carries each text's votes from page to page."""
    suspects = misread_marks(chars)
    if not suspects:
        return 0
    votes = {} if votes is None else votes
    marked = set(suspects)
    by_text: dict[str, list[int]] = {}
    for k in suspects:
        by_text.setdefault(chars[k].text, []).append(k)
    unread = 0
    for text, ks in by_text.items():
        tally = votes.setdefault(text, dict.fromkeys(CANDIDATES, 0))
        for k in ks:
            a, b = _run(chars, k, marked)
            before = "".join("" if i in marked else chars[i].text for i in range(a, k))
            after = "".join("" if i in marked else chars[i].text for i in range(k + 1, b))
            for m in CANDIDATES:
                tally[m] += _word_made(before, m, after)
        ranked = sorted(tally.items(), key=lambda kv: -kv[1])
        (mark, best), (_, second) = ranked[0], ranked[1]
        sure = best > second
        for k in ks:
            chars[k].text = mark if sure else UNREAD
        unread += 0 if sure else len(ks)
    return unread
