"""Drawing ``thaitab inspect``'s page pictures: the rendered page with the
marks of :func:`thaitab.inspect.seen.page_marks` colour-coded on it, the OCR
frame, each repaired cell's label, and a legend below the page (Pillow, through
pdfplumber's page image).
"""
from __future__ import annotations

import os

from thaitab.inspect.seen import Marks, Seen, page_marks

DEFAULT_RESOLUTION = 100

# -- colours (RGBA): one per kind of thing thaitab saw, shared by picture and legend
GRID = (30, 90, 230, 255)
HEADER = (0, 150, 60, 70)
HEADER_REPEAT = (0, 160, 170, 60)
CONT_MARK = (0, 110, 40, 255)
CONTINUED = (255, 140, 0, 80)
SPANNED = (200, 0, 200, 60)
OUTSIDE = (110, 110, 110, 60)
OCR = (230, 60, 0, 255)
REPAIR = (220, 0, 0, 255)

#: short labels for the repair notes of :func:`normalize.thai.repair_logged`
REPAIR_LABELS = {
    "zero-width characters removed": "zw",
    "PUA glyphs mapped": "PUA",
    "unknown private-use characters removed": "PUA?",
    "sara am restored from a replacement character": "am<FFFD",
    "sara am restored from a space": "am<sp",
    "sara am composed": "am",
    "double sara e written as sara ae": "ee",
    "mark order fixed": "marks",
    "space before a mark removed": "sp-mark",
    "doubled marks removed": "2marks",
    "space before sara am removed": "sp-am",
    "sara aa restored where sara am was drawn": "aa",
    "split number rejoined": "num",
}

LEGEND = (
    ("table cell (grid)", None, GRID),
    ("header row", HEADER, GRID),
    ("repeated header (dropped)", HEADER_REPEAT, GRID),
    ('"(ต่อ)" mark', None, CONT_MARK),
    ("row continued from the page before", CONTINUED, GRID),
    ("merged cell, filled down", SPANNED, GRID),
    ("text outside the table", OUTSIDE, (90, 90, 90, 255)),
    ("OCR page (frame)", None, OCR),
    ("repair in cell (marker + label)", REPAIR, REPAIR),
)
_LEGEND_ASCII = {'"(ต่อ)" mark': 'continued-column mark ("cont.")'}

# fonts for the labels: one with Thai and Latin first (the "(ต่อ)" label), then Latin only
_THAI_FONTS = ("/usr/share/fonts/truetype/tlwg/Loma.ttf", "/usr/share/fonts/truetype/tlwg/Garuda.ttf",
               "/usr/share/fonts/opentype/tlwg/Loma.otf", "/usr/share/fonts/opentype/tlwg/Garuda.otf")
_LATIN_FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")


def _font(size: int):
    """(font, whether it draws Thai) for labels of ``size`` pixels."""
    from PIL import ImageFont

    for paths, thai_ok in ((_THAI_FONTS, True), (_LATIN_FONTS, False)):
        for path in paths:
            if os.path.exists(path):
                try:
                    return ImageFont.truetype(path, size), thai_ok
                except OSError:
                    pass
    try:
        return ImageFont.load_default(size=size), False
    except TypeError:  # Pillow < 10.1
        return ImageFont.load_default(), False


def _label(draw, xy: tuple[float, float], text: str, colour, font) -> None:
    """A short label on a white patch, so it reads over any page content."""
    x, y = xy
    box = draw.textbbox((x, y), text, font=font)
    draw.rectangle((box[0] - 2, box[1] - 1, box[2] + 2, box[3] + 1), fill=(255, 255, 255, 230))
    draw.text((x, y), text, fill=colour[:3] + (255,), font=font)


def _legend_layout(width: int, font, line_h: int,
                   thai_ok: bool = True) -> tuple[list[tuple[int, int, str, object, object]], int]:
    from PIL import Image, ImageDraw

    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    items = []
    x, y = 10, 8
    for text, fill, stroke in LEGEND:
        text = text if thai_ok else _LEGEND_ASCII.get(text, text)
        w = 22 + int(probe.textlength(text, font=font)) + 18
        if x + w > width - 10 and x > 10:
            x, y = 10, y + line_h
        items.append((x, y, text, fill, stroke))
        x += w
    return items, y + line_h + 6


def render_page(page, seen: Seen, page_no: int, resolution: float = DEFAULT_RESOLUTION):
    """The annotated picture of one page (a PIL image) and its scale (px per pt)."""
    from PIL import ImageDraw

    im = page.to_image(resolution=resolution)
    scale = im.scale
    ox, oy = float(page.bbox[0]), float(page.bbox[1])

    def px(b):
        return ((b[0] - ox) * scale, (b[1] - oy) * scale, (b[2] - ox) * scale, (b[3] - oy) * scale)

    marks = page_marks(seen.trace, page_no)
    _draw_fills(im, marks)
    font, thai_ok = _font(max(11, int(round(10 * scale))))
    small, _ = _font(max(10, int(round(9 * scale))))
    base = im.annotated.convert("RGBA")
    draw = ImageDraw.Draw(base, "RGBA")
    _draw_labels(draw, marks, px, small, thai_ok)
    _draw_repairs(draw, marks, px, small)
    _draw_page_notes(draw, base.size, page_no, seen, font)
    return _with_legend(base, font, thai_ok), scale


