"""Thai glyph variants that PDF text layers carry as Private Use Area code points.

Fonts without OpenType Thai shaping draw shifted variants of the marks (and
ฐ/ญ without their descender) from the PUA; the text layer then holds those code
points. The table is HarfBuzz's fallback (``thai_pua_shape``), the authority
for what each variant stands for. The extractor reads words with it when it
decides how lines wrap and where a "(ต่อ)" mark is; ``normalize.thai`` repairs
text with it.
"""
from __future__ import annotations

from thaitab.extract.thai.charset import MAI_EK

__all__ = ["PUA_SHAPES", "PUA_TO_THAI", "PUA_MARKS", "THAI_PUA", "PUA", "variants"]

# HarfBuzz src/hb-ot-shaper-thai.cc, thai_pua_shape(): {Unicode, Windows PUA,
# Mac PUA} for each fallback action. SD shift down, SDL shift down-left, SL shift
# left, RD remove descender (the base letter itself is replaced).
PUA_SHAPES: tuple[tuple[str, int, int, int], ...] = (
    ("SD", 0x0E48, 0xF70A, 0xF88B),  # MAI EK
    ("SD", 0x0E49, 0xF70B, 0xF88E),  # MAI THO
    ("SD", 0x0E4A, 0xF70C, 0xF891),  # MAI TRI
    ("SD", 0x0E4B, 0xF70D, 0xF894),  # MAI CHATTAWA
    ("SD", 0x0E4C, 0xF70E, 0xF897),  # THANTHAKHAT
    ("SD", 0x0E38, 0xF718, 0xF89B),  # SARA U
    ("SD", 0x0E39, 0xF719, 0xF89C),  # SARA UU
    ("SD", 0x0E3A, 0xF71A, 0xF89D),  # PHINTHU
    ("SDL", 0x0E48, 0xF705, 0xF88C),  # MAI EK
    ("SDL", 0x0E49, 0xF706, 0xF88F),  # MAI THO
    ("SDL", 0x0E4A, 0xF707, 0xF892),  # MAI TRI
    ("SDL", 0x0E4B, 0xF708, 0xF895),  # MAI CHATTAWA
    ("SDL", 0x0E4C, 0xF709, 0xF898),  # THANTHAKHAT
    ("SL", 0x0E48, 0xF713, 0xF88A),  # MAI EK
    ("SL", 0x0E49, 0xF714, 0xF88D),  # MAI THO
    ("SL", 0x0E4A, 0xF715, 0xF890),  # MAI TRI
    ("SL", 0x0E4B, 0xF716, 0xF893),  # MAI CHATTAWA
    ("SL", 0x0E4C, 0xF717, 0xF896),  # THANTHAKHAT
    ("SL", 0x0E31, 0xF710, 0xF884),  # MAI HAN-AKAT
    ("SL", 0x0E34, 0xF701, 0xF885),  # SARA I
    ("SL", 0x0E35, 0xF702, 0xF886),  # SARA II
    ("SL", 0x0E36, 0xF703, 0xF887),  # SARA UE
    ("SL", 0x0E37, 0xF704, 0xF888),  # SARA UEE
    ("SL", 0x0E47, 0xF712, 0xF889),  # MAITAIKHU
    ("SL", 0x0E4D, 0xF711, 0xF899),  # NIKHAHIT
    ("RD", 0x0E0D, 0xF70F, 0xF89A),  # YO YING without descender
    ("RD", 0x0E10, 0xF700, 0xF89E),  # THO THAN without descender
)

#: Windows and Mac PUA code point -> standard Thai character.
PUA_TO_THAI: dict[int, str] = {
    pua: chr(u) for _action, u, win, mac in PUA_SHAPES for pua in (win, mac)
}

#: PUA code points that draw a combining mark (everything but ฐ and ญ)
PUA_MARKS: frozenset[str] = frozenset(chr(p) for p, t in PUA_TO_THAI.items() if t not in "\u0e0d\u0e10")

#: regex class body of the code points of :data:`PUA_TO_THAI` (the table fills both ranges)
THAI_PUA = "\uf700-\uf71a\uf884-\uf89e"
#: regex class body of every Private Use Area code point (BMP and planes 15-16)
PUA = "\ue000-\uf8ff\U000f0000-\U0010ffff"


def variants(ch: str) -> str:
    """``ch`` and every PUA code point that draws it ("่" and its shifted forms)."""
    return ch + "".join(chr(k) for k, v in PUA_TO_THAI.items() if v == ch)


#: MAI EK and its PUA variants, for patterns that must match a raw text layer
MAI_EK_FORMS = variants(MAI_EK)
