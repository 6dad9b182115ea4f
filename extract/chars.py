"""Characters of a page, cleaned before any word or line exists.

pdfplumber gives one dict per drawn glyph, in drawing order. Thai text needs a
few repairs that can only be made here, while the glyph geometry is still known:

* fake bold: some producers draw bold text twice, a fraction of a point apart;
* rotated watermark glyphs are not part of the body text;
* zero-width characters glued to a glyph's text (mPDF writes "น\u200b");
* a NIKHAHIT mapped to a space (Word 2007-2013 exports): a space glyph with no
  advance width in front of SARA AA is never a real space.

Everything else (PUA code points, sara am composition) is text-level and lives in
``normalize.thai``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from extract.glyphs import PUA_MARKS, symbol_char

ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
SARA_AA = "\u0e32"
NIKHAHIT = "\u0e4d"
TONE_MARKS = frozenset("\u0e48\u0e49\u0e4a\u0e4b")

# Thai combining marks (above/below vowels, tone marks, thanthakhat, nikhahit,
# yamakkan) and their Private Use Area variants. A mark has no advance width of
# its own and belongs to the base glyph drawn before it.
_THAI_MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
MARKS = frozenset(_THAI_MARKS) | PUA_MARKS


@dataclass(slots=True)
class Char:
    """One glyph: its text, its box (PDF points, top-down) and font facts."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False

    @property
    def is_mark(self) -> bool:
        return self.text in MARKS


def _is_upright(c: Mapping) -> bool:
    """False for glyphs drawn rotated (diagonal watermarks, vertical labels)."""
    if not c.get("upright", True):
        return False
    m = c.get("matrix")
    if m is None:
        return True
    a, b, cc, d = m[0], m[1], m[2], m[3]
    # a rotated or skewed text matrix has off-diagonal terms
    return abs(b) <= 0.1 * abs(a) + 1e-9 and abs(cc) <= 0.1 * abs(d) + 1e-9


def _cid(text: str) -> int:
    try:
        return int(text[5:-1])
    except ValueError:
        return -1


def clean_chars(raw: Iterable[Mapping], cid_texts: Mapping[str, Mapping[int, str]] | None = None) -> list[Char]:
    """Turn pdfplumber char dicts into clean :class:`Char` objects.

    Keeps drawing order (which is logical order for Thai in almost every
    producer), drops rotated glyphs and fake-bold copies, strips zero-width
    characters and turns a zero-width space before SARA AA into a NIKHAHIT.
    ``cid_texts`` (font name → {CID: text}, see :mod:`extract.fonts`) gives the
    text of "(cid:N)" glyphs whose font program says what they are.
    """
    out: list[Char] = []
    # x positions already seen per (text, line): a fake-bold copy is the same
    # glyph drawn again a fraction of a point to the right, later in the stream
    seen: dict[tuple[str, int], list[float]] = {}
    bold_fonts: dict[str, bool] = {}
    pending_space: Char | None = None
    for c in raw:
        m = c.get("matrix")
        if (m is not None and (m[1] or m[2]) and not _is_upright(c)) or not c.get("upright", True):
            continue
        text = c["text"]
        if not text:
            continue
        if cid_texts and text.startswith("(cid:"):
            text = cid_texts.get(c.get("fontname", ""), {}).get(_cid(text), text)
        if "\uf000" <= text <= "\uf0ff":
            text = symbol_char(text, c.get("fontname", ""))
        if len(text) > 1 or ord(text) in ZERO_WIDTH:
            text = text.translate(ZERO_WIDTH)
            if not text:
                continue
        x0 = c["x0"]
        x1 = c["x1"]
        top = c["top"]
        size = c.get("size") or (c["bottom"] - top)
        key = (text, round(top * 2))
        xs = seen.get(key)
        if xs is None:
            seen[key] = [x0]
        else:
            if any(abs(x - x0) < 0.6 for x in xs):
                continue
            xs.append(x0)
        font = c.get("fontname", "")
        bold = bold_fonts.get(font)
        if bold is None:
            bold = bold_fonts[font] = "bold" in font.lower()
        ch = Char(text, x0, x1, top, c["bottom"], size, bold)
        if pending_space is not None:
            if text == SARA_AA or text in TONE_MARKS:
                pending_space.text = NIKHAHIT
            out.append(pending_space)
            pending_space = None
        if text == " " and (x1 - x0) < 0.05 * size:
            pending_space = ch
            continue
        out.append(ch)
    if pending_space is not None:
        out.append(pending_space)
    return out
