"""Thai marks that a font's /ToUnicode map names on the wrong side of the line.

Some producers write a /ToUnicode map in which the values of two marks are
crossed. LibreOffice does this when it exports a sheet set in Loma or
Kinnari: the glyph drawn below the baseline is called a tone mark, and the
tone mark drawn over the consonant is called SARA UU ("สต่ล" for สตูล,
"อูางทอง" for อ่างทอง). The outline in the embedded font program says which
mark it is:

* a vowel below (ุ ู ฺ) hangs under the baseline;
* every other mark floats over the consonant.

So a mark whose outline sits on the other side of the consonant's middle
than its value says is named by its shape (:mod:`extract.glyph_shapes`). It
is renamed only when the shape names a mark of that side clearly; otherwise
its value stands. A mix-up within one side (่ for ้) is not judged: there
the shape would be the only evidence.

The same export can give one mark glyph the text of its whole cluster: the
NIKHAHIT of ต่ำ called "่ำ", so that every ชำรุด reads "ช่ำรุด". A glyph whose
value is several marks (SARA AM counting as NIKHAHIT + SARA AA) but whose
outline is clearly one of them is that one.

The check runs once per font of a document, when pdfminer first asks the
font for a mark (a hook of :func:`extract.fonts.font_patches`). Outlines are
drawn only for the font's marks and consonants. The template library is
built only when some mark is on the wrong side or a cluster is on one glyph.
"""
from __future__ import annotations

import io
from typing import Mapping

from thaitab.extract.fonts import font_program, glyph_indexes, quiet_fonttools
from thaitab.extract.settings import current
from thaitab.extract.thai.charset import MARKS, NIKHAHIT, SARA_AA, SARA_AM, VOWELS_BELOW, is_consonant

__all__ = ["mark_fixes", "side", "suspect"]

# a font needs this many consonants drawn before their height is the unit of
# the marks' placement (a count: one odd glyph must not set the unit)
MIN_CONSONANTS = 3


def suspect(text: str) -> bool:
    """Could a /ToUnicode value be one this module judges: a single mark, or
    a cluster of marks on one glyph?"""
    return bool(text) and (text in MARKS if len(text) == 1 else all(ch in MARKS or ch == SARA_AM for ch in text))


def side(mark: str) -> str:
    """"below" for a vowel below the consonant, "above" for every other mark."""
    return "below" if mark in VOWELS_BELOW else "above"


def _shape_side(bottom: float, top: float) -> str | None:
    """Which side of the consonant's middle an outline lies on (its extent in
    consonant heights), None when it reaches across the middle."""
    middle = current().pdf.mark_midline_height
    if top < middle:
        return "below"
    if bottom > middle:
        return "above"
    return None


def _values(font) -> dict[int, str]:
    """Code → text of the font's /ToUnicode map (empty without one)."""
    umap = getattr(font, "unicode_map", None)
    return dict(getattr(umap, "cid2unichr", None) or {})


def mark_fixes(font, spec: Mapping | None) -> dict[int, str]:
    """Code → the mark its outline shows, for the marks that this font (a
    pdfminer font, read from ``spec``, its font dictionary) names wrongly in
    its /ToUnicode map (see the module)."""
    values = _values(font)
    marks = {c: t for c, t in values.items() if suspect(t)}
    if not marks or spec is None:
        return {}
    try:
        data = font_program(spec)
        if data is None:
            return {}
        with quiet_fonttools():
            return _judge(spec, data, values, marks)
    except Exception:  # a font program the outline reader cannot draw: values stand
        return {}


def _judge(spec: Mapping, data: bytes, values: Mapping[int, str], marks: Mapping[int, str]) -> dict[int, str]:
    from fontTools.ttLib import TTFont

    from thaitab.extract.glyph_shapes import _font_shapes, distances, library, verdict

    ttfont = TTFont(io.BytesIO(data), lazy=True)
    order = ttfont.getGlyphOrder()
    gid = glyph_indexes(spec, ttfont)

    def glyph(code: int) -> str | None:
        g = gid(code)
        return order[g] if g is not None and 0 <= g < len(order) else None

    consonants = {glyph(c) for c, t in values.items() if len(t) == 1 and is_consonant(t)} - {None}
    if len(consonants) < MIN_CONSONANTS:
        return {}
    names = {c: glyph(c) for c in marks}
    extent = _extents(ttfont, {n for n in names.values() if n}, consonants)
    doubtful = {c: n for c, n in names.items() if n in extent and _doubtful(marks[c], *extent[n])}
    if not doubtful:
        return {}
    lib = library()
    if lib is None:
        return {}
    shapes = _font_shapes(ttfont, set(doubtful.values()), consonants)
    fixes = {}
    for code, name in doubtful.items():
        text = verdict(distances(shapes[name], lib)) if name in shapes else None
        if text is not None and _shown(marks[code], text):
            fixes[code] = text
    return fixes


def _extents(ttfont, names: set[str], consonants: set[str]) -> dict[str, tuple[float, float]]:
    """Glyph name → its outline's bottom and top in consonant heights, from
    the outlines alone (nothing is drawn: most fonts are right, and that is
    known without an image library)."""
    from thaitab.extract.glyph_shapes import _outlines, consonant_height

    polys = _outlines(ttfont.getGlyphSet(), names | consonants)

    def span(name: str) -> tuple[float, float]:
        ys = [y for p in polys[name] for _, y in p]
        return min(ys), max(ys)

    unit = consonant_height([span(n) for n in consonants if n in polys], float(ttfont["head"].unitsPerEm or 1000))
    return {n: (lo / unit, hi / unit) for n in names if n in polys for lo, hi in [span(n)]}


def _doubtful(value: str, bottom: float, top: float) -> bool:
    """Is a mark's value worth a reading by shape: a cluster on one glyph, or
    a single mark drawn on the other side of the line?"""
    if len(value) > 1:
        return True
    return _shape_side(bottom, top) not in (None, side(value))


def _shown(value: str, text: str) -> bool:
    """Does a glyph read by shape as ``text`` show what its ``value`` says
    wrongly: the mark of the other side, or one mark of a cluster?"""
    if len(text) != 1 or text not in MARKS:
        return False
    if len(value) == 1:
        return side(text) != side(value)
    return text in value.replace(SARA_AM, NIKHAHIT + SARA_AA)
