"""Text lines of a page image: the x-height of its text, its glyphs (connected
components) sorted into lines with their marks, one image per line for
Tesseract, and what a line image says itself (bold strokes, baseline)."""
from __future__ import annotations

from statistics import median
from typing import Sequence

from thaitab.extract.settings import current

Box = tuple[int, int, int, int]  # x, y, w, h in pixels

PAD = 10  # white margin around a line image (pixels: what Tesseract reads best at any size)


def x_height(ink) -> float:
    """The x-height of the text in a binary ink image (pixels): the usual height
    of a glyph body, from the heights of its connected components."""
    import cv2
    import numpy as np

    s = current().ocr
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    hs = stats[1:, cv2.CC_STAT_HEIGHT]
    ws = stats[1:, cv2.CC_STAT_WIDTH]
    sel = hs[(hs >= s.glyph_min_height_px) & (ws >= s.glyph_min_width_px) & (hs <= s.glyph_max_height_px)
             & (ws <= s.glyph_max_aspect * hs)]
    if len(sel) < s.xh_min_glyphs:
        return s.default_xh_px
    # the most common height among the taller half: consonant bodies
    sel = np.sort(sel)[len(sel) // 3:]
    counts = np.bincount(sel)
    smooth = np.convolve(counts, np.ones(3), mode="same")
    return float(max(int(np.argmax(smooth)), s.glyph_min_height_px))


def is_body(height: float, xh: float) -> bool:
    """Is a glyph this tall a letter body (a consonant, a digit, a Latin letter,
    a bracket), not a mark, a dot or a picture?"""
    s = current().ocr
    return s.body_min_xh * xh <= height <= s.body_max_xh * xh


def _body_lines(boxes: Sequence[Box], xh: float) -> tuple[list[list[int]], list[list[float]]]:
    """The letter bodies cut into lines by their vertical centres, top to
    bottom: (indexes of each line, their centres)."""
    body = [i for i, (_, _, w, h) in enumerate(boxes) if is_body(h, xh)]
    if not body:
        body = list(range(len(boxes)))
    body.sort(key=lambda i: boxes[i][1] + boxes[i][3] / 2)
    same = current().ocr.same_line_xh * xh
    lines: list[list[int]] = []
    centres: list[list[float]] = []
    for i in body:
        c = boxes[i][1] + boxes[i][3] / 2
        if lines and c - median(centres[-1]) <= same:
            lines[-1].append(i)
            centres[-1].append(c)
        else:
            lines.append([i])
            centres.append([c])
    return lines, centres


def _merge_stacked_marks(lines: list[list[int]], centres: list[list[float]], xh: float) -> None:
    """A cluster close above or below a fuller one is its stacked marks ("ื้"
    "ี่" touch and are as tall as a letter): lines are at least twice the
    x-height apart. The fuller cluster keeps its body zone; the other's glyphs
    are marks (in place)."""
    pitch = current().ocr.line_pitch_xh * xh
    merged = True
    while merged and len(lines) > 1:
        merged = False
        mids = [median(c) for c in centres]
        for k in range(len(lines) - 1):
            if mids[k + 1] - mids[k] < pitch:
                small, big = (k, k + 1) if len(lines[k]) < len(lines[k + 1]) else (k + 1, k)
                lines[big].extend(lines[small])
                del lines[small], centres[small]
                merged = True
                break


def _body_zones(boxes: Sequence[Box], lines: list[list[int]], centres: list[list[float]],
                xh: float) -> list[tuple[float, float]]:
    """(top, bottom) of each line's letter bodies: the median box of the glyphs
    near its centre."""
    same = current().ocr.same_line_xh * xh
    zones = []
    for ln, cs in zip(lines, centres):
        core = [i for i in ln if abs(boxes[i][1] + boxes[i][3] / 2 - median(cs)) <= same] or ln
        zones.append((median(boxes[i][1] for i in core), median(boxes[i][1] + boxes[i][3] for i in core)))
    return zones


def _attach_marks(boxes: Sequence[Box], lines: list[list[int]], zones: list[tuple[float, float]], xh: float) -> None:
    """Every glyph not yet on a line joins the line whose body zone is nearest,
    when it is near enough (in place)."""
    reach = current().ocr.mark_reach_xh * xh
    taken = {i for ln in lines for i in ln}
    for i, (_, y, _, h) in enumerate(boxes):
        if i in taken:
            continue
        best, dist = None, None
        for k, (top, bottom) in enumerate(zones):
            d = max(top - (y + h), y - bottom, 0.0)
            if dist is None or d < dist:
                best, dist = k, d
        if best is not None and dist <= reach:
            lines[best].append(i)


def group_components(boxes: Sequence[Box], xh: float) -> list[list[int]]:
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
    lines, centres = _body_lines(boxes, xh)
    _merge_stacked_marks(lines, centres, xh)
    _attach_marks(boxes, lines, _body_zones(boxes, lines, centres, xh), xh)
    return lines


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

    s = current().ocr
    widths = [stroke_width(im) for im in images]
    areas = [int((im < 128).sum()) for im in images]
    body = [w for w, a in zip(widths, areas) if a >= s.bold_min_area_xh * xh * xh]
    if len(body) < s.bold_min_lines:
        return [False] * len(images)
    regular = float(np.percentile(body, 25))
    return [w >= s.bold_ratio * regular for w in widths]


def baseline(img) -> float | None:
    """The bottom row of a line image's letter bodies: the last row of the
    band where the ink is densest (at least ``ocr.body_density_share`` of the
    densest row); marks above and tails below are thinner. None without ink."""
    import numpy as np

    rows = (img < 128).sum(axis=1)
    if not rows.any():
        return None
    body = np.nonzero(rows >= current().ocr.body_density_share * rows.max())[0]
    return float(body[-1]) + 1.0


def line_images(gray, labels, stats, ids: Sequence[int], xh: float):
    """(line image, its box in page pixels) for the text lines made of the
    connected components ``ids``: each image holds only its own line's ink."""
    import cv2
    import numpy as np

    min_area = current().ocr.min_line_area_px
    boxes = [tuple(int(v) for v in stats[i, :4]) for i in ids]
    out = []
    for line in group_components(boxes, xh):
        labs = np.array([ids[k] for k in line])
        x0 = min(boxes[k][0] for k in line)
        y0 = min(boxes[k][1] for k in line)
        x1 = max(boxes[k][0] + boxes[k][2] for k in line)
        y1 = max(boxes[k][1] + boxes[k][3] for k in line)
        if int(stats[labs, cv2.CC_STAT_AREA].sum()) < min_area:
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
