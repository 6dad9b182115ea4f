"""The text of one OCR line and where each character stands: spaces placed by
the line's ink, then synthetic :class:`~extract.chars.Char` objects in PDF
points, so that line joining and text repair run as for a text PDF.

Tesseract boxes Thai one character cluster at a time (tesseract #2702), so its
word breaks mean nothing for Thai and its boxes are only roughly placed. The
line's own ink decides: a white gap of at least ``ocr.space_gap_xh`` x-heights
is one space, put at the nearest boundary between two character clusters (a
dictionary word boundary preferred); no space is ever put between Thai letters
without such a gap.
"""
from __future__ import annotations

from difflib import SequenceMatcher
from typing import Sequence

from thaitab.extract.chars import MARKS, Char
from thaitab.extract.ocr.fixes import fix_ocr_text
from thaitab.extract.ocr.words import OcrLine, Word
from thaitab.extract.settings import current
from thaitab.extract.thai.charset import is_consonant
from thaitab.extract.thai.words import tokenize

Span = tuple[float, float]
Piece = tuple[str, Span]

_LEADING = "เแโใไ"
_FOLLOWING = "ะาำๅ"


def _weight(ch: str) -> float:
    """Rough advance of a glyph, for spreading a box over its characters."""
    if ch in MARKS:
        return 0.0
    if ch in ".,:;'\"!|":
        return 0.35
    if ch in "()[]-/ ":
        return 0.5
    if ch in "ะาๆ" or ch.isdigit():
        return 0.8
    if ch in "มฒฬฑฆฌฉษ" or "A" <= ch <= "Z" or ch in "mwMW":
        return 1.2
    return 1.0


def merge_marks(words: Sequence[Word]) -> list[Word]:
    """Glue "words" that are only Thai marks to the word before them (Tesseract
    boxes a tone mark on its own, often off to one side)."""
    out: list[Word] = []
    for w in words:
        if out and all(ch in MARKS for ch in w.text):
            p = out[-1]
            out[-1] = Word(p.text + w.text, p.left, min(p.top, w.top), max(p.right, w.left), max(p.bottom, w.bottom),
                           min(p.conf, w.conf))
        else:
            out.append(w)
    return out


def space_between(a: Word, b: Word, xh: float) -> bool:
    """Without ink facts: does the gap between two word boxes hold a space?"""
    return b.left - a.right > current().ocr.box_space_gap_xh * xh


def _white_runs(ink_cols, first: int, last: int) -> list[tuple[int, int]]:
    """The runs of ink-free pixel columns between the first and the last inked one."""
    runs: list[tuple[int, int]] = []
    start = None
    for x in range(first, last + 1):
        if not ink_cols[x]:
            if start is None:
                start = x
        elif start is not None:
            runs.append((start, x))
            start = None
    return runs


def _space_width(runs: list[tuple[int, int]], xh: float) -> float:
    """The least width of a gap that is a space: :attr:`space_gap_xh`, or in a
    letter-spaced line the width after the widest jump between gap widths."""
    s = current().ocr
    need = s.space_gap_xh * xh
    wide = sorted(b - a for a, b in runs if b - a >= need)
    if len(wide) >= s.spaced_min_gaps and len(wide) >= s.spaced_share * (len(runs) + 1):
        # letter-spaced: the spaces are the gaps after the widest jump in width
        jumps = [(wide[k + 1] / wide[k], k) for k in range(len(wide) - 1)]
        ratio, k = max(jumps)
        need = wide[k + 1] if ratio >= s.spaced_ratio else wide[-1] + 1
    return need


def ink_gaps(ink_cols, x0: float, xh: float) -> tuple[list[Span], Span | None]:
    """The space-wide white gaps of a line image and its inked extent.

    ``ink_cols`` tells per pixel column whether it holds ink; positions are
    offset by ``x0``. A gap counts from ``ocr.space_gap_xh`` x-heights. A line set
    with distributed justification (Thai "distributed" alignment spreads the
    letters of every word) has such gaps between most letters: there only the
    gaps clearly wider than the letter spacing are spaces.
    """
    import numpy as np

    cols = np.nonzero(ink_cols)[0]
    if len(cols) == 0:
        return [], None
    runs = _white_runs(ink_cols, int(cols[0]), int(cols[-1]))
    need = _space_width(runs, xh)
    gaps = [(x0 + a, x0 + b) for a, b in runs if b - a >= need]
    return gaps, (x0 + float(cols[0]), x0 + float(cols[-1]) + 1)


