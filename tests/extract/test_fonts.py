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


def test_a_simple_truetype_font_maps_codes_by_its_symbol_cmap():
    from fontTools.ttLib import TTFont

    from thaitab.extract.fonts import glyph_indexes

    font = TTFont(io.BytesIO(_symbolic_program(_font_program())))
    gid = glyph_indexes({"Subtype": "/TrueType"}, font)
    assert (gid(1), gid(2), gid(9)) == (3, 1, None)  # KO KAI, MAI EK, a code the font lacks
    identity = glyph_indexes({"Subtype": "/CIDFontType2"}, font)
    assert identity(7) == 7


def _symbolic_program(data: bytes, codes: dict[int, str] | None = None) -> bytes:
    """The font ``data`` as LibreOffice embeds a subset: its glyphs reached
    only through a (3,0) symbol cmap from one-byte codes (0xF000 + code),
    with no glyph names and no Unicode cmap. ``codes``: code → character
    (default: 1 → KO KAI, 2 → MAI EK)."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.tables._c_m_a_p import cmap_format_4

    font = TTFont(io.BytesIO(data))
    best = font.getBestCmap()
    codes = codes or {1: "\u0e01", 2: "\u0e48"}
    sub = cmap_format_4(4)
    sub.platformID, sub.platEncID, sub.language = 3, 0, 0
    sub.cmap = {0xF000 + code: best[ord(ch)] for code, ch in codes.items()}
    font["cmap"].tables = [sub]
    for tag in ("GSUB", "GPOS", "GDEF"):
        if tag in font:
            del font[tag]
    font["post"].formatType = 3.0
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def test_an_unmapped_glyph_of_a_simple_truetype_font_is_read_by_its_outline(tmp_path):
    """LibreOffice embeds sheets' fonts as simple TrueType subsets and can leave
    a glyph out of /ToUnicode: pdfminer writes "(cid:N)", and the outline,
    reached through the subset's own cmap, says what it is."""
    pytest.importorskip("cv2")
    from thaitab.extract import glyph_shapes
    from thaitab.extract.ocr.digits import thai_font_files
    from thaitab.extract.pdf import iter_pages, open_pdf
    from tests.pdfs import pdf_bytes, stream, tounicode_cmap

    files = sorted(f for f in thai_font_files() if "Loma" in f or "Garuda" in f or "Norasi" in f)
    if not files or glyph_shapes.library() is None:
        pytest.skip("needs a TLWG Thai font (fonts-thai-tlwg) and fontconfig")
    word = "กลางทาง"
    letters = list(dict.fromkeys(word))
    codes = {k + 1: ch for k, ch in enumerate(letters)}
    with open(files[0], "rb") as fh:
        program = _symbolic_program(fh.read(), codes)
    code_of = {ch: k for k, ch in codes.items()}
    mapped = {k: ch for k, ch in codes.items() if ch != "\u0e32"}  # SARA AA left out of /ToUnicode
    text = "".join("%02X" % code_of[ch] for ch in word)
    lines = 6  # more unread glyphs than a page has read from its image (pdf.few_unread_glyphs)
    data = pdf_bytes([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(b"\n".join(b"BT /F1 14 Tf 72 %d Td <%s> Tj ET" % (700 - 30 * k, text.encode()) for k in range(lines))),
        b"<< /Type /Font /Subtype /TrueType /BaseFont /BAAAAA+Thai /FirstChar 1 /LastChar %d "
        b"/Widths [%s] /FontDescriptor 6 0 R /ToUnicode 7 0 R >>" % (len(codes), b" ".join(b"600" for _ in codes)),
        b"<< /Type /FontDescriptor /FontName /BAAAAA+Thai /Flags 4 /FontBBox [-200 -400 1200 1100] "
        b"/ItalicAngle 0 /Ascent 900 /Descent -300 /CapHeight 700 /StemV 80 /FontFile2 8 0 R >>",
        stream(tounicode_cmap(mapped, code_bytes=1)),
        stream(program, b"/Length1 %d " % len(program)),
    ])
    path = tmp_path / "simple.pdf"
    path.write_bytes(data)
    with open_pdf(path) as pdf:
        got = "".join(c.text for _, _, cs in iter_pages(pdf) for c in cs)
    assert got == word * lines
