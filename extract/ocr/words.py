"""What Tesseract gives back for one line image: its words, and the line they
stand on (with the facts of the line's ink that place the spaces)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Word:
    """One Tesseract word: its text and its box in image pixels."""

    text: str
    left: float
    top: float
    right: float
    bottom: float
    conf: float


@dataclass(slots=True)
class OcrLine:
    """The words of one text line, left to right, and where its ink is: the
    first and last inked pixel column and the white gaps in between that are
    as wide as a space (page pixels). Without ink facts the word boxes decide."""

    words: list[Word]
    top: float
    bottom: float
    gaps: list[tuple[float, float]] | None = None
    ink: tuple[float, float] | None = None
    # the bottom of the line's letter bodies (page pixels), when known
    baseline: float | None = None
