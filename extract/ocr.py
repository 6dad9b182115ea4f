"""Scanned pages: decide when the text layer cannot be trusted, and read the
ruled table of such a page with OpenCV and Tesseract.

Two entry points:

* :func:`page_needs_ocr` runs on every page and must stay cheap: it looks only
  at the clean chars and at the page's image boxes. It says why a page needs
  OCR ("no text layer", "text layer is not Thai", "(cid:N) glyphs") or None.
* :func:`ocr_page_tables` renders the page, straightens it, finds the ruled grid
  (rules, merged cells), reads every cell with Tesseract and returns the same
  :class:`~extract.cells.PageTable` objects as the text-layer path: the words
  become synthetic :class:`~extract.chars.Char` objects in PDF points, and
  :func:`extract.cells.fill_grid` builds the cells and lines from them. Stitching,
  line joining and text repair then run exactly as for a text PDF.

OpenCV, NumPy and pytesseract are imported only when a page is OCR'd, so the
text-layer path does not need them.

Tesseract writes Thai as one "word" per character cluster (tesseract #2702), so
the line text is rebuilt from the word boxes: a space only where the white gap
between two boxes is wide for the writing (see :data:`THAI_SPACE_GAP`).

OCR corrections are deliberately few and never invent text (:func:`fix_ocr_text`):
a decomposed or spaced-out month abbreviation ("ต. ค." → "ต.ค."), an item number
read with a comma ("3, เผยแพร่" → "3. เผยแพร่"). Thai and Arabic digits are
never swapped.
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
from extract.cells import Grid, PageTable, fill_grid
from extract.lines import group_lines

LANG = os.environ.get("THAITAB_OCR_LANG", "tha+eng")
PSM = int(os.environ.get("THAITAB_PSM", "6"))
# an image covering this share of the page makes it a scan (or a photo of one)
IMAGE_COVER = 0.6
# below this share of Thai letters among the letters, a scan's text layer is junk
MIN_THAI_SHARE = 0.15
MIN_LETTERS = 20
# a share of "(cid:N)" glyphs above this means the text layer has no usable Unicode
MAX_CID_SHARE = 0.2
# render resolution: the scan's own when it is known, within these bounds
MIN_DPI, MAX_DPI, DEFAULT_DPI = 200, 300, 250
# between two Thai word boxes, a gap wider than this share of the x-height is a space
THAI_SPACE_GAP = 0.62
# between boxes where either side is not Thai (digits, Latin, punctuation)
OTHER_SPACE_GAP = 0.30
# rotations smaller than this (degrees) are left alone
MIN_SKEW = 0.05
MAX_SKEW = 5.0


class OcrWarning(UserWarning):
    """A page was read with OCR ("page 3: OCR (no text layer)")."""


# --------------------------------------------------------------------------- the decision
def _is_thai_letter(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e2e" or "\u0e30" <= ch <= "\u0e33" or "\u0e40" <= ch <= "\u0e45"


def image_cover(page) -> float:
    """Share of the page covered by its largest image (0 when it has none)."""
    area = float(page.width) * float(page.height)
    if area <= 0:
        return 0.0
    best = 0.0
    for im in page.images:
        x0 = max(float(im["x0"]), 0.0)
        x1 = min(float(im["x1"]), float(page.width))
        top = max(float(im["top"]), 0.0)
        bottom = min(float(im["bottom"]), float(page.height))
        if x1 > x0 and bottom > top:
            best = max(best, (x1 - x0) * (bottom - top) / area)
    return best


def page_needs_ocr(chars: Sequence[Char], page) -> str | None:
    """Why this page's text layer cannot be trusted, or None when it can.

    * no chars at all, but an image covers most of the page: "no text layer";
    * many "(cid:N)" glyphs (fonts without a Unicode map): "(cid:N) glyphs";
    * an image covers most of the page and hardly any letter of its text layer
      is Thai (an invisible OCR layer that read Thai as Latin): "text layer is
      not Thai".

    Cheap: one pass over the chars, and the image boxes only when needed.
    """
    ink = [c for c in chars if c.text.strip()]
    if not ink:
        return "no text layer" if image_cover(page) >= IMAGE_COVER else None
    cid = sum(1 for c in ink if c.text.startswith("(cid:"))
    if cid >= 10 and cid > MAX_CID_SHARE * len(ink):
        return "(cid:N) glyphs"
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
        return f"Python package missing ({exc.name}): pip install 'thaitab[ocr]'"
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


_MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
# "ต. ค." "ต.ค" (before a space or digit) "ต,ค." : the month, when the letters are exactly a month's
_MONTH_RE = re.compile(
    r"(?<![\u0e01-\u0e4f.])(" + "|".join(
        re.escape(m[:-1]).replace(r"\.", r"\s?[.,]\s?") for m in _MONTHS
    ) + r")(?:\s?[.,])?(?=\s|[0-9๐-๙]|$|\s?-)"
)
_MONTH_KEY = {re.sub(r"\W", "", m): m for m in _MONTHS}
# an item number read with a comma: "3, เผยแพร่" at the start of a line
_ITEM_COMMA = re.compile(r"^([0-9๐-๙]{1,2}),(\s+[\u0e01-\u0e4f])")


def fix_ocr_text(text: str) -> str:
    """The few OCR corrections that are safe: they only restore a fixed spelling.

    * a month abbreviation with its dots spaced out, turned into commas or the
      last one lost ("ต. ค." "ต,ค." "ต.ค 66") becomes "ต.ค."; only when its letters
      are exactly those of a month, so no letter is ever changed;
    * a line that starts with an item number followed by a comma and Thai text
      ("3, เผยแพร่") gets its period back ("3. เผยแพร่").
    """
    text = _ITEM_COMMA.sub(r"\1.\2", text)

    def month(m: re.Match[str]) -> str:
        key = re.sub(r"[\s.,]", "", m.group(0))
        return _MONTH_KEY.get(key, m.group(0))

    return _MONTH_RE.sub(month, text)


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
    words: list[Word]
    top: float
    bottom: float


def _weight(ch: str) -> float:
    """Rough advance of a glyph, for spreading a word's box over its characters."""
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


