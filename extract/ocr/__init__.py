"""Scanned pages: decide when the text layer cannot be trusted, and read the
tables of such a page with OpenCV and Tesseract.

Two entry points:

* :func:`page_needs_ocr` (:mod:`.trust`) runs on every page and must stay
  cheap: it looks only at the clean chars and at the page's image boxes. It
  says why a page needs OCR ("no text layer", "text layer is not Thai",
  "(cid:N) glyphs") or None.
* :func:`ocr_page_tables` (:mod:`.tables`) renders the page (pypdfium2, at the
  scan's own resolution within 200-300 dpi) and levels it (the angle of its
  long rules; :mod:`.image`), finds the ruled grids (rules that end on rules; a
  missing rule is a merged cell, as in :class:`extract.cells.Grid`;
  :mod:`.grid`), cuts the text of every cell and of the title block above the
  table into lines (connected components; marks join their line; :mod:`.lines`)
  and reads them with Tesseract, one process per worker for all lines of the
  page (:mod:`.read`). The words become synthetic :class:`~extract.chars.Char`
  objects in PDF points (:mod:`.layout`) and :func:`extract.cells.fill_grid`
  builds the cells, so stitching, line joining and text repair run exactly as
  for a text PDF.

OpenCV, NumPy and pytesseract are imported only when a page is OCR'd, so the
text-layer path does not need them. Every tolerance is a field of
:class:`extract.settings.OcrSettings` (``ocr.*``).

Where the spaces are (:mod:`.layout`): Tesseract's word breaks mean nothing
for Thai; a white gap of the line's own ink at least ``ocr.space_gap_xh``
x-heights wide is one space, put at the nearest boundary between two character
clusters (a dictionary word boundary preferred).

Corrections are few, documented and never invent text (:mod:`.fixes`): month
abbreviations misread around their dots ("ต. ค." "กุย." → "ต.ค." "ก.ย."), an
item number read with a comma ("3, เผยแพร่" → "3. เผยแพร่"). No text
correction changes a digit, Thai or Arabic. Where Tesseract reads Thai as
doubtful Latin ("A.A." for "ต.ค."), the line is read again with Thai alone
(:func:`ocr_lines`).

Thai digits (:mod:`.digits`): the Thai model (tessdata "fast" in Debian's
tesseract-ocr-tha) reads six (๖) as ๒, ๑ or ๐, and four or nine as five, in
every font tried. Every glyph it read as a Thai digit is checked against the
digits as the installed Thai fonts draw them, and replaced only when its shape
clearly says another digit; nothing is guessed from what a year should be.

Modules, each importing only those before it: :mod:`.words` (Tesseract's
words and lines), :mod:`.fixes`, :mod:`.trust`, :mod:`.image`, :mod:`.grid`,
:mod:`.lines`, :mod:`.layout`, :mod:`.digits`, :mod:`.read`, :mod:`.tables`.
"""
from __future__ import annotations

from thaitab.extract.ocr.fixes import MONTHS, fix_month, fix_ocr_text
from thaitab.extract.ocr.grid import PixelGrid, find_grids, horizontal_rules
from thaitab.extract.ocr.image import DEFAULT_DPI, MAX_DPI, MAX_PIXELS, MIN_DPI, deskew, estimate_skew, native_dpi, render_page
from thaitab.extract.ocr.layout import ink_gaps, line_chars, line_text, merge_marks, space_between
from thaitab.extract.ocr.lines import PAD, baseline, bold_lines, group_components, stroke_width, x_height
from thaitab.extract.ocr.read import ENGLISH_LANG, LANG, LATIN_MIN_CONF, THAI_LANG, ocr_lines, ocr_unavailable
from thaitab.extract.ocr.tables import ocr_page_tables
from thaitab.extract.ocr.trust import image_cover, page_needs_ocr
from thaitab.extract.ocr.words import OcrLine, Word
from thaitab.extract.settings import DEFAULT

# for extract.pdf, which decides as page_needs_ocr does whether a page of unread
# glyphs is OCR'd whole (the default of ocr.max_cid_share)
MAX_CID_SHARE = DEFAULT.ocr.max_cid_share


class OcrWarning(UserWarning):
    """A page was read with OCR ("page 3: OCR (no text layer)")."""


__all__ = [
    "DEFAULT_DPI", "ENGLISH_LANG", "LANG", "LATIN_MIN_CONF", "MAX_CID_SHARE", "MAX_DPI", "MAX_PIXELS", "MIN_DPI",
    "MONTHS", "PAD", "THAI_LANG", "OcrLine", "OcrWarning", "PixelGrid", "Word", "baseline", "bold_lines", "deskew",
    "estimate_skew", "find_grids", "fix_month", "fix_ocr_text", "group_components", "horizontal_rules",
    "image_cover", "ink_gaps", "line_chars", "line_text", "merge_marks", "native_dpi", "ocr_lines",
    "ocr_page_tables", "ocr_unavailable", "page_needs_ocr", "render_page", "space_between", "stroke_width",
    "x_height",
]