def _draw_fills(im, m: Marks) -> None:
    """Translucent fills through pdfplumber's drawing API, outlines on top."""
    stroke0 = (0, 0, 0, 0)
    if m.outside:
        im.draw_rects(m.outside, fill=OUTSIDE, stroke=(90, 90, 90, 200), stroke_width=1)
    for boxes, fill in ((m.headers, HEADER), (m.repeats, HEADER_REPEAT), (m.continued, CONTINUED),
                        (m.spans + m.filled_issue, SPANNED)):
        if boxes:
            im.draw_rects(boxes, fill=fill, stroke=stroke0, stroke_width=0)
    if m.cells:
        im.draw_rects(m.cells, fill=(0, 0, 0, 0), stroke=GRID, stroke_width=1)
    if m.marks:
        im.draw_rects(m.marks, fill=(0, 0, 0, 0), stroke=CONT_MARK, stroke_width=2)


def _draw_labels(draw, m: Marks, px, small, thai_ok: bool) -> None:
    """The "(ต่อ)", "continued from", "filled down" and "outside" labels."""
    for bbox in m.marks:
        x0, y0, x1, y1 = px(bbox)
        text = "(ต่อ) cont." if thai_ok else "cont."
        _label(draw, (x1 - 6 - draw.textlength(text, font=small), y0 + 3), text, CONT_MARK, small)
    for bbox, since in m.carried:
        x0, y0, x1, y1 = px(bbox)
        draw.rectangle((x0, y0, x1, y1), outline=CONTINUED[:3] + (255,), width=3)
        _label(draw, (x0 + 3, y0 + 2), f"continued from p.{since}", CONTINUED[:3] + (255,), small)
    for bbox in m.spans + m.filled_issue:
        x0, y0, x1, y1 = px(bbox)
        _label(draw, (x0 + 3, y1 - 14), "filled down", SPANNED[:3] + (255,), small)
    for bbox in m.outside:
        x0, y0, x1, y1 = px(bbox)
        draw.text((x1 + 3, y0), "outside", fill=(90, 90, 90, 255), font=small)


def _draw_repairs(draw, m: Marks, px, small) -> None:
    """A red corner and a short label on each cell whose text was repaired."""
    for bbox, done in m.repairs:
        x0, y0, x1, y1 = px(bbox)
        label = ",".join(dict.fromkeys(REPAIR_LABELS.get(d, "fix") for d in done))
        # bottom right: cell text is set from the top, so the corner is usually free
        draw.polygon([(x1 - 1, y1 - 1), (x1 - 11, y1 - 1), (x1 - 1, y1 - 11)], fill=REPAIR)
        box = draw.textbbox((0, 0), label, font=small)
        _label(draw, (x1 - 14 - (box[2] - box[0]), y1 - 4 - box[3]), label, REPAIR, small)


def _draw_page_notes(draw, size: tuple[int, int], page_no: int, seen: Seen, font) -> None:
    """The OCR frame and the "no table" line."""
    if page_no in seen.ocr_pages:
        w, h = size
        draw.rectangle((1, 1, w - 2, h - 2), outline=OCR, width=6)
        _label(draw, (12, 10), f"OCR (page {page_no} read from the image)", OCR, font)
    if page_no not in seen.page_tables:
        _label(draw, (12, 30), "no table found on this page", (0, 0, 0, 255), font)


def _with_legend(base, font, thai_ok: bool):
    """The picture with the legend drawn below it, as RGB."""
    from PIL import Image, ImageDraw

    line_h = int(font.size * 1.6) if hasattr(font, "size") else 18
    items, lh = _legend_layout(base.size[0], font, line_h, thai_ok)
    out = Image.new("RGBA", (base.size[0], base.size[1] + lh), (255, 255, 255, 255))
    out.paste(base, (0, 0))
    d = ImageDraw.Draw(out, "RGBA")
    d.line((0, base.size[1], base.size[0], base.size[1]), fill=(0, 0, 0, 255), width=1)
    for x, y, text, fill, stroke in items:
        y0 = base.size[1] + y
        sw = (x, y0 + 2, x + 16, y0 + line_h - 8)
        if fill is not None:
            d.rectangle(sw, fill=fill, outline=stroke, width=1)
        else:
            d.rectangle(sw, outline=stroke, width=2)
        d.text((x + 22, y0), text, fill=(0, 0, 0, 255), font=font)
    return out.convert("RGB")