def _can_cut(text: str, k: int) -> bool:
    """May a space stand between text[k - 1] and text[k]? Not inside a Thai
    syllable's glyph cluster: never after a leading vowel, before a following
    vowel or before a mark. Not inside a number either ("15", "1,500", the
    item number "1."): a narrow digit's side bearings can leave a space-wide gap."""
    prev, nxt = text[k - 1], text[k]
    if prev.isdigit() and (nxt.isdigit() or nxt in ".,"):
        return False
    return prev not in _LEADING and nxt not in _FOLLOWING and nxt not in MARKS


def _thai_word_starts(text: str) -> set[int]:
    """Offsets where a Thai word starts in ``text`` (pythainlp's dictionary
    segmentation), to place a space where Tesseract's boxes are vague."""
    if not any(map(is_consonant, text)):
        return set()
    starts: set[int] = set()
    pos = 0
    for tok in tokenize(text, keep_whitespace=True):
        if pos:
            starts.add(pos)
        pos += len(tok)
    return starts


def _box_layout(words: Sequence[Word], xh: float) -> list[Piece]:
    """Without ink facts: each word spans its box, a space between two boxes
    set far enough apart (:func:`space_between`)."""
    out: list[Piece] = []
    for i, w in enumerate(words):
        if i and space_between(words[i - 1], w, xh):
            p = words[i - 1]
            out.append((" ", (p.right, max(w.left, p.right))))
        out.append((w.text, (w.left, max(w.right, w.left + 1.0))))
    return out


def _characters(words: Sequence[Word]) -> tuple[str, list[float], set[int]]:
    """The line's text, each character's rough x centre (its word's box spread
    by glyph width), and the offsets where Tesseract started a new word."""
    text = ""
    centres: list[float] = []
    word_starts: set[int] = set()
    for w in words:
        if text:
            word_starts.add(len(text))
        spans = _spread(w.text, w.left, max(w.right, w.left + 1.0))
        text += w.text
        centres.extend((a + b) / 2 for a, b in spans)
    return text, centres, word_starts


def _space_cuts(text: str, centres: list[float], word_starts: set[int], gaps: list[Span], xh: float) -> set[int]:
    """For each white gap, the character boundary that takes its space: the
    nearest one where a space may stand, a boundary between Tesseract's words
    or a dictionary word pulling it closer."""
    s = current().ocr
    lexical = _thai_word_starts(text)
    cuts: set[int] = set()
    for g0, g1 in gaps:
        mid = (g0 + g1) / 2
        best, cost = None, None
        for k in range(1, len(text)):
            if not _can_cut(text, k):
                continue
            x = (centres[k - 1] + centres[k]) / 2
            c = (abs(x - mid) - (s.word_start_pull_xh * xh if k in word_starts else 0.0)
                 - (s.lexical_pull_xh * xh if k in lexical else 0.0))
            if cost is None or c < cost:
                best, cost = k, c
        if best is not None:
            cuts.add(best)
    return cuts


def _run_extents(line: OcrLine, bounds: list[int], centres: list[float], xh: float) -> tuple[list[float], list[float]]:
    """Left and right edges of the runs of text between the spaces: each its own
    ink, between the gaps; when a gap found no boundary, the word boxes' extents."""
    lefts = [line.ink[0]] + [g1 for g0, g1 in sorted(line.gaps)]
    rights = [g0 for g0, g1 in sorted(line.gaps)] + [line.ink[1]]
    if len(lefts) == len(bounds) - 1:
        return lefts, rights
    reach = current().ocr.piece_reach_xh * xh
    lefts, rights = [], []
    for i in range(len(bounds) - 1):
        lefts.append(centres[bounds[i]] - reach)
        rights.append(centres[bounds[i + 1] - 1] + reach)
    return lefts, rights


