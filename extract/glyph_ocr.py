"""Glyphs that neither their font nor their shape could name, read by OCR of
their word on the page image.

:mod:`extract.glyph_shapes` marks a glyph it cannot read with
:data:`~extract.glyph_shapes.UNREAD`. The page still shows it: the word that
holds it is cut from the rendered page and read with Tesseract. The reading is
taken only when it agrees with every glyph of the word the text layer does
know around the glyph and gives exactly one Thai character for it
(:func:`fill`); otherwise the glyph stays marked. Without Tesseract nothing
changes.
"""
from __future__ import annotations

import re
from typing import Sequence

from thaitab.extract.chars import Char
from thaitab.extract.glyph_shapes import UNREAD
from thaitab.extract.thai.charset import DIGITS, THAI_TEXT

# known characters on each side of an unread glyph that the reading must show
CONTEXT = 2
# glyphs further apart than this (in font sizes) are in different words
WORD_GAP = 0.25
# resolution the page is rendered at for the words (dpi)
WORD_DPI = 300
# white margin around a word image, in font sizes
MARGIN = 0.3
# at most this many words of one page are read (a page of unread glyphs is
# the page-level OCR's business: extract.ocr.page_needs_ocr)
MAX_WORDS = 60
# what one unread glyph may be: a Thai character, a Latin letter or a digit
_THAI = f"[{THAI_TEXT}{DIGITS}A-Za-z0-9]"
_SPACE = re.compile(r"\s+")


def word_of(chars: Sequence[Char], k: int) -> list[int]:
    """Indexes of the chars of the word that holds ``chars[k]``: on its line,
    left to right, no space and no gap wider than :data:`WORD_GAP` sizes."""
    c = chars[k]
    mid = (c.top + c.bottom) / 2
    line = sorted((i for i, o in enumerate(chars)
                   if o.top <= mid <= o.bottom and abs((o.top + o.bottom) / 2 - mid) < 0.5 * c.size),
                  key=lambda i: (chars[i].x0, i))
    if k not in line:
        return [k]
    pos = line.index(k)
    lo = hi = pos
    gap = WORD_GAP * c.size
    while lo > 0 and chars[line[lo - 1]].text.strip() and chars[line[lo - 1]].x1 >= chars[line[lo]].x0 - gap:
        lo -= 1
    while (hi + 1 < len(line) and chars[line[hi + 1]].text.strip()
           and chars[line[hi + 1]].x0 <= max(chars[i].x1 for i in line[lo:hi + 1]) + gap):
        hi += 1
    return sorted(line[lo:hi + 1])  # drawing order: Thai's logical order


def fill(known: Sequence[str], read: str) -> list[str | None]:
    """The text of each unread glyph (:data:`UNREAD` in ``known``) from an
    OCR reading ``read`` of its word, None for one the reading does not settle.

    An unread glyph is read only where the reading shows it between the
    glyphs the text layer knows around it: up to :data:`CONTEXT` known
    characters on each side (at least one on each side that has any), with
    exactly one Thai character in between, found once in the reading. Tesseract
    may misread the rest of the word; it must not misread the glyph's own
    neighbours."""
    read = _SPACE.sub("", read)
    texts = [_SPACE.sub("", t) for t in known]
    out: list[str | None] = []
    for k, t in enumerate(texts):
        if t != UNREAD:
            continue
        before = "".join(x for x in texts[:k] if x != UNREAD)[-CONTEXT:] if UNREAD not in texts[max(0, k - 1):k] else ""
        after = "".join(texts[k + 1:]).split(UNREAD)[0][:CONTEXT]
        if not before and not after or (k > 0 and not before) or (k + 1 < len(texts) and not after):
            out.append(None)
            continue
        found = list(re.finditer(re.escape(before) + f"({_THAI})" + re.escape(after), read))
        out.append(found[0].group(1) if len(found) == 1 else None)
    return out


def read_unread(page, chars: list[Char]) -> int:
    """Fill in the unread glyphs of a page's chars from OCR of their words, in
    place. Returns how many were read."""
    todo = [k for k, c in enumerate(chars) if c.text == UNREAD]
    if not todo:
        return 0
    from thaitab.extract.ocr import ocr_unavailable

    if ocr_unavailable():
        return 0
    words: list[list[int]] = []
    seen: set[int] = set()
    for k in todo:
        if k in seen:
            continue
        w = word_of(chars, k)
        seen.update(w)
        words.append(w)
    words = words[:MAX_WORDS]
    try:
        images = _word_images(page, chars, words)
    except Exception:  # a page pdfium cannot render: the glyphs stay marked
        return 0
    done = 0
    for w, img, found in zip(words, images, _read(images)):
        if img is None or not found:
            continue
        texts = fill([chars[i].text for i in w], "".join(x.text for x in found))
        for i, t in zip([i for i in w if chars[i].text == UNREAD], texts):
            if t is not None:
                chars[i].text = t
                done += 1
    return done


def _read(images: Sequence) -> list[list]:
    """Tesseract's words for each image (None images give none)."""
    from thaitab.extract.ocr import ocr_lines

    real = [im for im in images if im is not None]
    found = iter(ocr_lines(real)) if real else iter(())
    return [next(found) if im is not None else [] for im in images]


def _word_images(page, chars: Sequence[Char], words: Sequence[Sequence[int]]) -> list:
    """Each word cut from the page rendered at :data:`WORD_DPI` (greyscale)."""
    from thaitab.extract.ocr import render_page

    gray, scale = render_page(page, WORD_DPI)
    out = []
    for w in words:
        size = max(chars[i].size for i in w)
        x0 = int((min(chars[i].x0 for i in w) - MARGIN * size) * scale)
        x1 = int((max(chars[i].x1 for i in w) + MARGIN * size) * scale) + 1
        y0 = int((min(chars[i].top for i in w) - MARGIN * size) * scale)
        y1 = int((max(chars[i].bottom for i in w) + MARGIN * size) * scale) + 1
        x0, y0 = max(x0, 0), max(y0, 0)
        x1, y1 = min(x1, gray.shape[1]), min(y1, gray.shape[0])
        out.append(gray[y0:y1, x0:x1].copy() if x1 - x0 > 4 and y1 - y0 > 4 else None)
    return out
