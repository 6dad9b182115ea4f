"""Thai marks that a font's /ToUnicode map names on the wrong side of the line."""
from __future__ import annotations

import pytest

pytest.importorskip("fontTools")
pytest.importorskip("cv2")

from thaitab.extract import glyph_shapes  # noqa: E402
from thaitab.extract.mark_sides import _shape_side, side  # noqa: E402
from thaitab.extract.ocr.digits import thai_font_files  # noqa: E402
from thaitab.extract.pdf import iter_pages, open_pdf  # noqa: E402
from tests.pdfs import pdf_bytes, stream, tounicode_cmap  # noqa: E402

SARA_UU, MAI_EK, MAI_THO = "\u0e39", "\u0e48", "\u0e49"


def _thai_font() -> str:
    files = [f for f in thai_font_files() if "Loma" in f or "Garuda" in f or "Norasi" in f]
    if not files or glyph_shapes.library() is None:
        pytest.skip("needs a TLWG Thai font (fonts-thai-tlwg) and fontconfig")
    return sorted(files)[0]


def _pdf(words: list[str], crossed: dict[str, str]) -> bytes:
    """A page that draws ``words`` in a TLWG font embedded whole (Type0,
    Identity-H), whose /ToUnicode map gives each character in ``crossed`` the
    value of another, as LibreOffice's export of Loma and Kinnari does."""
    from fontTools.ttLib import TTFont

    path = _thai_font()
    font = TTFont(path)
    cmap, order = font.getBestCmap(), font.getGlyphOrder()
    gid = {ch: order.index(cmap[ord(ch)]) for ch in set("".join(words))}
    values = {g: crossed.get(ch, ch) for ch, g in gid.items()}
    marks = " ".join("%d [0]" % g for ch, g in gid.items() if ch in "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47\u0e48\u0e49\u0e4c\u0e4d")
    ops = [b"BT /F1 14 Tf 72 %d Td <%s> Tj ET" % (700 - 30 * i, "".join("%04X" % gid[ch] for ch in w).encode())
           for i, w in enumerate(words)]
    content = b"\n".join(ops)
    with open(path, "rb") as fh:
        program = fh.read()
    return pdf_bytes([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /AAAAAA+Thai /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 8 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /AAAAAA+Thai "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor 7 0 R /DW 600 /W [" + marks.encode() + b"] /CIDToGIDMap /Identity >>",
        b"<< /Type /FontDescriptor /FontName /AAAAAA+Thai /Flags 4 /FontBBox [-200 -400 1200 1100] "
        b"/ItalicAngle 0 /Ascent 900 /Descent -300 /CapHeight 700 /StemV 80 /FontFile2 9 0 R >>",
        stream(tounicode_cmap(values)),
        stream(program, b"/Length1 %d " % len(program)),
    ])


def _texts(tmp_path, data: bytes) -> list[str]:
    path = tmp_path / "marks.pdf"
    path.write_bytes(data)
    with open_pdf(path) as pdf:
        chars = [c for _, _, cs in iter_pages(pdf) for c in cs]
    lines: dict[float, str] = {}
    for c in chars:
        lines[round(c.top)] = lines.get(round(c.top), "") + c.text
    return [lines[k] for k in sorted(lines)]


def test_the_sides_of_the_line():
    assert side(SARA_UU) == "below" and side(MAI_EK) == "above" and side("\u0e4c") == "above"
    assert _shape_side(-0.45, -0.07) == "below"
    assert _shape_side(1.1, 1.5) == "above"
    assert _shape_side(0.0, 1.0) is None  # a letter's height reaches across the middle


def test_crossed_values_of_a_vowel_below_and_a_tone_mark_are_named_by_their_outlines(tmp_path):
    crossed = {SARA_UU: MAI_EK, MAI_EK: SARA_UU}
    assert _texts(tmp_path, _pdf(["สตูล", "อ่างทอง"], crossed)) == ["สตูล", "อ่างทอง"]


def test_right_values_stand(tmp_path):
    assert _texts(tmp_path, _pdf(["สตูล", "อ่างทอง"], {})) == ["สตูล", "อ่างทอง"]


def test_a_mix_up_within_one_side_is_not_judged(tmp_path):
    # both marks float above the consonant: only the shape would tell, so the values stand
    crossed = {MAI_EK: MAI_THO, MAI_THO: MAI_EK}
    assert _texts(tmp_path, _pdf(["อ่าง", "น้ำ"], crossed)) == ["อ้าง", "น่ำ"]


def test_a_mark_glyph_given_its_whole_clusters_text_is_the_mark_its_outline_shows(tmp_path):
    # the NIKHAHIT of ต่ำ called "่ำ" (MAI EK + SARA AM): ชำรุด, drawn ช ํ า ร ุ ด, read "ช่ำรุด"
    crossed = {"\u0e4d": MAI_EK + "\u0e33"}
    # (normalize then writes NIKHAHIT + SARA AA as SARA AM)
    assert _texts(tmp_path, _pdf(["ช\u0e4d\u0e32รุด"], crossed)) == ["ช\u0e4d\u0e32รุด"]
