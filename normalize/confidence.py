"""How far to trust one extracted row: a number from 0 to 1.

The confidence is built only from evidence thaitab already has when it writes
the row, never from any knowledge of the right answer. It is a product of
factors, each 1.0 when its evidence is clean and smaller the more doubtful it
is::

    confidence = reading × dictionary × repairs × layout × content

``reading``
    how the text was read: 1.0 for the PDF's text layer; for OCR
    :data:`OCR_FACTOR` (0.6), or ``0.35 + 0.5 × c`` when the OCR engine's own
    confidence ``c`` (0..1) is known, so a confident OCR line still ranks below
    any text-layer row that has no other doubt.
``dictionary``
    ``exp(−4 × n)`` where ``n`` is the share of Thai characters outside
    dictionary words (:func:`normalize.thai.non_dictionary_share`), taken over
    the whole row and over its worst cell at half weight (a short garbled cell
    must not hide in a long row): 0.96 when one Thai letter in a hundred is
    outside the dictionary, 0.3 when three in ten are (garbled text).
``repairs``
    the product of one weight per repair :func:`normalize.thai.repair_logged`
    reported (:data:`REPAIR_WEIGHTS`): mapping PUA glyphs or composing sara am is
    routine and costs almost nothing, guessing a lost sara am from a space or
    dropping unknown private-use characters costs more.
``layout``
    per page break the row was stitched across, :data:`CONTINUED_FACTOR`
    (at most three counted); :data:`FILLED_DOWN_FACTOR` when its issue was filled
    down from the row above; :data:`GUESSED_COLUMN_FACTOR` per cell in a column
    named on weak evidence ("column 'X' taken as outcome: a guess"); any other
    note 0.97.
``content``
    text that cannot be right: "(cid:" (a glyph with no Unicode), U+FFFD, a
    private-use character left after the repairs, Arabic and Thai digits mixed
    in one number (an OCR confusion), a measure shorter than
    :data:`SHORT_MEASURE` characters, and each empty cell of a column that is
    usually filled (see :func:`usually_filled`).

Each factor is documented next to its constant below. The function is cheap:
one dictionary pass over the row's Thai text (cached per cell text) and a few
regular expressions.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Collection, Iterable, Mapping

from thaitab.extract.settings import current
from thaitab.extract.thai.charset import CONSONANTS
from thaitab.extract.thai.pua import PUA
from thaitab.normalize.thai import non_dictionary_share

#: OCR without an engine confidence.
OCR_FACTOR = 0.6
#: A row cut by a page break and stitched back (per break, at most three counted).
CONTINUED_FACTOR = 0.96
MAX_BREAKS = 3
#: The issue cell was empty and filled down from the row above.
FILLED_DOWN_FACTOR = 0.98
#: A cell of a column named on weak evidence: the column may mean something else.
GUESSED_COLUMN_FACTOR = 0.9
#: A note that is neither a known repair nor a known layout note.
OTHER_NOTE_FACTOR = 0.97
#: Weight of each repair note of :func:`normalize.thai.repair_logged`.
REPAIR_WEIGHTS: dict[str, float] = {
    "zero-width characters removed": 0.995,
    "PUA glyphs mapped": 0.995,           # a fixed table: almost always right
    "sara am composed": 0.995,
    "mark order fixed": 0.99,
    "double sara e written as sara ae": 0.98,
    "space before a mark removed": 0.97,
    "doubled marks removed": 0.97,
    "split number rejoined": 0.95,
    "space before sara am removed": 0.95,
    "sara am restored from a space": 0.92,  # a guess from the dictionary
    "sara aa restored where sara am was drawn": 0.92,
    "sara am restored from a replacement character": 0.9,
    "unknown private-use characters removed": 0.8,  # text was thrown away
}
#: Content that cannot be right.
CID_FACTOR = 0.5          # "(cid:123)": a glyph the PDF gives no Unicode for
REPLACEMENT_FACTOR = 0.6  # U+FFFD
PUA_FACTOR = 0.7          # a private-use character survived the repairs
MIXED_DIGITS_FACTOR = 0.85  # "0๑7": Arabic and Thai digits in one number
SHORT_MEASURE = 6
SHORT_MEASURE_FACTOR = 0.85
EMPTY_CELL_FACTOR = 0.85  # per empty cell of a usually filled column
#: Columns whose emptiness is doubtful when the caller says nothing (ITA rows).
KEY_COLUMNS = ("measure", "steps", "responsible")

_CONTINUED = re.compile(r"^row continued from page")
_FILLED = re.compile(r"filled down")
_GUESSED = re.compile(r"^column .* taken as .*: a guess$")
_PUA = re.compile(f"[{PUA}]")
_MIXED_DIGITS = re.compile("[0-9][๐-๙]|[๐-๙][0-9]")
_THAI = re.compile(f"[{CONSONANTS}]")  # a Thai word: it has a consonant
_VISIBLE = re.compile(r"\S")


@lru_cache(maxsize=4096)
def _nd(text: str) -> float:
    return non_dictionary_share(text) if _THAI.search(text) else 0.0


def _dictionary_factor(texts: list[str]) -> float:
    thai = [t for t in texts if _THAI.search(t)]
    if not thai:
        return 1.0
    # the row's share, as a weighted mean of its cells' shares (cached per cell)
    total = sum(len(t) for t in thai)
    shares = [_nd(t) for t in thai]
    row = sum(s * len(t) for s, t in zip(shares, thai)) / total
    n = max(row, 0.5 * max(shares))
    return math.exp(-4.0 * n)


def _repair_factor(notes: Iterable[str]) -> float:
    f = 1.0
    for note in notes:
        f *= REPAIR_WEIGHTS.get(note, OTHER_NOTE_FACTOR)
    return f


def _layout_factor(notes: Iterable[str]) -> float:
    f = 1.0
    breaks = 0
    for note in notes:
        if _CONTINUED.match(note):
            breaks += 1
        elif _FILLED.search(note):
            f *= FILLED_DOWN_FACTOR
        elif _GUESSED.match(note):
            f *= GUESSED_COLUMN_FACTOR
        elif note in REPAIR_WEIGHTS:
            f *= REPAIR_WEIGHTS[note]
        else:
            f *= OTHER_NOTE_FACTOR
    return f * CONTINUED_FACTOR ** min(breaks, MAX_BREAKS)


def _content_factor(cells: Mapping[str, str], filled: Collection[str]) -> float:
    f = 1.0
    texts = [t for t in cells.values() if t]
    joined = "\n".join(texts)
    if "(cid:" in joined or "\u2370" in joined:  # U+2370 marks a glyph that could not be read
        f *= CID_FACTOR
    if "\ufffd" in joined:
        f *= REPLACEMENT_FACTOR
    if _PUA.search(joined):
        f *= PUA_FACTOR
    if _MIXED_DIGITS.search(joined):
        f *= MIXED_DIGITS_FACTOR
    measure = cells.get("measure")
    if measure and len(_VISIBLE.findall(measure)) < SHORT_MEASURE:
        f *= SHORT_MEASURE_FACTOR
    for col in filled:
        if col in cells and not (cells[col] or "").strip():
            f *= EMPTY_CELL_FACTOR
    return f


def usually_filled(rows: Iterable[Mapping[str, str]], columns: Iterable[str],
                   share: float | None = None) -> set[str]:
    """The ``columns`` that are non-empty in at least ``share`` of ``rows`` (and
    in at least two rows): an empty cell there is suspicious. ``share`` defaults
    to the setting ``text.usually_filled_share``."""
    if share is None:
        share = current().text.usually_filled_share
    rows = list(rows)
    out = set()
    for col in columns:
        n = sum(1 for r in rows if str(r.get(col) or "").strip())
        if n >= 2 and n >= share * len(rows):
            out.add(col)
    return out


def row_confidence(cells: dict[str, str], repairs: list[str], method: str,
                   layout_notes: list[str], *, ocr_confidence: float | None = None,
                   filled_columns: Collection[str] | None = None) -> float:
    """Confidence (0..1) that the row's text is right; see the module docstring.

    ``cells``: column name → final text of the row's text columns.
    ``repairs``: the repair notes of its cells (``repair_logged``).
    ``method``: "text" or "ocr". ``layout_notes``: the stitching notes ("row
    continued from page 4", "issue filled down"). A note given in the wrong
    list is still recognised by its words. ``ocr_confidence``: the OCR engine's
    mean confidence for the row, 0..1 (0..100 is accepted too).
    ``filled_columns``: columns usually filled in this table (see
    :func:`usually_filled`); by default :data:`KEY_COLUMNS`.
    """
    texts = [t for t in cells.values() if t]
    reading = 1.0
    if method == "ocr":
        if ocr_confidence is None:
            reading = OCR_FACTOR
        else:
            c = ocr_confidence / 100.0 if ocr_confidence > 1.0 else ocr_confidence
            reading = 0.35 + 0.5 * min(max(c, 0.0), 1.0)
    # notes may come in either list; a repair note counts as a repair wherever it is
    repair_notes = [n for n in list(repairs) + list(layout_notes) if n in REPAIR_WEIGHTS]
    other_notes = [n for n in list(repairs) + list(layout_notes) if n and n not in REPAIR_WEIGHTS]
    conf = (reading
            * _dictionary_factor(texts)
            * _repair_factor(dict.fromkeys(repair_notes))
            * _layout_factor(other_notes)
            * _content_factor(cells, KEY_COLUMNS if filled_columns is None else filled_columns))
    return round(min(max(conf, 0.0), 1.0), 3)
