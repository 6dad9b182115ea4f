"""Page trust: can a page's text layer be read, or does the page need OCR?

:func:`page_needs_ocr` runs on every page and must stay cheap: it looks only
at the clean chars and at the page's image boxes, and says why a page needs
OCR ("no text layer", "text layer is not Thai", "(cid:N) glyphs", ...) or None.
"""
from __future__ import annotations

from typing import Sequence

from thaitab.extract.chars import Char
from thaitab.extract.glyph_shapes import UNREAD
from thaitab.extract.settings import current
from thaitab.extract.thai.charset import is_thai_letter

# the union of a page's images is measured on a grid of this many cells a side
COVER_GRID = 64


def image_cover(page) -> float:
    """Share of the page covered by its images together (0 when it has none).

    Every image counts, whatever its codec (JBIG2, CCITT, JPX, DCT, Flate,
    inline) and however it is drawn (directly, in a form, or cut into strips
    as many scanners write a page): their union is measured on a grid."""
    width, height = float(page.width), float(page.height)
    if width <= 0 or height <= 0:
        return 0.0
    n = COVER_GRID
    cells: set[tuple[int, int]] = set()
    for im in page.images:
        x0 = max(float(im["x0"]), 0.0)
        x1 = min(float(im["x1"]), width)
        top = max(float(im["top"]), 0.0)
        bottom = min(float(im["bottom"]), height)
        if x1 <= x0 or bottom <= top:
            continue
        # cells whose centre the image covers
        c0, c1 = round(x0 / width * n), round(x1 / width * n)
        r0, r1 = round(top / height * n), round(bottom / height * n)
        cells.update((r, c) for r in range(r0, r1) for c in range(c0, c1))
        if len(cells) == n * n:
            break
    return len(cells) / (n * n)


def _body_glyphs(ink: Sequence[Char], page) -> int:
    """Glyphs of the text layer outside the top and bottom margin bands (a
    scanner's stamp, a running header or footer, a page number typed over the
    scan stand there; a page of real text over a picture has hundreds)."""
    height = float(page.height)
    band = current().ocr.margin_band_page
    lo, hi = band * height, (1 - band) * height
    return sum(1 for c in ink if (c.top + c.bottom) / 2 > lo and (c.top + c.bottom) / 2 < hi)


def _thai_share_low(ink: Sequence[Char]) -> bool:
    """Are there enough letters, and hardly any of them Thai?"""
    s = current().ocr
    letters = thai = 0
    for c in ink:
        for ch in c.text:
            if ch.isalpha():
                letters += 1
                thai += is_thai_letter(ch)
    return letters >= s.min_letters and thai < s.min_thai_share * letters


def page_needs_ocr(chars: Sequence[Char], page) -> str | None:
    """Why this page's text layer cannot be trusted, or None when it can.

    * no chars at all, but images cover most of the page: "no text layer";
    * many "(cid:N)" glyphs (fonts without a Unicode map) or glyphs that could
      not be read (:data:`extract.glyph_shapes.UNREAD`): "(cid:N) glyphs";
    * images cover most of the page and hardly any letter of its text layer
      is Thai (an invisible OCR layer that read Thai as Latin): "text layer is
      not Thai";
    * images cover most of the page and its text layer holds only a header or
      a footer, or a few glyphs, over the image's body: "text layer only in
      the margins" / "near-empty text layer".

    Cheap: one pass over the chars, and the image boxes only when needed.
    """
    s = current().ocr
    ink = [c for c in chars if c.text.strip()]
    if not ink:
        return "no text layer" if image_cover(page) >= s.image_cover_share else None
    cid = sum(1 for c in ink if c.text.startswith("(cid:") or c.text == UNREAD)
    if cid >= s.min_cid_glyphs and cid > s.max_cid_share * len(ink):
        return "(cid:N) glyphs"
    body = _body_glyphs(ink, page)
    if body < s.near_empty_glyphs:
        if page.images and image_cover(page) >= s.image_cover_share:
            return "text layer only in the margins" if body == 0 else "near-empty text layer"
        return None
    if _thai_share_low(ink) and image_cover(page) >= s.image_cover_share:
        return "text layer is not Thai"
    return None
