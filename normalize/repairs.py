"""Which row notes are routine repairs and which ask a person to look.

A row's notes say what thaitab did or doubted. Most rows of a real report get
the same few mechanical repairs (marks put back in Unicode order, a sara am
composed from its two halves): true, but nothing anyone can act on, and they
bury the notes that matter. Those go to the ``repairs`` column; ``warnings``
keeps what a person should check against the PDF.

A repair is routine when it rewrites the same letters the PDF drew into their
standard encoding, one fixed way, with nothing guessed, added or dropped.
Anything that guesses (a sara am restored from a space), throws text away,
joins numbers, or comes from layout or OCR stays a warning; so does any note
not listed here.
"""
from __future__ import annotations

from typing import Iterable

#: The routine repairs (notes of :func:`normalize.thai.repair_logged`), each
#: with why it needs no checking.
ROUTINE: dict[str, str] = {
    "zero-width characters removed": "invisible characters; the visible text is unchanged",
    "PUA glyphs mapped": "a fixed table from the font's private glyphs to the Thai letters they draw",
    "sara am composed": "nikhahit + sara aa drawn as two glyphs, written as the one letter",
    "mark order fixed": "the same marks in Unicode's order above and below a letter",
    "double sara e written as sara ae": "two sara e drawn side by side are the letter sara ae",
    "space before a mark removed": "a mark belongs to the letter before it; the space is an artefact",
    "doubled marks removed": "one mark drawn twice (fake bold) is one mark",
    "space before sara am removed": "sara am belongs to the letter before it; the space is an artefact",
}


def split_notes(notes: Iterable[str]) -> tuple[list[str], list[str]]:
    """(warnings, repairs): the notes a person should look at, and the routine
    repairs (:data:`ROUTINE`), each in the order given."""
    warnings: list[str] = []
    repairs: list[str] = []
    for note in notes:
        (repairs if note in ROUTINE else warnings).append(note)
    return warnings, repairs
