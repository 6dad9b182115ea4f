"""CID → text from a font program: glyph names, the font's cmap, its substitutions."""
from __future__ import annotations

import io

import pytest

from thaitab.extract.chars import clean_chars
from thaitab.extract.fonts import _glyph_texts

fontTools = pytest.importorskip("fontTools")


def _font_program() -> bytes:
    """A tiny TrueType font: MAI EK named "uni0E48", an unnamed variant of it
    made by a substitution, KO KAI in the cmap under an opaque name."""
    from fontTools.feaLib.builder import addOpenTypeFeaturesFromString
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    order = [".notdef", "uni0E48", "glyph00002", "glyph00003"]
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap({0x0E01: "glyph00003", 0x0E48: "uni0E48"})
    empty = TTGlyphPen(None).glyph()
    fb.setupGlyf({name: empty for name in order})
    fb.setupHorizontalMetrics({name: (500, 0) for name in order})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Test", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost(keepGlyphNames=True)
    addOpenTypeFeaturesFromString(fb.font, "feature ccmp { sub uni0E48 by glyph00002; } ccmp;")
    buf = io.BytesIO()
    fb.save(buf)
    return buf.getvalue()


def test_glyph_names_cmap_and_substitutions_give_the_text():
    texts = _glyph_texts(_font_program())
    assert texts[1] == "\u0e48"  # by its name
    assert texts[2] == "\u0e48"  # a variant the font makes from MAI EK
    assert texts[3] == "\u0e01"  # by the font's own cmap


def test_cid_glyphs_get_their_text_in_clean_chars():
    raw = [{"text": t, "x0": 10.0 * i, "x1": 10.0 * i + 8, "top": 0.0, "bottom": 14.0, "size": 14.0,
            "fontname": "ABC+Sans", "upright": True} for i, t in enumerate(["ร", "(cid:2)", "(cid:7)"])]
    out = clean_chars(raw, {"ABC+Sans": {2: "\u0e48"}})
    assert [c.text for c in out] == ["ร", "\u0e48", "(cid:7)"]  # an unknown glyph stays visible
