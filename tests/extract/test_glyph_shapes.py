"""Glyphs with neither a name nor a Unicode value, read by the shape of their outline."""
from __future__ import annotations

import io

import pytest

pytest.importorskip("fontTools")
pytest.importorskip("cv2")

from thaitab.extract import glyph_shapes  # noqa: E402
from thaitab.extract.ocr.digits import thai_font_files  # noqa: E402


def _thai_font() -> str:
    files = [f for f in thai_font_files() if "Garuda" in f or "Loma" in f or "Norasi" in f]
    if not files or glyph_shapes.library() is None:
        pytest.skip("needs a TLWG Thai font (fonts-thai-tlwg) and fontconfig")
    return files[0]


def _anonymous_program(path: str) -> tuple[bytes, dict[str, int]]:
    """The font at ``path`` as a PDF subset would embed it: no cmap, no glyph
    names (post format 3), no substitutions. Returns the program and the glyph
    index of some Thai characters, plus a check box glyph no Thai font has."""
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont

    font = TTFont(path)
    cmap = font.getBestCmap()
    order = font.getGlyphOrder()
    where = {ch: order.index(cmap[ord(ch)]) for ch in "\u0e48\u0e49\u0e01\u0e38\u0e32" if ord(ch) in cmap}
    # a hollow square standing above the line, the size of a letter
    pen = TTGlyphPen(None)
    upem = font["head"].unitsPerEm
    for a, b in (((100, 0), (600, 500)), ((160, 60), (540, 440))):
        pts = [(a[0], a[1]), (a[0], b[1]), (b[0], b[1]), (b[0], a[1])]
        if a[0] == 160:
            pts.reverse()
        pen.moveTo(pts[0])
        for p in pts[1:]:
            pen.lineTo(p)
        pen.closePath()
    box = order[-1]
    font["glyf"][box] = pen.glyph()
    where["box"] = len(order) - 1
    for tag in ("cmap", "GSUB", "GPOS", "GDEF"):
        if tag in font:
            del font[tag]
    font["post"].formatType = 3.0
    buf = io.BytesIO()
    font.save(buf)
    assert upem
    return buf.getvalue(), where


def test_unnamed_marks_and_letters_are_read_by_their_outline():
    data, where = _anonymous_program(_thai_font())
    found = glyph_shapes.read_glyphs(data, list(where.values()))
    for ch in "\u0e48\u0e49\u0e01\u0e38":
        if ch in where:
            assert found.get(where[ch]) == ch


def test_sara_aa_is_read_though_lakkhangyao_looks_alike():
    """LAKKHANGYAO (written only after RU and LU) is a SARA AA with a longer
    stem: a shape is never read as it, so a subset's SARA AA is not left unread."""
    _thai_font()
    for path in [f for f in thai_font_files() if "Garuda" in f or "Loma" in f or "Norasi" in f]:
        data, where = _anonymous_program(path)
        assert glyph_shapes.read_glyphs(data, [where["\u0e32"]]).get(where["\u0e32"]) == "\u0e32", path


def test_a_shape_no_thai_font_draws_is_left_unread():
    data, where = _anonymous_program(_thai_font())
    assert where["box"] not in glyph_shapes.read_glyphs(data, [where["box"]])


def test_verdict_needs_a_clear_winner():
    assert glyph_shapes.verdict({"\u0e48": 0.2, "\u0e49": 1.5}) == "\u0e48"
    assert glyph_shapes.verdict({"\u0e48": 0.5, "\u0e4b": 0.6}) is None  # too close to call
    assert glyph_shapes.verdict({"\u0e48": 1.6}) is None  # fits nothing well
    assert glyph_shapes.verdict({}) is None


def test_the_shape_tolerances_are_settings():
    """A stricter fit or margin (extract.settings, section pdf) leaves a glyph unread."""
    from thaitab.extract.glyph_shapes import verdict
    from thaitab.extract.settings import use

    dist = {"\u0e48": 0.6, "\u0e49": 1.1}
    assert verdict(dist) == "\u0e48"
    with use({"pdf.glyph_fit_max": 0.5}):
        assert verdict(dist) is None
    with use({"pdf.glyph_margin": 0.6}):
        assert verdict(dist) is None
    assert verdict(dist) == "\u0e48"
