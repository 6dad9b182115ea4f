"""Characters of a page, cleaned before any word or line exists.

pdfplumber gives one dict per drawn glyph, in drawing order. Thai text needs a
few repairs that can only be made here, while the glyph geometry is still known:

* fake bold: some producers draw bold text twice, a fraction of a point apart;
* rotated watermark glyphs are not part of the body text; text set a quarter
  turn (a narrow header's vertical label) is laid back on a line
  (:mod:`extract.turned`);
* zero-width characters glued to a glyph's text (mPDF writes "น\u200b");
* a NIKHAHIT mapped to a space (Word 2007-2013 exports): a space glyph with no
  advance width in front of SARA AA is never a real space; one mapped to SARA
  AM (a spacing vowel) with no advance is the NIKHAHIT too.

Everything else (PUA code points, sara am composition) is text-level and lives in
``normalize.thai``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from thaitab.extract.glyphs import symbol_char
from thaitab.extract.settings import current
from thaitab.extract.thai import charset
from thaitab.extract.thai.charset import NIKHAHIT, SARA_AA, SARA_AM
from thaitab.extract.thai.pua import PUA_MARKS
from thaitab.extract.turned import lay_flat, quarter_turn

ZERO_WIDTH = dict.fromkeys(map(ord, charset.ZERO_WIDTH), None)
TONE_MARKS = frozenset(charset.TONE_MARKS)

# Thai combining marks and their Private Use Area variants. A mark has no advance
# width of its own and belongs to the base glyph drawn before it.
MARKS = frozenset(charset.MARKS) | PUA_MARKS


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


def _is_upright(c: Mapping, skew_share: float) -> bool:
    """False for glyphs drawn rotated (diagonal watermarks, vertical labels)."""
    if not c.get("upright", True):
        return False
    m = c.get("matrix")
    if m is None:
        return True
    a, b, cc, d = m[0], m[1], m[2], m[3]
    # a rotated or skewed text matrix has off-diagonal terms
    return abs(b) <= skew_share * abs(a) + 1e-9 and abs(cc) <= skew_share * abs(d) + 1e-9


def _cid(text: str) -> int:
    try:
        return int(text[5:-1])
    except ValueError:
        return -1


def _rotated(c: Mapping, skew_share: float) -> bool:
    """A glyph drawn rotated or skewed: not part of the body text."""
    m = c.get("matrix")
    return (m is not None and (m[1] or m[2]) and not _is_upright(c, skew_share)) or not c.get("upright", True)


def _glyph_text(c: Mapping, cid_texts: Mapping[str, Mapping[int, str]] | None) -> str:
    """The text of one glyph: "(cid:N)" read from its font, symbol-font bullets
    mapped, zero-width characters dropped ("" when nothing is left)."""
    text = c["text"]
    if not text:
        return ""
    if cid_texts and text.startswith("(cid:"):
        text = cid_texts.get(c.get("fontname", ""), {}).get(_cid(text), text)
    if "\uf000" <= text <= "\uf0ff":
        text = symbol_char(text, c.get("fontname", ""))
    if len(text) > 1 or ord(text) in ZERO_WIDTH:
        text = text.translate(ZERO_WIDTH)
    return text


class _FakeBold:
    """Remembers where each glyph was drawn on its line: a fake-bold copy is the
    same glyph drawn again a fraction of a point to the right, later in the stream."""

    def __init__(self) -> None:
        s = current().text
        self.offset = s.fake_bold_offset_pt
        self.bin = s.fake_bold_line_pt
        self.seen: dict[tuple[str, int], list[float]] = {}

    def is_copy(self, text: str, x0: float, top: float) -> bool:
        key = (text, round(top / self.bin))
        xs = self.seen.get(key)
        if xs is None:
            self.seen[key] = [x0]
            return False
        if any(abs(x - x0) < self.offset for x in xs):
            return True
        xs.append(x0)
        return False


def clean_chars(raw: Iterable[Mapping], cid_texts: Mapping[str, Mapping[int, str]] | None = None) -> list[Char]:
    """Turn pdfplumber char dicts into clean :class:`Char` objects.

    Keeps drawing order (which is logical order for Thai in almost every
    producer), drops rotated glyphs and fake-bold copies, strips zero-width
    characters and turns a zero-width space before SARA AA into a NIKHAHIT.
    ``cid_texts`` (font name → {CID: text}, see :mod:`extract.fonts`) gives the
    text of "(cid:N)" glyphs whose font program says what they are.
    """
    s = current().text
    out: list[Char] = []
    fake_bold = _FakeBold()
    bold_fonts: dict[str, bool] = {}
    pending_space: Char | None = None
    turned: list[tuple[Mapping, int]] = []
    for c in raw:
        if _rotated(c, s.upright_skew_share):
            turn = quarter_turn(c)
            if turn:
                turned.append((c, turn))
            continue
        text = _glyph_text(c, cid_texts)
        if not text or fake_bold.is_copy(text, c["x0"], c["top"]):
            continue
        font = c.get("fontname", "")
        bold = bold_fonts.get(font)
        if bold is None:
            bold = bold_fonts[font] = "bold" in font.lower()
        size = c.get("size") or (c["bottom"] - c["top"])
        ch = Char(text, c["x0"], c["x1"], c["top"], c["bottom"], size, bold)
        if pending_space is not None:
            if text == SARA_AA or text in TONE_MARKS:
                pending_space.text = NIKHAHIT
            out.append(pending_space)
            pending_space = None
        if text == " " and (ch.x1 - ch.x0) < s.zero_width_space_em * size:
            pending_space = ch
            continue
        if text == SARA_AM and (ch.x1 - ch.x0) < s.zero_width_space_em * size:
            # SARA AM is a spacing vowel: one with no advance is the NIKHAHIT of
            # a sara am drawn in two glyphs (ํ + า), named after the whole
            ch.text = NIKHAHIT
        out.append(ch)
    if pending_space is not None:
        out.append(pending_space)
    if turned:
        named = [({**c, "text": text}, t) for c, t in turned if (text := _glyph_text(c, cid_texts))]
        out.extend(lay_flat(named, lambda c, x0, x1, top, bottom, size: Char(
            c["text"], x0, x1, top, bottom, size, "bold" in c.get("fontname", "").lower())))
    return out
