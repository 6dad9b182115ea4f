"""Scanned pages: decide when the text layer cannot be trusted, and read the
ruled tables of such a page with OpenCV and Tesseract.

Two entry points:

* :func:`page_needs_ocr` runs on every page and must stay cheap: it looks only
  at the clean chars and at the page's image boxes. It says why a page needs
  OCR ("no text layer", "text layer is not Thai", "(cid:N) glyphs") or None.
* :func:`ocr_page_tables` renders the page (pypdfium2, at the scan's own
  resolution within 200-300 dpi), levels it (the angle of its long rules),
  finds the ruled grids (rules that end on rules; a missing rule is a merged
  cell, as in :class:`extract.cells.Grid`), cuts the text of every cell and of
  the title block above the table into lines (connected components; marks join
  their line) and reads them with Tesseract, one process per worker for all
  lines of the page. The words become synthetic :class:`~extract.chars.Char`
  objects in PDF points and :func:`extract.cells.fill_grid` builds the cells,
  so stitching, line joining and text repair run exactly as for a text PDF.

OpenCV, NumPy and pytesseract are imported only when a page is OCR'd, so the
text-layer path does not need them.

Where the spaces are. Tesseract boxes Thai one character cluster at a time
(tesseract #2702), so its word breaks mean nothing for Thai and its boxes are
only roughly placed. The line's own ink decides: a white gap of at least
:data:`SPACE_GAP` x-heights is one space, put at the nearest boundary between
two character clusters (a dictionary word boundary preferred); no space is ever
put between Thai letters without such a gap.

Corrections are few, documented and never invent text (:func:`fix_ocr_text`):
month abbreviations misread around their dots ("ต. ค." "กุย." → "ต.ค." "ก.ย."),
an item number read with a comma ("3, เผยแพร่" → "3. เผยแพร่"). No text
correction changes a digit, Thai or Arabic. Where Tesseract reads Thai as
doubtful Latin ("A.A." for "ต.ค."), the line is read again with Thai alone
(:func:`ocr_lines`).

Thai digits: the Thai model (tessdata "fast" in Debian's tesseract-ocr-tha)
reads six (๖) as ๒, ๑ or ๐, and four or nine as five, in every font tried, so
years written in Thai digits came out wrong. Every glyph it read as a Thai digit
is therefore checked against the digits as the installed Thai fonts draw them,
and replaced only when its shape clearly says another digit
(:mod:`extract.ocr_digits`); nothing is guessed from what a year should be.
"""
from __future__ import annotations

import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from statistics import median
from typing import Sequence

from extract.chars import MARKS, Char
from extract.glyph_shapes import UNREAD
from extract.cells import Grid, PageTable, fill_grid
from extract.lines import group_lines
from extract.words import tokenize

LANG = "tha+eng"
# Thai alone, for a second reading of words that the first read as doubtful Latin
THAI_LANG = "tha"
# English alone, for the period of an item number that the Thai model dropped
ENGLISH_LANG = "eng"
LATIN_MIN_CONF = 80.0
# an image covering this share of the page makes it a scan (or a photo of one)
IMAGE_COVER = 0.6
# below this share of Thai letters among the letters, a scan's text layer is junk
MIN_THAI_SHARE = 0.15
MIN_LETTERS = 20
# a share of "(cid:N)" glyphs above this means the text layer has no usable Unicode
MAX_CID_SHARE = 0.2
# render resolution: the scan's own when it is known, within these bounds
MIN_DPI, MAX_DPI, DEFAULT_DPI = 200, 300, 250
# a white gap in a line's ink at least this many x-heights wide is a space (the
# glyphs of a word stand at most about 0.3 apart, a space is 0.4 or more)
SPACE_GAP = 0.35
# without the ink, between two Tesseract word boxes (looser: boxes are rough)
BOX_SPACE_GAP = 0.45
# rotations smaller than this (degrees) are left alone
MIN_SKEW = 0.05
# an OCR glyph's box, from its line's baseline, in x-heights: up to where a
# text layer's box reaches (the top of the marks) and down to its descent
BOX_ABOVE, BOX_BELOW = 1.7, 0.4
# rows of a line image with at least this share of its densest row's ink are
# the letter bodies (Thai consonants); marks and tails are thinner
BODY_DENSITY = 0.5
MAX_SKEW = 5.0


class OcrWarning(UserWarning):
    """A page was read with OCR ("page 3: OCR (no text layer)")."""