def space_between(a: Word, b: Word, xh: float) -> bool:
    """Does a space separate two neighbouring words of one line?

    Tesseract splits Thai into one "word" per character cluster, so between two
    Thai boxes only a wide white gap is a space; next to Latin, digits or
    punctuation a smaller gap is.
    """
    gap = b.left - a.right
    last = a.text[-1]
    first = b.text[0]
    if _thai(last) and _thai(first):
        return gap > THAI_SPACE_GAP * xh
    if first in ")]}.,:;%" or last in "([{":
        return gap > THAI_SPACE_GAP * xh
    return gap > OTHER_SPACE_GAP * xh


def line_text(words: Sequence[Word], xh: float) -> str:
    """The text of one OCR line, rebuilt from its word boxes (left to right)."""
    parts: list[str] = []
    for i, w in enumerate(words):
        if i and space_between(words[i - 1], w, xh):
            parts.append(" ")
        parts.append(w.text)
    return "".join(parts)


def line_chars(line: OcrLine, xh: float, scale: float, dx: float, dy: float) -> list[Char]:
    """Synthetic chars for one OCR line, in PDF points.

    Each word's box is spread over its base characters by a rough glyph width;
    a Thai mark takes the box of the base it sits on. Words that join without a
    space are made to touch, and a space is an explicit space char, so that
    :func:`extract.lines.make_line` reads back exactly the text of
    :func:`line_text`.
    """
    words = line.words
    text = fix_ocr_text(line_text(words, xh))
    # character boxes in pixels, in the order of the line text
    boxes: list[tuple[float, float]] = []
    for i, w in enumerate(words):
        if i:
            prev = words[i - 1]
            if space_between(prev, w, xh):
                boxes.append((prev.right, max(w.left, prev.right)))  # the space
        weights = [_weight(ch) for ch in w.text]
        total = sum(weights)
        x = w.left
        width = max(w.right - w.left, 1.0)
        for ch, wt in zip(w.text, weights):
            if total == 0:
                boxes.append((w.left, w.right))
                continue
            nx = x + width * wt / total
            boxes.append((x, nx))
            x = nx
    raw = line_text(words, xh)
    if len(raw) != len(text):
        # a correction changed the length ("ต. ค." → "ต.ค."): spread evenly again
        x0 = words[0].left
        x1 = words[-1].right
        weights = [_weight(ch) for ch in text]
        total = sum(weights) or 1.0
        boxes = []
        x = x0
        for wt in weights:
            nx = x + (x1 - x0) * wt / total
            boxes.append((x, nx))
            x = nx
    # make the boxes monotonic, so that x order is reading order, and close the
    # gaps that are not spaces
    fixed: list[tuple[float, float]] = []
    last_base: tuple[float, float] | None = None
    prev_x1 = None
    for ch, (a, b) in zip(text, boxes):
        if ch in MARKS and last_base is not None:
            fixed.append(last_base)
            continue
        if prev_x1 is not None:
            a = prev_x1 if ch != " " else prev_x1
            b = max(b, a + 0.01)
        fixed.append((a, b))
        last_base = (a, b)
        prev_x1 = b
    size = 2.1 * xh / scale
    top = line.top / scale + dy
    bottom = line.bottom / scale + dy
    out = []
    for ch, (a, b) in zip(text, fixed):
        out.append(Char(ch, a / scale + dx, b / scale + dx, top, bottom, size))
    # trailing/leading spaces carry nothing
    while out and out[-1].text == " ":
        out.pop()
    return out


