"""The page as an image: rendered at the scan's own resolution, binarised,
its long straight runs of ink found, and levelled by the angle of its rules."""
from __future__ import annotations

import os

from thaitab.extract.settings import current

# render resolution: the scan's own when it is known, within these bounds
MIN_DPI, MAX_DPI, DEFAULT_DPI = 200, 300, 250
MAX_PIXELS = 50_000_000  # about 50 MB of greyscale image for one page


def _source(pdf):
    """What pypdfium2 opens for a pdfplumber PDF: its path, or its bytes."""
    src = getattr(pdf, "path", None) or getattr(pdf.stream, "name", None)
    if src is None or not os.path.exists(os.fspath(src)):
        pdf.stream.seek(0)
        src = pdf.stream.read()
    return src


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
    doc = pdfium.PdfDocument(_source(pdf), password=getattr(pdf, "password", None) or None)
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
    share = current().ocr.dpi_image_page
    best = None
    for im in page.images:
        w_pt = float(im["x1"]) - float(im["x0"])
        size = im.get("srcsize")
        if w_pt > share * float(page.width) and size:
            dpi = size[0] / (w_pt / 72.0)
            best = max(best or 0.0, dpi)
    if best is None:
        return DEFAULT_DPI
    return float(min(max(best, MIN_DPI), MAX_DPI))


def binary(gray):
    """Ink as 255 on 0 (Otsu's threshold after a slight blur)."""
    import cv2

    blur = cv2.GaussianBlur(gray, (3, 3), 0)
    return cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]


def run_mask(bw, length: int, horizontal: bool):
    """The ink of a binary image that lies on straight runs at least ``length``
    pixels long, across (``horizontal``) or down."""
    import cv2

    def kernel(n: int):
        return cv2.getStructuringElement(cv2.MORPH_RECT, (n, 1) if horizontal else (1, n))

    # bridge one-pixel breaks (noise, JPEG) before looking for long runs
    bridged = cv2.morphologyEx(bw, cv2.MORPH_CLOSE, kernel(current().ocr.rule_bridge_px))
    return cv2.morphologyEx(bridged, cv2.MORPH_OPEN, kernel(length))


def line_masks(bw, h_len: int, v_len: int):
    """The horizontal and the vertical runs of ink (:func:`run_mask`)."""
    return run_mask(bw, h_len, True), run_mask(bw, v_len, False)


def _rule_angles(mask, horizontal: bool, shape: tuple[int, int]) -> list[tuple[float, float]]:
    """(angle in degrees, length) of every long rule of one mask: the slope of
    a line fitted through its pixels."""
    import cv2
    import numpy as np

    s = current().ocr
    H, W = shape
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    angles: list[tuple[float, float]] = []
    for i in range(1, n):
        x, y, w, hh, area = stats[i]
        length = w if horizontal else hh
        if length < (W if horizontal else H) * s.skew_rule_page:
            continue
        ys, xs = np.nonzero(labels[y:y + hh, x:x + w] == i)
        if len(xs) < s.skew_fit_min_px:
            continue
        if horizontal:
            slope = np.polyfit(xs.astype(float), ys.astype(float), 1)[0]
            angles.append((float(np.degrees(np.arctan(slope))), float(length)))
        else:
            slope = np.polyfit(ys.astype(float), xs.astype(float), 1)[0]
            angles.append((float(-np.degrees(np.arctan(slope))), float(length)))
    return angles


def estimate_skew(gray) -> float:
    """The page's rotation in degrees (positive: clockwise), from its long
    rules: their median angle, each weighted by its length."""
    s = current().ocr
    bw = binary(gray)
    H, W = bw.shape
    h, v = line_masks(bw, max(s.skew_rule_min_px, W // s.skew_rule_div),
                      max(s.skew_rule_min_px, H // s.skew_rule_div))
    angles = _rule_angles(h, True, (H, W)) + _rule_angles(v, False, (H, W))
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

    s = current().ocr
    if abs(angle) < s.min_skew_deg or abs(angle) > s.max_skew_deg:
        return gray
    H, W = gray.shape
    m = cv2.getRotationMatrix2D((W / 2.0, H / 2.0), angle, 1.0)
    return cv2.warpAffine(gray, m, (W, H), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=255)