def _layout(line: OcrLine, xh: float) -> list[Piece]:
    """(text, x span) pieces of a line, spaces included.

    Tesseract gives the text; its boxes only roughly say where. With the
    line's ink known, every space-wide white gap becomes one space at the
    character boundary nearest to it (a boundary between Tesseract words
    preferred, none inside a glyph cluster), and each run of text between two
    spaces spans exactly its ink. Without ink facts, the word boxes decide.
    """
    words = merge_marks([w for w in line.words if w.text])
    if not words:
        return []
    if line.gaps is None or line.ink is None:
        return _box_layout(words, xh)
    text, centres, word_starts = _characters(words)
    cuts = _space_cuts(text, centres, word_starts, line.gaps, xh)
    bounds = [0] + sorted(cuts) + [len(text)]
    lefts, rights = _run_extents(line, bounds, centres, xh)
    pieces: list[Piece] = []
    for i in range(len(bounds) - 1):
        if i:
            pieces.append((" ", (rights[i - 1], lefts[i])))
        pieces.append((text[bounds[i]:bounds[i + 1]], (lefts[i], max(rights[i], lefts[i] + 1.0))))
    return pieces


def _spread(text: str, x0: float, x1: float) -> list[Span]:
    """Share [x0, x1] among the characters of ``text`` by rough glyph width;
    a mark gets the span of its base."""
    weights = [_weight(ch) for ch in text]
    total = sum(weights)
    spans: list[Span] = []
    x = x0
    for wt in weights:
        if not total:
            spans.append((x0, x1))
            continue
        nx = x + (x1 - x0) * wt / total
        spans.append((x, nx) if wt or not spans else spans[-1])
        x = nx
    return spans


def line_text(line: OcrLine, xh: float) -> str:
    """The text of one OCR line, spaces placed by :func:`_layout` (before
    :func:`fix_ocr_text`)."""
    return "".join(t for t, _ in _layout(line, xh))


def _respan(raw: str, text: str, spans: list[Span]) -> list[Span]:
    """The spans of the corrected ``text``: kept characters keep theirs, the
    characters of a correction share the span of those they replace."""
    new: list[Span] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, raw, text, autojunk=False).get_opcodes():
        if op == "equal":
            new.extend(spans[i1:i2])
        elif j2 > j1:
            a = spans[i1][0] if i2 > i1 else (spans[i1 - 1][1] if i1 else spans[0][0])
            b = spans[i2 - 1][1] if i2 > i1 else a
            step = (b - a) / (j2 - j1)
            new.extend((a + k * step, a + (k + 1) * step) for k in range(j2 - j1))
    return new


def _tile(text: str, spans: list[Span]) -> list[Span]:
    """The spans made to tile the line: x order is reading order, only a space
    leaves a gap, and a mark takes its base's span."""
    fixed: list[Span] = []
    for i, (ch, (a, b)) in enumerate(zip(text, spans)):
        if ch in MARKS and fixed:
            fixed.append(fixed[-1])
            continue
        if fixed:
            a = max(a, fixed[-1][1]) if ch == " " or text[i - 1] == " " else fixed[-1][1]
        fixed.append((a, max(b, a + 0.01)))
    return fixed


def _line_box(line: OcrLine, xh: float, scale: float) -> tuple[float, float]:
    """Top and bottom of the line's glyph boxes, in PDF points: as a text
    layer's, the same for every glyph of the line, from its baseline, whatever
    marks or tails its ink has (a line of tone marks would otherwise start
    above the number beside it); without a baseline, the line's ink."""
    if line.baseline is None:
        return line.top / scale, line.bottom / scale
    s = current().ocr
    return (line.baseline - s.box_above_xh * xh) / scale, (line.baseline + s.box_below_xh * xh) / scale


def line_chars(line: OcrLine, xh: float, scale: float, bold: bool = False) -> list[Char]:
    """Synthetic chars for one OCR line, in PDF points.

    Characters tile their piece's span without gaps and a space is an explicit
    space char, so that :func:`extract.lines.make_line` reads back exactly the
    corrected line text (:func:`fix_ocr_text`); a correction's characters share
    the span of the characters they replace.
    """
    pieces = _layout(line, xh)
    if not pieces:
        return []
    raw = "".join(t for t, _ in pieces)
    spans = [sp for t, (a, b) in pieces for sp in _spread(t, a, b)]
    text = fix_ocr_text(raw)
    if text != raw:
        spans = _respan(raw, text, spans)
    fixed = _tile(text, spans)
    size = current().ocr.size_xh * xh / scale
    top, bottom = _line_box(line, xh, scale)
    out = [Char(ch, a / scale, b / scale, top, bottom, size, bold) for ch, (a, b) in zip(text, fixed)]
    while out and out[-1].text == " ":
        out.pop()
    while out and out[0].text == " ":
        out.pop(0)
    return out