# --------------------------------------------------------------------------- image work
@dataclass(slots=True)
class PixelGrid:
    """A ruled table found in the page image (pixels)."""

    cols: list[float]
    rows: list[float]
    owner: list[list[tuple[int, int]]]


def render_page(page, dpi: float | None = None):
    """The page as a greyscale NumPy array and its scale (pixels per point)."""
    import numpy as np
    import pypdfium2 as pdfium

    if dpi is None:
        dpi = native_dpi(page)
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


def _line_masks(bw, h_len: int, v_len: int):
    import cv2

    # bridge one-pixel breaks (noise, JPEG) before looking for long runs
    hb = cv2.morphologyEx(bw, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 1)))
    vb = cv2.morphologyEx(bw, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 5)))
    h = cv2.morphologyEx(hb, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (h_len, 1)))
    v = cv2.morphologyEx(vb, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, v_len)))
    return h, v


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


def find_grids(bw, xh: float = 28.0) -> tuple[list[PixelGrid], object]:
    """Ruled tables in a binary (ink = 255) image, top to bottom, and the mask of
    their rules (for erasing them before OCR).

    A vertical run of ink is a column rule only when it starts and ends on a
    horizontal rule (or is long and reaches a rule at one end, the page edge
    having cut the table): tall letters (ใ ไ ป ฟ) and brackets never do. A
    horizontal run is a row rule when a column rule meets it.
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

    def touches_h(x: float, y: float) -> bool:
        return any(abs(hy - y) <= tol and x0 - tol <= x <= x1 + tol for hy, x0, x1, _ in hsegs)

    vkeep = []
    for x, y0, y1, labs in vsegs:
        t0, t1 = touches_h(x, y0), touches_h(x, y1)
        if (t0 and t1) or ((t0 or t1) and y1 - y0 >= 6 * xh):
            vkeep.append((x, y0, y1, labs))
    hkeep = [s for s in hsegs
             if any(s[1] - tol <= vx <= s[2] + tol and vy0 - tol <= s[0] <= vy1 + tol for vx, vy0, vy1, _ in vkeep)]
    keep_h = np.zeros(hlab.max() + 1, np.uint8)
    keep_h[[s[3] for s in hkeep]] = 255
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
        if len(rows) < 2 or len(cols) < 3:
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


# --------------------------------------------------------------------------- OCR
def _tesseract_lines(img, psm: int = PSM) -> list[OcrLine]:
    """Lines of words of one image crop (pixels of the crop)."""
    import pytesseract

    data = pytesseract.image_to_data(img, lang=LANG, config=f"--psm {psm}",
                                     output_type=pytesseract.Output.DICT)
    lines: dict[tuple[int, int, int], list[Word]] = {}
    boxes: dict[tuple[int, int, int], tuple[float, float]] = {}
    for i, level in enumerate(data["level"]):
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        left, top = data["left"][i], data["top"][i]
        width, height = data["width"][i], data["height"][i]
        if level == 4:
            boxes[key] = (float(top), float(top + height))
            continue
        if level != 5:
            continue
        text = (data["text"][i] or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        if conf < 40 and not any(ch.isalnum() for ch in text):
            continue  # specks of noise read as punctuation
        lines.setdefault(key, []).append(Word(text, float(left), float(top), float(left + width),
                                              float(top + height), conf))
    out = []
    for key, words in lines.items():
        words.sort(key=lambda w: w.left)
        top, bottom = boxes.get(key, (min(w.top for w in words), max(w.bottom for w in words)))
        out.append(OcrLine(words, top, bottom))
    out.sort(key=lambda ln: ln.top)
    return out


def _x_height(lines: Sequence[OcrLine]) -> float | None:
    """Median height of lone Thai consonant boxes (no marks): the x-height."""
    hs = [w.bottom - w.top for ln in lines for w in ln.words
          if len(w.text) == 1 and "\u0e01" <= w.text <= "\u0e2e" and w.text not in "ปฝฟฎฏฐญฤฦ"]
    if len(hs) < 3:
        return None
    return float(median(hs))


def _has_ink(crop) -> bool:
    import cv2
    import numpy as np

    ink = (crop < 140).astype(np.uint8)
    ink = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    return int(ink.sum()) >= 25


def _pad(crop, m: int = 12):
    import cv2

    return cv2.copyMakeBorder(crop, m, m, m, m, cv2.BORDER_CONSTANT, value=255)


def _workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def ocr_page_tables(page, page_no: int, dpi: float | None = None) -> list[PageTable]:
    """The ruled tables of a scanned page, read with Tesseract.

    Text above the first table (the title block) comes back as that table's
    ``outside`` lines. A page with no ruled grid gives no table.
    """
    import cv2
    import numpy as np

    gray, scale = render_page(page, dpi)
    gray = deskew(gray, estimate_skew(gray))
    bw = _binary(gray)
    grids, rules = find_grids(bw, xh=28.0 * scale / (200 / 72))
    if not grids:
        return []
    # erase the rules (a little wider than drawn) before reading the text
    clean = gray.copy()
    clean[cv2.dilate(rules, np.ones((3, 3), np.uint8)) > 0] = 255

    jobs: list[tuple[object, tuple[int, int, int, int]]] = []  # (key, crop box)
    H, W = gray.shape
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
                box = (int(g.cols[c0]) + 3, int(g.rows[r0]) + 3, int(g.cols[c1]) - 2, int(g.rows[r1]) - 2)
                if box[2] - box[0] < 8 or box[3] - box[1] < 8:
                    continue
                if _has_ink(clean[box[1]:box[3], box[0]:box[2]]):
                    jobs.append(((gi, o), box))
        # the title block: everything above the first table
        if gi == 0:
            top = int(g.rows[0]) - 4
            if top > 20:
                box = (0, 0, W, top)
                if _has_ink(clean[0:top, :]):
                    jobs.append((("above", gi), box))

    def run(job):
        key, (x0, y0, x1, y1) = job
        m = 12
        crop = _pad(clean[y0:y1, x0:x1], m)
        lines = _tesseract_lines(crop)
        for ln in lines:
            for w in ln.words:
                w.left += x0 - m
                w.right += x0 - m
                w.top += y0 - m
                w.bottom += y0 - m
            ln.top += y0 - m
            ln.bottom += y0 - m
        return key, lines

    # Tesseract's OpenMP threads only spin against each other when several run
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    with ThreadPoolExecutor(_workers()) as pool:
        results = list(pool.map(run, jobs))
    all_lines = [ln for _, lines in results for ln in lines]
    xh = _x_height(all_lines) or 0.33 * (72 / 72) * 28.0 * scale / (200 / 72)

    tables: list[PageTable] = []
    outside_chars: list[Char] = []
    per_grid: dict[int, list[Char]] = {}
    for key, lines in results:
        chars = [ch for ln in lines for ch in line_chars(ln, xh, scale, 0.0, 0.0)]
        if key[0] == "above":
            outside_chars.extend(chars)
        else:
            per_grid.setdefault(key[0], []).extend(chars)
    for gi, g in enumerate(grids):
        grid = Grid([x / scale for x in g.cols], [y / scale for y in g.rows], [list(r) for r in g.owner])
        table, rest = fill_grid(grid, per_grid.get(gi, []), page_no, "grid")
        outside_chars.extend(rest)
        table.page_width, table.page_height = float(page.width), float(page.height)
        tables.append(table)
    if tables:
        tables[0].outside = group_lines(outside_chars)
    return tables
