"""Glyphs whose text layer code is not the character they show.

Thai glyph variants in the Private Use Area are Thai knowledge
(:mod:`extract.thai.pua`, re-exported here for the old name). This module keeps
the symbol fonts: Symbol and Wingdings text layers often carry the glyph's byte
moved into the Private Use Area (U+F000 + code).
"""
from __future__ import annotations

from thaitab.extract.thai.pua import PUA_MARKS, PUA_SHAPES, PUA_TO_THAI

__all__ = ["PUA_MARKS", "PUA_SHAPES", "PUA_TO_THAI", "SYMBOL_FONT_PUA", "TEXT_SYMBOL_PUA", "symbol_char"]

# The bullets and ticks that Word draws with the symbol fonts, by font, as the
# characters they show.
SYMBOL_FONT_PUA: dict[str, dict[int, str]] = {
    "symbol": {0xF0B7: "•"},
    "wingdings": {0xF06E: "■", 0xF071: "❑", 0xF076: "❖", 0xF09F: "•", 0xF0A7: "▪",
                  0xF0D8: "➢", 0xF0FC: "✓", 0xF0FB: "✗"},
}

# codes that mean one thing whatever symbol font drew them (and that no other font
# uses for something else): text without its font, a cell's, maps only these
_UNAMBIGUOUS = (0xF0B7, 0xF0A7, 0xF0D8, 0xF0FC)
#: symbol-font PUA codes read without knowing the font: the unambiguous bullets
TEXT_SYMBOL_PUA: dict[int, str] = {
    code: ch for table in SYMBOL_FONT_PUA.values() for code, ch in table.items() if code in _UNAMBIGUOUS
}


def symbol_char(text: str, fontname: str) -> str:
    """The character a Symbol/Wingdings PUA code stands for, else ``text``."""
    if len(text) != 1 or not 0xF000 <= ord(text) <= 0xF0FF:
        return text
    name = fontname.split("+")[-1].lower()
    for family, table in SYMBOL_FONT_PUA.items():
        if name.startswith(family):
            return table.get(ord(text), text)
    return text