# --------------------------------------------------------------------------- the decision
def _is_thai_letter(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e2e" or "\u0e30" <= ch <= "\u0e33" or "\u0e40" <= ch <= "\u0e45"


# the union of a page's images is measured on a grid of this many cells a side
COVER_GRID = 64
# a text layer with fewer glyphs than this outside the page's top and bottom
# margin bands is no reading of a page-sized image under it (a scanner's stamp,
# a running header or footer, a page number typed over the scan); a page of
# real text over a background picture has hundreds
NEAR_EMPTY_GLYPHS = 25
# the top and bottom margin bands, as shares of the page height (as the page
# number band of extract.cells.split_page_numbers, a little wider)
MARGIN_BAND = 0.12


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
    """Glyphs of the text layer outside the top and bottom margin bands."""
    height = float(page.height)
    lo, hi = MARGIN_BAND * height, (1 - MARGIN_BAND) * height
    return sum(1 for c in ink if (c.top + c.bottom) / 2 > lo and (c.top + c.bottom) / 2 < hi)


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
    ink = [c for c in chars if c.text.strip()]
    if not ink:
        return "no text layer" if image_cover(page) >= IMAGE_COVER else None
    cid = sum(1 for c in ink if c.text.startswith("(cid:") or c.text == UNREAD)
    if cid >= 10 and cid > MAX_CID_SHARE * len(ink):
        return "(cid:N) glyphs"
    body = _body_glyphs(ink, page)
    if body < NEAR_EMPTY_GLYPHS:
        if page.images and image_cover(page) >= IMAGE_COVER:
            return "text layer only in the margins" if body == 0 else "near-empty text layer"
        return None
    letters = thai = 0
    for c in ink:
        for ch in c.text:
            if ch.isalpha():
                letters += 1
                thai += _is_thai_letter(ch)
    if letters >= MIN_LETTERS and thai < MIN_THAI_SHARE * letters and image_cover(page) >= IMAGE_COVER:
        return "text layer is not Thai"
    return None


@lru_cache(maxsize=1)
def ocr_unavailable() -> str | None:
    """What is missing for OCR on this machine, or None when all is there."""
    try:
        import cv2  # noqa: F401
        import numpy  # noqa: F401
        import pytesseract
    except ImportError as exc:
        # OpenCV and pytesseract are dependencies of thaitab: an install without them is broken
        return f"Python package missing ({exc.name}): pip install opencv-python-headless pytesseract"
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        return "install tesseract-ocr and tesseract-ocr-tha"
    try:
        langs = set(pytesseract.get_languages(config=""))
    except Exception:
        return "install tesseract-ocr and tesseract-ocr-tha"
    missing = [lang for lang in LANG.split("+") if lang not in langs]
    if missing:
        return "install tesseract-ocr-" + " tesseract-ocr-".join(missing) + " (Tesseract language data)"
    return None


# --------------------------------------------------------------------------- text of one line
def _thai(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e5b"


MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
_MONTH_KEY = {m.replace(".", ""): m for m in MONTHS}  # "มีค" -> "มี.ค."
_MARK_CLASS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
# a token shaped like a month abbreviation: (เ) letter (marks) [. , space] letter
# (marks) (. ,), standing alone: after a space, "-", "(" or the line start and
# before a space, a digit, a dash ("-", or "=" "~" as OCR reads it), ")" or the line end
_MONTH_TOKEN = re.compile(
    rf"(?<![\u0e01-\u0e4f.,])(เ?[ก-ฮ][{_MARK_CLASS}]*\s?[.,]{{0,2}}[{_MARK_CLASS}]*\s?[ก-ฮ][{_MARK_CLASS}]*"
    r"(?:\s?[.,]{1,2})?)(?=\s|[0-9๐-๙]|[-=~–)]|$)"
)
# an item number read with a comma: "3, เผยแพร่" at the start of a line
_ITEM_COMMA = re.compile(r"^([0-9๐-๙]{1,2}),(\s+[\u0e01-\u0e4f])")


def fix_month(token: str) -> str:
    """A month abbreviation as OCR misreads it, spelt right; anything else as is.

    Only a token with a dot or a comma is touched. Its letters without the
    dots, commas and spaces must be those of one month ("ต. ค." "ต,ค." →
    "ต.ค."), or become so when a SARA U (no month has one: the dot "ก.ย." read
    as "กุย.") or a mark after the last letter (a speck read as a vowel,
    "ม.คิ.") is dropped. A real month is never turned into another one.
    """
    if "." not in token and "," not in token:
        return token
    # "ม.ค .-": the dot went with the next word; it is the abbreviation's
    space = " " if re.search(r"\s[.,]+$", token) else ""
    key = re.sub(r"[\s.,]", "", token)
    if key in _MONTH_KEY:
        return _MONTH_KEY[key] + space
    key = re.sub(f"[{_MARK_CLASS}]+$", "", key.replace("\u0e38", ""))
    return _MONTH_KEY[key] + space if key in _MONTH_KEY else token


def fix_ocr_text(text: str) -> str:
    """The few OCR corrections that are safe: they only restore a fixed spelling.

    * month abbreviations (:func:`fix_month`): "ต. ค." "ต,ค." "กุย." "ม.คิ.";
    * a line that starts with an item number followed by a comma and Thai text
      ("3, เผยแพร่") gets its period back ("3. เผยแพร่").

    Digits are never changed, Thai or Arabic, and no letter is ever guessed.
    """
    text = _ITEM_COMMA.sub(r"\1.\2", text)
    return _MONTH_TOKEN.sub(lambda m: fix_month(m.group(1)), text)


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
    return b.left - a.right > BOX_SPACE_GAP * xh


def ink_gaps(ink_cols, x0: float, xh: float) -> tuple[list[tuple[float, float]], tuple[float, float] | None]:
    """The space-wide white gaps of a line image and its inked extent.

    ``ink_cols`` tells per pixel column whether it holds ink; positions are
    offset by ``x0``. A gap counts from :data:`SPACE_GAP` x-heights. A line set
    with distributed justification (Thai "distributed" alignment spreads the
    letters of every word) has such gaps between most letters: there only the
    gaps clearly wider than the letter spacing are spaces.
    """
    import numpy as np

    cols = np.nonzero(ink_cols)[0]
    if len(cols) == 0:
        return [], None
    runs: list[tuple[int, int]] = []
    start = None
    for x in range(int(cols[0]), int(cols[-1]) + 1):
        if not ink_cols[x]:
            if start is None:
                start = x
        elif start is not None:
            runs.append((start, x))
            start = None
    need = SPACE_GAP * xh
    wide = sorted(b - a for a, b in runs if b - a >= need)
    if len(wide) >= 4 and len(wide) >= 0.5 * (len(runs) + 1):
        # letter-spaced: the spaces are the gaps after the widest jump in width
        jumps = [(wide[k + 1] / wide[k], k) for k in range(len(wide) - 1)]
        ratio, k = max(jumps)
        need = wide[k + 1] if ratio >= 1.5 else wide[-1] + 1
    gaps = [(x0 + a, x0 + b) for a, b in runs if b - a >= need]
    return gaps, (x0 + float(cols[0]), x0 + float(cols[-1]) + 1)


_LEADING = "เแโใไ"
_FOLLOWING = "ะาำๅ"


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
    if not any("\u0e01" <= ch <= "\u0e2e" for ch in text):
        return set()
    starts: set[int] = set()
    pos = 0
    for tok in tokenize(text, keep_whitespace=True):
        if pos:
            starts.add(pos)
        pos += len(tok)
    return starts


def _layout(line: OcrLine, xh: float) -> list[tuple[str, tuple[float, float]]]:
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
        out: list[tuple[str, tuple[float, float]]] = []
        for i, w in enumerate(words):
            if i and space_between(words[i - 1], w, xh):
                p = words[i - 1]
                out.append((" ", (p.right, max(w.left, p.right))))
            out.append((w.text, (w.left, max(w.right, w.left + 1.0))))
        return out
    # the text, each character's rough x centre, and where Tesseract split words
    text = ""
    centres: list[float] = []
    word_starts: set[int] = set()
    for w in words:
        if text:
            word_starts.add(len(text))
        spans = _spread(w.text, w.left, max(w.right, w.left + 1.0))
        text += w.text
        centres.extend((a + b) / 2 for a, b in spans)
    lexical = _thai_word_starts(text)
    cuts: set[int] = set()
    for g0, g1 in line.gaps:
        mid = (g0 + g1) / 2
        best, cost = None, None
        for k in range(1, len(text)):
            if not _can_cut(text, k):
                continue
            x = (centres[k - 1] + centres[k]) / 2
            c = abs(x - mid) - (0.25 * xh if k in word_starts else 0.0) - (0.6 * xh if k in lexical else 0.0)
            if cost is None or c < cost:
                best, cost = k, c
        if best is not None:
            cuts.add(best)
    # runs of text between the spaces, each spanning its own ink
    bounds = [0] + sorted(cuts) + [len(text)]
    lefts = [line.ink[0]] + [g1 for g0, g1 in sorted(line.gaps)]
    rights = [g0 for g0, g1 in sorted(line.gaps)] + [line.ink[1]]
    if len(lefts) != len(bounds) - 1:
        # a gap found no boundary: fall back to the word boxes' own extents
        lefts, rights = [], []
        for i in range(len(bounds) - 1):
            lefts.append(centres[bounds[i]] - 0.4 * xh)
            rights.append(centres[bounds[i + 1] - 1] + 0.4 * xh)
    pieces: list[tuple[str, tuple[float, float]]] = []
    for i in range(len(bounds) - 1):
        if i:
            pieces.append((" ", (rights[i - 1], lefts[i])))
        pieces.append((text[bounds[i]:bounds[i + 1]], (lefts[i], max(rights[i], lefts[i] + 1.0))))
    return pieces


def _spread(text: str, x0: float, x1: float) -> list[tuple[float, float]]:
    """Share [x0, x1] among the characters of ``text`` by rough glyph width;
    a mark gets the span of its base."""
    weights = [_weight(ch) for ch in text]
    total = sum(weights)
    spans: list[tuple[float, float]] = []
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


def line_chars(line: OcrLine, xh: float, scale: float, bold: bool = False) -> list[Char]:
    """Synthetic chars for one OCR line, in PDF points.

    Characters tile their piece's span without gaps and a space is an explicit
    space char, so that :func:`extract.lines.make_line` reads back exactly the
    corrected line text (:func:`fix_ocr_text`); a correction's characters share
    the span of the characters they replace.
    """
    from difflib import SequenceMatcher

    pieces = _layout(line, xh)
    if not pieces:
        return []
    raw = "".join(t for t, _ in pieces)
    spans = [sp for t, (a, b) in pieces for sp in _spread(t, a, b)]
    text = fix_ocr_text(raw)
    if text != raw:
        new: list[tuple[float, float]] = []
        for op, i1, i2, j1, j2 in SequenceMatcher(None, raw, text, autojunk=False).get_opcodes():
            if op == "equal":
                new.extend(spans[i1:i2])
            elif j2 > j1:
                a = spans[i1][0] if i2 > i1 else (spans[i1 - 1][1] if i1 else spans[0][0])
                b = spans[i2 - 1][1] if i2 > i1 else a
                step = (b - a) / (j2 - j1)
                new.extend((a + k * step, a + (k + 1) * step) for k in range(j2 - j1))
        spans = new
    # x order must be reading order, and only a space may leave a gap
    fixed: list[tuple[float, float]] = []
    for i, (ch, (a, b)) in enumerate(zip(text, spans)):
        if ch in MARKS and fixed:
            fixed.append(fixed[-1])
            continue
        if fixed:
            a = max(a, fixed[-1][1]) if ch == " " or text[i - 1] == " " else fixed[-1][1]
        fixed.append((a, max(b, a + 0.01)))
    size = 2.1 * xh / scale
    if line.baseline is not None:
        # as a text layer's glyph boxes: the same for every glyph of the line,
        # from its baseline, whatever marks or tails its ink has (a line of
        # tone marks would otherwise start above the number beside it)
        top, bottom = (line.baseline - BOX_ABOVE * xh) / scale, (line.baseline + BOX_BELOW * xh) / scale
    else:
        top, bottom = line.top / scale, line.bottom / scale
    out = [Char(ch, a / scale, b / scale, top, bottom, size, bold) for ch, (a, b) in zip(text, fixed)]
    while out and out[-1].text == " ":
        out.pop()
    while out and out[0].text == " ":
        out.pop(0)
    return out


# --------------------------------------------------------------------------- image work
@dataclass(slots=True)
class PixelGrid:
    """A ruled table found in the page image (pixels)."""

    cols: list[float]
    rows: list[float]
    owner: list[list[tuple[int, int]]]


MAX_PIXELS = 50_000_000  # about 50 MB of greyscale image for one page


def render_page(page, dpi: float | None = None):
    """The page as a greyscale NumPy array and its scale (pixels per point)."""
    import numpy as np
    import pypdfium2 as pdfium

    if dpi is None:
        dpi = native_dpi(page)
    # a huge page at scan resolution would need gigabytes: cap the pixels
    pixels = float(page.width) * float(page.height) * (dpi / 72.0) ** 2
    if pixels > MAX_PIXELS:
        dpi *= (MAX_PIXELS / pixels) ** 0.5
    pdf = page.pdf
    src = getattr(pdf, "path", None) or getattr(pdf.stream, "name", None)
    if src is None or not os.path.exists(os.fspath(src)):
        pdf.stream.seek(0)
        src = pdf.stream.read()
    doc = pdfium.PdfDocument(src, password=getattr(pdf, "password", None) or None)
    try:
        pg = doc[page.page_number - 1]
        scale = dpi / 72.0
        bitmap = pg.render(scale=scale, grayscale=True)
        arr = np.array(bitmap.to_numpy(), copy=True)
        if arr.ndim == 3:
            arr = arr[:, :, 0]
        pg.close()
    finally:
        doc.close()
    # pdfium renders with its own rounding: pixels per point from the real size
    scale = arr.shape[1] / float(page.width)
    return arr, scale


def native_dpi(page) -> float:
    """The resolution of the page's scan, within [MIN_DPI, MAX_DPI]."""
    best = None
    for im in page.images:
        w_pt = float(im["x1"]) - float(im["x0"])
        size = im.get("srcsize")
        if w_pt > 0.5 * float(page.width) and size:
            dpi = size[0] / (w_pt / 72.0)
            best = max(best or 0.0, dpi)
    if best is None:
        return DEFAULT_DPI
    return float(min(max(best, MIN_DPI), MAX_DPI))


def _binary(gray):
    import cv2

    blur = cv2.GaussianBlur(gray, (3, 3), 0)
    return cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]


def _run_mask(bw, length: int, horizontal: bool):
    """The ink of a binary image that lies on straight runs at least ``length``
    pixels long, across (``horizontal``) or down."""
    import cv2

    def kernel(n: int):
        return cv2.getStructuringElement(cv2.MORPH_RECT, (n, 1) if horizontal else (1, n))

    # bridge one-pixel breaks (noise, JPEG) before looking for long runs
    bridged = cv2.morphologyEx(bw, cv2.MORPH_CLOSE, kernel(5))
    return cv2.morphologyEx(bridged, cv2.MORPH_OPEN, kernel(length))


def _line_masks(bw, h_len: int, v_len: int):
    return _run_mask(bw, h_len, True), _run_mask(bw, v_len, False)


def estimate_skew(gray) -> float:
    """The page's rotation in degrees (positive: clockwise), from its long rules."""
    import cv2
    import numpy as np

    bw = _binary(gray)
    H, W = bw.shape
    h, v = _line_masks(bw, max(40, W // 30), max(40, H // 30))
    angles: list[tuple[float, float]] = []
    for mask, horizontal in ((h, True), (v, False)):
        n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for i in range(1, n):
            x, y, w, hh, area = stats[i]
            length = w if horizontal else hh
            if length < (W if horizontal else H) * 0.2:
                continue
            ys, xs = np.nonzero(labels[y:y + hh, x:x + w] == i)
            if len(xs) < 20:
                continue
            if horizontal:
                slope = np.polyfit(xs.astype(float), ys.astype(float), 1)[0]
                angles.append((float(np.degrees(np.arctan(slope))), float(length)))
            else:
                slope = np.polyfit(ys.astype(float), xs.astype(float), 1)[0]
                angles.append((float(-np.degrees(np.arctan(slope))), float(length)))
    if not angles:
        return 0.0
    angles.sort()
    total = sum(w for _, w in angles)
    acc = 0.0
    for a, w in angles:
        acc += w
        if acc >= total / 2:
            return a
    return angles[-1][0]


def deskew(gray, angle: float):
    """Rotate the image by ``angle`` degrees back to level (white fill)."""
    import cv2

    if abs(angle) < MIN_SKEW or abs(angle) > MAX_SKEW:
        return gray
    H, W = gray.shape
    m = cv2.getRotationMatrix2D((W / 2.0, H / 2.0), angle, 1.0)
    return cv2.warpAffine(gray, m, (W, H), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=255)


def _components(mask, horizontal: bool, min_len: int):
    """Long components of a line mask: their labels and (position across,
    start, end along, label) per component."""
    import cv2

    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    segs = []
    for i in range(1, n):
        x, y, w, h, _area = stats[i]
        if horizontal and w >= min_len:
            segs.append((y + h / 2.0, float(x), float(x + w), i))
        elif not horizontal and h >= min_len:
            segs.append((x + w / 2.0, float(y), float(y + h), i))
    return labels, segs


def _merge_collinear(segs, tol: float, gap: float):
    """Join pieces of one rule broken by noise: same position, small gap."""
    segs = sorted(segs, key=lambda s: (round(s[0] / tol), s[1]))
    out: list[list] = []
    for p, a, b, lab in sorted(segs, key=lambda s: s[1]):
        for m in out:
            if abs(m[0] - p) <= tol and a - m[2] <= gap and b >= m[1] - gap:
                m[1], m[2] = min(m[1], a), max(m[2], b)
                m[3].append(lab)
                break
        else:
            out.append([p, a, b, [lab]])
    return out


def _cluster(segs: list[tuple[float, float, float]], tol: float) -> list[tuple[float, list[tuple[float, float]]]]:
    """Group segments on one line (position within ``tol``): (position, spans)."""
    segs = sorted(segs)
    groups: list[list[tuple[float, float, float]]] = []
    for s in segs:
        if groups and s[0] - groups[-1][-1][0] <= tol:
            groups[-1].append(s)
        else:
            groups.append([s])
    out = []
    for g in groups:
        length = sum(b - a for _, a, b in g)
        pos = sum(p * (b - a) for p, a, b in g) / length
        out.append((pos, sorted((a, b) for _, a, b in g)))
    return out


def _covered(spans: list[tuple[float, float]], a: float, b: float) -> float:
    """Share of [a, b] covered by spans."""
    if b <= a:
        return 0.0
    total = 0.0
    for s0, s1 in spans:
        lo, hi = max(s0, a), min(s1, b)
        if hi > lo:
            total += hi - lo
    return total / (b - a)


def _missing_edges(hsegs, vsegs, tol: float) -> list:
    """Column rules at the table's left or right edge that the image lost.

    A row rule that meets at least two column rules (so it crosses a column,
    not just a letter) but has no column rule at one of its ends stops there
    because the table does. Where two or more such rules stop at the same x,
    that x is an edge: a column rule is put there (no pixels, no label), as
    tall as the column rules those row rules meet.
    """
    free: list[tuple[float, float, list]] = []  # (end x, row y, column rules met)
    for hy, x0, x1, _ in hsegs:
        met = [v for v in vsegs if x0 - tol <= v[0] <= x1 + tol and v[1] - tol <= hy <= v[2] + tol]
        if len(met) < 2:
            continue
        at0 = any(abs(v[0] - x0) <= tol for v in met)
        at1 = any(abs(v[0] - x1) <= tol for v in met)
        if at0 and not at1:
            free.append((x1, hy, met))
        elif at1 and not at0:
            free.append((x0, hy, met))
    out: list = []
    used: set[int] = set()
    for i, (x, _, _) in enumerate(free):
        if i in used:
            continue
        group = [k for k, (xk, _, _) in enumerate(free) if k not in used and abs(xk - x) <= tol]
        if len({round(free[k][1]) for k in group}) < 2:
            continue
        used.update(group)
        ex = median(free[k][0] for k in group)
        met = [v for k in group for v in free[k][2]]
        top = min(min(v[1] for v in met), min(free[k][1] for k in group))
        bottom = max(max(v[2] for v in met), max(free[k][1] for k in group))
        out.append([ex, top, bottom, []])
    return out


def find_grids(bw, xh: float = 28.0) -> tuple[list[PixelGrid], object]:
    """Ruled tables in a binary (ink = 255) image, top to bottom, and the mask of
    their rules (for erasing them before OCR).

    A vertical run of ink is a column rule only when it starts and ends on a
    row rule (or is long and reaches one at one end or is met by one on its
    way, the page edge having cut the table above or below): tall letters
    (ใ ไ ป ฟ) and brackets never do. A horizontal run is a row rule only when
    it ends on column rules at both ends. Runs broken by noise are joined
    first.
    """
    import cv2
    import numpy as np

    H, W = bw.shape
    h_len = max(30, W // 35)
    v_len = max(20, int(1.2 * xh))
    hmask, vmask = _line_masks(bw, h_len, v_len)
    hlab, hsegs = _components(hmask, True, h_len)
    vlab, vraw = _components(vmask, False, v_len)
    tol = max(6.0, 0.25 * xh)
    vsegs = _merge_collinear(vraw, tol=4.0, gap=0.6 * xh)
    hsegs = _merge_collinear(hsegs, tol=4.0, gap=2.0 * xh)

    def on_h(x: float, y: float, hs) -> bool:
        return any(abs(hy - y) <= tol and x0 - tol <= x <= x1 + tol for hy, x0, x1, _ in hs)

    def on_v(x: float, y: float, vs) -> bool:
        return any(abs(vx - x) <= tol and vy0 - tol <= y <= vy1 + tol for vx, vy0, vy1, _ in vs)

    def met(x: float, y0: float, y1: float, hs) -> bool:
        """Does a row rule end on or cross x somewhere between y0 and y1?"""
        return any(y0 + tol < hy < y1 - tol and x0 - tol <= x <= x1 + tol for hy, x0, x1, _ in hs)

    def columns(hs):
        out = []
        for v in vsegs:
            x, y0, y1, _ = v
            t0, t1 = on_h(x, y0, hs), on_h(x, y1, hs)
            if (t0 and t1) or ((t0 or t1 or met(x, y0, y1, hs)) and y1 - y0 >= 6 * xh):
                # a long rule may run off the page at both ends (a row broken
                # over three pages) as long as row rules meet it on the way
                out.append(v)
        return out

    # Start from every long horizontal run, then keep only the row rules that
    # end on column rules at both ends (the joined feet of a line of bold
    # letters do not) and the column rules that end on those, twice over: a
    # tall letter touching a rule above and a line of letters below falls out.
    vkeep = columns(hsegs)
    # An outer column rule can be too faint to see: a 0.75 pt border that the
    # PDF's clip cuts to a sliver rasterises as one pale pixel column, lost in
    # the scan's noise. Row rules that run from the column rules on to one
    # common end still show where it is: put the edge there.
    edge = _missing_edges(hsegs, vkeep, tol)
    if edge:
        vsegs = vsegs + edge
        vkeep = columns(hsegs)
    hkeep = hsegs
    for _ in range(2):
        hkeep = [h for h in hsegs if on_v(h[1], h[0], vkeep) and on_v(h[2], h[0], vkeep)]
        vkeep = columns(hkeep)
    hkeep = [h for h in hsegs if on_v(h[1], h[0], vkeep) and on_v(h[2], h[0], vkeep)]
    keep_h = np.zeros(hlab.max() + 1, np.uint8)
    keep_h[[lab for s in hkeep for lab in s[3]]] = 255
    keep_v = np.zeros(vlab.max() + 1, np.uint8)
    keep_v[[lab for s in vkeep for lab in s[3]]] = 255
    keep_h[0] = keep_v[0] = 0
    rules = cv2.bitwise_or(keep_h[hlab], keep_v[vlab])
    joined = cv2.dilate(rules, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9)))
    n, _labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    grids: list[PixelGrid] = []
    for i in range(1, n):
        x, y, w, h, _area = stats[i]
        if w < 0.2 * W or h < 0.04 * H:
            continue
        box = (x - 2, y - 2, x + w + 2, y + h + 2)
        hs = [s[:3] for s in hkeep if box[1] <= s[0] <= box[3] and s[1] >= box[0] and s[2] <= box[2]]
        vs = [s[:3] for s in vkeep if box[0] <= s[0] <= box[2] and s[1] >= box[1] and s[2] <= box[3]]
        rows = _cluster(hs, tol)
        cols = _cluster(vs, tol)
        if not rows or len(cols) < 3:
            continue
        xs = [p for p, _ in cols]
        ys = [p for p, _ in rows]
        row_spans = [s for _, s in rows]
        col_spans = [s for _, s in cols]
        # rows cut off by the page edge: the column rules run on past the last rule
        v_top = min(s[1] for s in vs)
        v_bottom = max(s[2] for s in vs)
        if v_bottom - ys[-1] > 1.5 * xh:
            ys.append(v_bottom)
            row_spans.append([(xs[0], xs[-1])])
        if ys[0] - v_top > 1.5 * xh:
            ys.insert(0, v_top)
            row_spans.insert(0, [(xs[0], xs[-1])])
        if len(ys) < 2:
            continue
        nr, nc = len(ys) - 1, len(xs) - 1
        owner: list[list[tuple[int, int]]] = []
        for r in range(nr):
            row: list[tuple[int, int]] = []
            for c in range(nc):
                o = (r, c)
                # no rule above this slot: it belongs to the cell above (merged
                # rows); no rule on its left: to the cell on the left
                if r > 0 and _covered(row_spans[r], xs[c] + 3, xs[c + 1] - 3) < 0.5:
                    o = owner[r - 1][c]
                elif c > 0 and _covered(col_spans[c], ys[r] + 3, ys[r + 1] - 3) < 0.5:
                    o = row[c - 1]
                row.append(o)
            owner.append(row)
        grids.append(PixelGrid(xs, ys, owner))
    grids.sort(key=lambda g: g.rows[0])
    return grids, rules


# --------------------------------------------------------------------------- text lines
def x_height(ink) -> float:
    """The x-height of the text in a binary ink image (pixels): the usual height
    of a glyph body, from the heights of its connected components."""
    import cv2
    import numpy as np

    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    hs = stats[1:, cv2.CC_STAT_HEIGHT]
    ws = stats[1:, cv2.CC_STAT_WIDTH]
    sel = hs[(hs >= 8) & (ws >= 6) & (hs <= 200) & (ws <= 4 * hs)]
    if len(sel) < 10:
        return 28.0
    # the most common height among the taller half: consonant bodies
    sel = np.sort(sel)[len(sel) // 3:]
    counts = np.bincount(sel)
    smooth = np.convolve(counts, np.ones(3), mode="same")
    return float(max(int(np.argmax(smooth)), 8))


def group_components(boxes: Sequence[tuple[int, int, int, int]], xh: float) -> list[list[int]]:
    """Sort the connected components of one text column into lines.

    ``boxes`` are (x, y, w, h) in pixels. A component about as tall as the
    x-height (a consonant, a digit, a Latin letter, a bracket) is a body and
    sets the line by its vertical centre; the others (tone marks and vowels
    above, vowels below, dots, dashes) join the line whose body zone is
    nearest, so a line keeps its marks even where they touch the line above.
    Returns lists of indexes into ``boxes``, top to bottom.
    """
    if not boxes:
        return []
    body = [i for i, (_, _, w, h) in enumerate(boxes) if 0.6 * xh <= h <= 2.4 * xh]
    if not body:
        body = list(range(len(boxes)))
    body.sort(key=lambda i: boxes[i][1] + boxes[i][3] / 2)
    lines: list[list[int]] = []
    centres: list[list[float]] = []
    for i in body:
        c = boxes[i][1] + boxes[i][3] / 2
        if lines and c - median(centres[-1]) <= 0.8 * xh:
            lines[-1].append(i)
            centres[-1].append(c)
        else:
            lines.append([i])
            centres.append([c])
    # a cluster close above or below a fuller one is its stacked marks ("ื้"
    # "ี่" touch and are as tall as a letter): lines are at least twice the
    # x-height apart
    merged = True
    while merged and len(lines) > 1:
        merged = False
        mids = [median(c) for c in centres]
        for k in range(len(lines) - 1):
            if mids[k + 1] - mids[k] < 1.5 * xh:
                small, big = (k, k + 1) if len(lines[k]) < len(lines[k + 1]) else (k + 1, k)
                # the fuller cluster keeps its body zone; the other's glyphs are marks
                lines[big].extend(lines[small])
                del lines[small], centres[small]
                merged = True
                break
    zones = []
    for ln, cs in zip(lines, centres):
        core = [i for i in ln if abs(boxes[i][1] + boxes[i][3] / 2 - median(cs)) <= 0.8 * xh] or ln
        zones.append((median(boxes[i][1] for i in core), median(boxes[i][1] + boxes[i][3] for i in core)))
    taken = {i for ln in lines for i in ln}
    for i, (_, y, _, h) in enumerate(boxes):
        if i in taken:
            continue
        best, dist = None, None
        for k, (top, bottom) in enumerate(zones):
            d = max(top - (y + h), y - bottom, 0.0)
            if dist is None or d < dist:
                best, dist = k, d
        if best is not None and dist <= 1.5 * xh:
            lines[best].append(i)
    return lines


def _tsv_words(tsv: str) -> dict[int, list[Word]]:
    """Words per page number (1-based) of Tesseract TSV output."""
    out: dict[int, list[Word]] = {}
    for row in tsv.splitlines()[1:]:
        parts = row.split("\t")
        if len(parts) < 12 or parts[0] != "5":
            continue
        text = parts[11].strip()
        try:
            conf = float(parts[10])
            left, top, width, height = (float(v) for v in parts[6:10])
        except ValueError:
            continue
        if not text or conf < 0:
            continue
        if conf < 40 and not any(ch.isalnum() for ch in text):
            continue  # a speck of noise read as punctuation
        out.setdefault(int(parts[1]), []).append(Word(text, left, top, left + width, top + height, conf))
    return out


def _run_tesseract(paths: list[str], workdir: str, tag: str, lang: str) -> dict[int, list[Word]]:
    import subprocess

    import pytesseract

    listfile = os.path.join(workdir, f"list{tag}.txt")
    with open(listfile, "w", encoding="utf-8") as fh:
        fh.write("\n".join(paths) + "\n")
    env = dict(os.environ)
    # Tesseract's OpenMP threads only spin against each other here
    env.setdefault("OMP_THREAD_LIMIT", "1")
    proc = subprocess.run(
        [pytesseract.pytesseract.tesseract_cmd, listfile, "stdout", "-l", lang, "--psm", "7", "tsv"],
        capture_output=True, env=env, check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError("tesseract failed: " + proc.stderr.decode("utf-8", "replace").strip()[-300:])
    return _tsv_words(proc.stdout.decode("utf-8", "replace"))


def _read(paths: list[str], workdir: str, lang: str) -> list[list[Word]]:
    """Words of each image, with one Tesseract run per worker."""
    if not paths:
        return []
    n = min(_workers(), max(1, len(paths) // 4))
    size = -(-len(paths) // n)
    chunks = [(k, paths[k * size:(k + 1) * size]) for k in range(n) if paths[k * size:(k + 1) * size]]
    with ThreadPoolExecutor(len(chunks)) as pool:
        results = list(pool.map(lambda kc: (kc[0], _run_tesseract(kc[1], workdir, f"{lang}{kc[0]}", lang)), chunks))
    out: list[list[Word]] = [[] for _ in paths]
    for k, words in results:
        for page, ws in words.items():
            i = k * size + page - 1
            if 0 <= i < len(out):
                out[i] = sorted(ws, key=lambda w: w.left)
    return out


_LATIN = re.compile("[A-Za-z]")


_ARABIC_DIGIT = re.compile("[0-9]")
_THAI_DIGIT = re.compile("[๐-๙]")


def _doubtful(words: Sequence[Word]) -> set[int]:
    """Indexes of words that Tesseract, with Thai and English loaded, may have
    read as Latin where the page has Thai: a Latin word read with little
    confidence, a number mixing Thai and Arabic digits ("๕8๐,๐๐๐"), or an
    unsure Arabic digit between Thai digits."""
    out: set[int] = set()
    for i, w in enumerate(words):
        arabic = bool(_ARABIC_DIGIT.search(w.text))
        if arabic and _THAI_DIGIT.search(w.text):
            out.add(i)
        elif _LATIN.search(w.text) and w.conf < LATIN_MIN_CONF:
            out.add(i)
        elif arabic and w.conf < LATIN_MIN_CONF:
            near = [words[j].text for j in (i - 1, i + 1) if 0 <= j < len(words)]
            if any(_THAI_DIGIT.search(t) for t in near):
                out.add(i)
    return out


def ocr_lines(images: Sequence) -> list[list[Word]]:
    """Read single-line images with Tesseract (page segmentation mode 7).

    All images go to one Tesseract run per worker (the model loads once), the
    workers splitting the list between them. With Thai and English loaded,
    Tesseract reads some Thai abbreviations as Latin ("ต.ค." as "A.A.", "อบต."
    as "QUA."), with low confidence, while real English words come back sure;
    so a line with a doubtful Latin word is read again with Thai alone and the
    Thai reading replaces the doubtful words when it is surer. A line that
    opens with an Arabic item number without its period is read again in
    English, which keeps the period that the Thai model drops. Last, Thai
    digits are read by the shape of their glyphs
    (:func:`extract.ocr_digits.read_thai_digits`). Returns the words of each
    image, left to right, in the image's pixels.
    """
    import tempfile

    import cv2

    if not images:
        return []
    with tempfile.TemporaryDirectory(prefix="thaitab-ocr-") as d:
        paths = []
        for i, im in enumerate(images):
            path = os.path.join(d, f"{i:05d}.png")
            cv2.imwrite(path, im)
            paths.append(path)
        out = _read(paths, d, LANG)
        doubts = {i: _doubtful(ws) for i, ws in enumerate(out)}
        again = [i for i, bad in doubts.items() if bad]
        if again and THAI_LANG != LANG:
            for i, thai in zip(again, _read([paths[i] for i in again], d, THAI_LANG)):
                words = []
                for k, w in enumerate(out[i]):
                    if k in doubts[i]:
                        inside = [t for t in thai if w.left - 2 <= (t.left + t.right) / 2 <= w.right + 2]
                        # the Thai reading wins when it is surer, or when the
                        # first one mixed Thai and Arabic digits
                        mixed = bool(_ARABIC_DIGIT.search(w.text)) and (
                            bool(_THAI_DIGIT.search(w.text))
                            or any(_THAI_DIGIT.search(t.text) for t in inside))
                        if inside and (mixed or sum(t.conf for t in inside) / len(inside) > w.conf):
                            words.extend(inside)
                            continue
                    words.append(w)
                out[i] = sorted(words, key=lambda w: w.left)
        # the Thai model drops the period of an item number ("2. เผยแพร่" read
        # as "2 เผยแพร่") where the English one keeps it: ask it about those
        bare = [i for i, ws in enumerate(out)
                if len(ws) > 1 and ws[0].text.isascii() and ws[0].text.isdigit() and len(ws[0].text) <= 2
                and _thai(ws[1].text[0])]
        if bare and ENGLISH_LANG != LANG:
            for i, eng in zip(bare, _read([paths[i] for i in bare], d, ENGLISH_LANG)):
                if eng and eng[0].text == out[i][0].text + "." and eng[0].conf >= 60:
                    w = out[i][0]
                    out[i][0] = Word(w.text + ".", w.left, w.top, max(w.right, eng[0].right), w.bottom, w.conf)
    # the Thai model misreads Thai digits (๖ as ๒): their glyphs' shapes decide
    from extract.ocr_digits import read_thai_digits

    return [read_thai_digits(im, ws) for im, ws in zip(images, out)]


def _share() -> int:
    """The cores a batch worker was given for OCR (THAITAB_OCR_THREADS); 0: none set."""
    share = os.environ.get("THAITAB_OCR_THREADS", "")
    return int(share) if share.isdigit() else 0


def _workers() -> int:
    """Tesseract processes for one page: the cores, or the share a batch worker
    was given (THAITAB_OCR_THREADS), so that workers do not oversubscribe."""
    if _share() > 0:
        return min(4, _share())
    return max(1, min(4, os.cpu_count() or 1))


def _share_cv_threads() -> None:
    """Keep OpenCV's thread pool to a batch worker's share of the cores too
    (THAITAB_OCR_THREADS): by default it takes every core, in each worker at once."""
    import cv2

    if _share() > 0 and cv2.getNumThreads() != _share():
        cv2.setNumThreads(_share())


PAD = 10  # white margin around a line image
# a line whose strokes are this much thicker than the page's regular text is bold
BOLD_RATIO = 1.22


def stroke_width(img) -> float:
    """Mean stroke thickness of the ink of a line image (pixels): twice its
    area over its outline."""
    import cv2
    import numpy as np

    ink = (img < 128).astype(np.uint8)
    area = int(ink.sum())
    edge = area - int(cv2.erode(ink, np.ones((3, 3), np.uint8)).sum())
    return 2.0 * area / edge if edge else 0.0


def bold_lines(images: Sequence, xh: float) -> list[bool]:
    """Which line images are set in bold: their strokes are clearly thicker
    than those of the page's regular text (its lower quartile)."""
    import numpy as np

    widths = [stroke_width(im) for im in images]
    areas = [int((im < 128).sum()) for im in images]
    body = [w for w, a in zip(widths, areas) if a >= 3 * xh * xh]
    if len(body) < 4:
        return [False] * len(images)
    regular = float(np.percentile(body, 25))
    return [w >= BOLD_RATIO * regular for w in widths]


def _line_images(gray, labels, stats, ids: Sequence[int], xh: float):
    """(line image, its box in page pixels) for the text lines made of the
    connected components ``ids``: each image holds only its own line's ink."""
    import cv2
    import numpy as np

    boxes = [tuple(int(v) for v in stats[i, :4]) for i in ids]
    out = []
    for line in group_components(boxes, xh):
        labs = np.array([ids[k] for k in line])
        x0 = min(boxes[k][0] for k in line)
        y0 = min(boxes[k][1] for k in line)
        x1 = max(boxes[k][0] + boxes[k][2] for k in line)
        y1 = max(boxes[k][1] + boxes[k][3] for k in line)
        if int(stats[labs, cv2.CC_STAT_AREA].sum()) < 12:
            continue
        x0, y0 = max(x0 - 1, 0), max(y0 - 1, 0)
        x1, y1 = min(x1 + 1, gray.shape[1]), min(y1 + 1, gray.shape[0])
        mask = np.isin(labels[y0:y1, x0:x1], labs).astype(np.uint8)
        mask = cv2.dilate(mask, np.ones((3, 3), np.uint8)) > 0
        img = np.full((y1 - y0, x1 - x0), 255, np.uint8)
        img[mask] = gray[y0:y1, x0:x1][mask]
        img = cv2.copyMakeBorder(img, PAD, PAD, PAD, PAD, cv2.BORDER_CONSTANT, value=255)
        out.append((img, (x0 - PAD, y0 - PAD, x1 + PAD, y1 + PAD)))
    return out


def ocr_page_tables(page, page_no: int, dpi: float | None = None,
                    col_hint: list[float] | None = None) -> list[PageTable]:
    """The tables of a scanned page, read with Tesseract.

    Ruled grids are cut into cells from the image. A page without one is read
    line by line into chars, and :func:`extract.cells.find_tables` finds a table
    with horizontal rules only (taken from the image) or none, as on a text
    page (``col_hint``: the columns of the page before). Text above the first
    table (the title block) comes back as that table's ``outside`` lines.
    """
    import cv2
    import numpy as np

    _share_cv_threads()
    gray, scale = render_page(page, dpi)
    gray = deskew(gray, estimate_skew(gray))
    bw = _binary(gray)
    grids, rules = find_grids(bw, xh=0.14 * scale * 72)  # a first guess: 10 pt text
    if not grids:
        return _unruled_tables(page, page_no, gray, bw, scale, col_hint)
    # erase the rules (a little wider than drawn) before reading the text
    clean, labels, stats, ok_ids, xh = _glyphs(gray, bw, rules)
    ws = stats[:, cv2.CC_STAT_WIDTH]
    hs = stats[:, cv2.CC_STAT_HEIGHT]
    cx = stats[:, 0] + ws / 2.0
    cy = stats[:, 1] + hs / 2.0

    regions: list[tuple[object, tuple[int, int, int, int]]] = []
    for gi, g in enumerate(grids):
        seen: set[tuple[int, int]] = set()
        for r, row in enumerate(g.owner):
            for c, o in enumerate(row):
                if o in seen:
                    continue
                seen.add(o)
                slots = [(rr, cc) for rr in range(len(g.owner)) for cc in range(len(row)) if g.owner[rr][cc] == o]
                r0 = min(s[0] for s in slots)
                r1 = max(s[0] for s in slots) + 1
                c0 = min(s[1] for s in slots)
                c1 = max(s[1] for s in slots) + 1
                regions.append(((gi, o), (g.cols[c0], g.rows[r0], g.cols[c1], g.rows[r1])))
    # the title block above the first table, and any text between two tables
    # (text below the last table, a signature or a page number, is not read)
    above = 0.0
    for g in grids:
        if g.rows[0] - above > xh:
            regions.append((("outside", 0), (0.0, above, float(gray.shape[1]), g.rows[0])))
        above = g.rows[-1]

    images, where = [], []
    for key, (x0, y0, x1, y1) in regions:
        inside = ok_ids[(cx[ok_ids] > x0) & (cx[ok_ids] < x1) & (cy[ok_ids] > y0) & (cy[ok_ids] < y1)]
        for img, lbox in _line_images(clean, labels, stats, [int(i) for i in inside], xh):
            images.append(img)
            where.append((key, lbox))

    per_grid: dict[int, list[Char]] = {}
    outside_chars: list[Char] = []
    for key, chars in zip((k for k, _ in where), _read_lines(images, [b for _, b in where], xh, scale)):
        if key[0] == "outside":
            outside_chars.extend(chars)
        else:
            per_grid.setdefault(key[0], []).extend(chars)
    tables: list[PageTable] = []
    for gi, g in enumerate(grids):
        grid = Grid([x / scale for x in g.cols], [y / scale for y in g.rows], [list(r) for r in g.owner])
        table, rest = fill_grid(grid, per_grid.get(gi, []), page_no, "grid")
        outside_chars.extend(rest)
        table.page_width, table.page_height = float(page.width), float(page.height)
        table.method = "ocr"
        tables.append(table)
    tables[0].outside = group_lines(outside_chars)
    return tables


def _glyphs(gray, bw, rules):
    """The page without its rules, and the connected components that can be
    text: (clean image, labels, stats, usable component ids, x-height)."""
    import cv2
    import numpy as np

    # erase the rules (a little wider than drawn) before reading the text
    gone = cv2.dilate(rules, np.ones((3, 3), np.uint8)) > 0
    clean = gray.copy()
    clean[gone] = 255
    ink = bw.copy()
    ink[gone] = 0
    _n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    xh = x_height(ink)
    # specks of scanner noise are no text; blobs far larger than a glyph
    # (a seal, a logo, a photo) are none either
    area = stats[:, cv2.CC_STAT_AREA]
    hs = stats[:, cv2.CC_STAT_HEIGHT]
    ws = stats[:, cv2.CC_STAT_WIDTH]
    usable = (area >= 4) & (hs <= 3 * xh) & (ws <= 12 * xh)
    usable[0] = False
    return clean, labels, stats, np.nonzero(usable)[0], xh


def _read_lines(images: Sequence, boxes: Sequence[tuple[int, int, int, int]], xh: float,
                scale: float) -> list[list[Char]]:
    """Read line images with Tesseract; per line, its chars in PDF points."""
    out: list[list[Char]] = []
    for img, (lx, ly, _lx1, ly1), words, heavy in zip(images, boxes, ocr_lines(images), bold_lines(images, xh)):
        if not words:
            out.append([])
            continue
        gaps, extent = ink_gaps((img < 128).any(axis=0), lx, xh)
        base = baseline(img)
        for w in words:
            w.left += lx
            w.right += lx
            w.top += ly
            w.bottom += ly
        out.append(line_chars(OcrLine(words, ly + PAD, ly1 - PAD, gaps, extent,
                                      None if base is None else ly + base), xh, scale, heavy))
    return out


def baseline(img) -> float | None:
    """The bottom row of a line image's letter bodies: the last row of the
    band where the ink is densest (at least :data:`BODY_DENSITY` of the
    densest row); marks above and tails below are thinner. None without ink."""
    import numpy as np

    rows = (img < 128).sum(axis=1)
    if not rows.any():
        return None
    body = np.nonzero(rows >= BODY_DENSITY * rows.max())[0]
    return float(body[-1]) + 1.0


def horizontal_rules(bw, min_share: float = 0.15) -> tuple[list[tuple[float, float, float]], object]:
    """Long horizontal rules of a binary image, (y, x0, x1) in pixels, at least
    ``min_share`` of the page wide, and their mask (for erasing)."""
    import numpy as np

    W = bw.shape[1]
    h_len = max(30, W // 35)
    hmask = _run_mask(bw, h_len, True)
    labels, segs = _components(hmask, True, h_len)
    segs = [m for m in _merge_collinear(segs, tol=4.0, gap=h_len / 3) if m[2] - m[1] >= min_share * W]
    keep = np.zeros(labels.max() + 1, np.uint8)
    keep[[lab for m in segs for lab in m[3]]] = 255
    keep[0] = 0
    return [(m[0], m[1], m[2]) for m in segs], keep[labels]


class _ScanPage:
    """What :func:`extract.cells.find_tables` asks of a page, for a scan: its
    size and the horizontal rules found in its image (PDF points)."""

    def __init__(self, page, rules: Sequence[tuple[float, float, float]]):
        self.width, self.height = float(page.width), float(page.height)
        self.horizontal_edges = [{"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0}
                                 for y, x0, x1 in rules]
        self.vertical_edges: list[dict] = []
        self.rects: list[dict] = []
        self.lines: list[dict] = []
        self.curves: list[dict] = []


def _short_margin_lines(stats, ids: Sequence[int], xh: float, shape: tuple[int, int]) -> set[int]:
    """The glyphs of short lines in the page's top or bottom margin band (the
    band :func:`extract.cells.split_page_numbers` looks in): a page number
    there must be read whole ("หน้า 2"), not in pieces cut at the columns. A
    table row that reaches into the band is wide and is left to its columns."""
    height, width = shape
    band = [i for i in ids if stats[i, 1] > 0.88 * height or stats[i, 1] + stats[i, 3] < 0.08 * height]
    boxes = [tuple(int(v) for v in stats[i, :4]) for i in band]
    out: set[int] = set()
    for line in group_components(boxes, xh):
        x0 = min(boxes[k][0] for k in line)
        x1 = max(boxes[k][0] + boxes[k][2] for k in line)
        if x1 - x0 < 0.2 * width:
            out.update(band[k] for k in line)
    return out


def _unruled_tables(page, page_no: int, gray, bw, scale: float, col_hint: list[float] | None) -> list[PageTable]:
    """A scanned table with horizontal rules only, or none, found from chars as
    on a text page (:func:`extract.cells.find_tables`).

    Two passes. The glyph boxes alone, as stand-in chars, show where the table
    and its columns are; each column is then cut into lines on its own (a line
    across the page would mix a header's one- and two-line cells into one
    wavy line that Tesseract misreads) and read, and the table is found again
    from the chars read, on the same columns."""
    from extract.cells import find_tables, split_listed_row

    rules, mask = horizontal_rules(bw)
    clean, labels, stats, ok_ids, xh = _glyphs(gray, bw, mask)
    if not len(ok_ids):
        return []
    shim = _ScanPage(page, [(y / scale, x0 / scale, x1 / scale) for y, x0, x1 in rules])
    size = 2.1 * xh / scale
    ids = [int(i) for i in ok_ids]
    stand_in = [Char("ก", stats[i, 0] / scale, (stats[i, 0] + stats[i, 2]) / scale,
                     (stats[i, 1] + stats[i, 3] / 2) / scale - size / 2,
                     (stats[i, 1] + stats[i, 3] / 2) / scale + size / 2, size)
                for i in ids if 0.6 * xh <= stats[i, 3] <= 2.4 * xh]
    layout = find_tables(shim, stand_in, page_no, col_hint) if stand_in else []
    if not layout:
        return []  # no table in the glyphs' layout: a page of text is not read at all
    groups: list[list[int]] = []
    rest = set(ids) - _short_margin_lines(stats, ids, xh, gray.shape)
    for t in layout:
        x_top, y_top, x_end, y_end = (v * scale for v in t.bbox)
        edges = [x * scale for x in t.col_edges]
        for a, b in zip(edges, edges[1:]):
            col = [i for i in rest if a <= stats[i, 0] + stats[i, 2] / 2 < b
                   and y_top - xh <= stats[i, 1] + stats[i, 3] / 2 <= y_end + xh]
            rest.difference_update(col)
            groups.append(col)
    groups.append(sorted(set(ids) - {i for g in groups for i in g}))
    images, boxes = [], []
    for group in groups:
        for img, box in _line_images(clean, labels, stats, sorted(group), xh):
            images.append(img)
            boxes.append(box)
    chars = [ch for line in _read_lines(images, boxes, xh, scale) for ch in line]
    if not chars:
        return []
    hint = layout[0].col_edges if layout and layout[0].borders != "grid" else col_hint
    tables = find_tables(shim, chars, page_no, hint)
    for t in tables:
        t.method = "ocr"
        # a roll-call or a list without rules, its lines evenly spaced: no gap
        # sets its records apart, but its column of figures (the numbers) starts
        # one record per line, as in a ruled row that holds a list
        t.rows = [sub for row in t.rows for sub in split_listed_row(row)]
    return tables
