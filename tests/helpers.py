"""Small builders for char- and line-level fixtures (no PDF needed)."""
from __future__ import annotations

from thaitab.extract.chars import MARKS, Char
from thaitab.extract.lines import Line, make_line

W = 8.0  # advance of a base glyph in these fixtures


def chars_of(text: str, x: float = 10.0, top: float = 100.0, size: float = 14.0, bold: bool = False) -> list[Char]:
    """Chars laid out left to right; Thai marks get zero width at their base's end."""
    out = []
    for ch in text:
        if ch in MARKS:
            out.append(Char(ch, x, x, top, top + size, size, bold))
        else:
            out.append(Char(ch, x, x + W, top, top + size, size, bold))
            x += W
    return out


def line_of(text: str, x: float = 10.0, top: float = 100.0, size: float = 14.0) -> Line:
    return make_line(chars_of(text, x, top, size))


def raw(text: str, x: float, top: float = 100.0, width: float = W, size: float = 14.0, font: str = "Laksaman") -> dict:
    """A pdfplumber-style char dict."""
    return {"text": text, "x0": x, "x1": x + width, "top": top, "bottom": top + size, "size": size,
            "fontname": font, "upright": True, "matrix": (1, 0, 0, 1, x, top)}
