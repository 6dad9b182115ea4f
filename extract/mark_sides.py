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

The check runs once per font of a document, when pdfminer first asks the
font for a mark (a hook of :func:`extract.fonts.font_patches`). Outlines are
drawn only for the font's marks and consonants. The template library is
built only when some mark is on the wrong side.
"""
from __future__ import annotations

import io
import logging
from contextlib import contextmanager
from typing import Callable, Iterator, Mapping

from pdfminer.pdftypes import resolve1

from thaitab.extract.settings import current
from thaitab.extract.thai.charset import MARKS, VOWELS_BELOW, is_consonant

__all__ = ["mark_fixes", "side"]

# a font needs this many consonants drawn before their height is the unit of
# the marks' placement (a count: one odd glyph must not set the unit)
MIN_CONSONANTS = 3


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


@contextmanager
def _quiet(name: str) -> Iterator[None]:
    """Warnings of logger ``name`` held back: a subset font's odd 'head'
    timestamp is no news to a user."""
    log = logging.getLogger(name)
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


def _values(font) -> dict[int, str]:
    """Code → text of the font's /ToUnicode map (empty without one)."""
    umap = getattr(font, "unicode_map", None)
    return dict(getattr(umap, "cid2unichr", None) or {})


def _program(font) -> bytes | None:
    """The embedded TrueType or OpenType program of a pdfminer font."""
    descriptor = resolve1(getattr(font, "descriptor", None)) or {}
    for key in ("FontFile2", "FontFile3"):
        stream = resolve1(descriptor.get(key))
        if stream is not None:
            try:
                return stream.get_data()
            except Exception:  # a damaged stream: no program
                return None
    return None


def _glyph_of(font, spec: Mapping, ttfont) -> Callable[[int], str | None]:
    """Code → glyph name in the embedded program. A CID font goes by its
    CIDToGIDMap (Identity or a stream of two-byte glyph indexes); a simple
    TrueType font by the program's own (3,0) or (1,0) cmap, as the PDF
    specification reads a symbolic font (section 9.6.6.4)."""
    order = ttfont.getGlyphOrder()

    def by_gid(gid: int | None) -> str | None:
        return order[gid] if gid is not None and 0 <= gid < len(order) else None

    from pdfminer.pdffont import PDFCIDFont

    if isinstance(font, PDFCIDFont):
        gid_map = resolve1(spec.get("CIDToGIDMap"))
        if gid_map is None or getattr(gid_map, "name", None) == "Identity":
            return by_gid
        data = gid_map.get_data()
        return lambda cid: by_gid(int.from_bytes(data[2 * cid:2 * cid + 2], "big")) if 2 * cid + 2 <= len(data) else None
    tables = {(t.platformID, t.platEncID): t.cmap for t in ttfont["cmap"].tables} if "cmap" in ttfont else {}
    symbol, mac = tables.get((3, 0), {}), tables.get((1, 0), {})

    def by_code(code: int) -> str | None:
        return symbol.get(code) or symbol.get(0xF000 + code) or mac.get(code)

    return by_code


def mark_fixes(font, spec: Mapping | None = None) -> dict[int, str]:
    """Code → the mark its outline shows, for the marks this font's
    /ToUnicode map names on the wrong side of the line (see the module)."""
    values = _values(font)
    marks = {c: t for c, t in values.items() if len(t) == 1 and t in MARKS}
    if not marks:
        return {}
    data = _program(font)
    if data is None:
        return {}
    try:
        with _quiet("fontTools"):
            return _judge(font, spec or {}, data, values, marks)
    except Exception:  # a font program the outline reader cannot draw: values stand
        return {}


def _judge(font, spec: Mapping, data: bytes, values: Mapping[int, str], marks: Mapping[int, str]) -> dict[int, str]:
    from fontTools.ttLib import TTFont

    from thaitab.extract.glyph_shapes import _font_shapes, distances, library, verdict

    ttfont = TTFont(io.BytesIO(data), lazy=True)
    glyph = _glyph_of(font, spec, ttfont)
    consonants = {glyph(c) for c, t in values.items() if len(t) == 1 and is_consonant(t)} - {None}
    if len(consonants) < MIN_CONSONANTS:
        return {}
    names = {c: glyph(c) for c in marks}
    shapes = _font_shapes(ttfont, {n for n in names.values() if n}, consonants)
    wrong = {c: shapes[n] for c, n in names.items()
             if n in shapes and _shape_side(shapes[n].bottom, shapes[n].top) not in (None, side(marks[c]))}
    if not wrong:
        return {}
    lib = library()
    if lib is None:
        return {}
    fixes = {}
    for code, shape in wrong.items():
        text = verdict(distances(shape, lib))
        if text is not None and len(text) == 1 and text in MARKS and side(text) != side(marks[code]):
            fixes[code] = text
    return fixes
