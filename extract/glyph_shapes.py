"""Read a glyph that has neither a name nor a Unicode value by its shape.

Some PDFs embed subset TrueType fonts whose glyphs carry no name, no cmap
entry and no ``/ToUnicode`` value (or a ``/ToUnicode`` value of U+FFFD): the
tone marks and sara am that Acrobat and Word draw as separate positioned
glyphs. pdfminer writes such a glyph as "(cid:N)". The outline is still in the
font program, so it is drawn here and compared with the Thai letters, vowels,
marks and digits as the installed Thai fonts draw them (``fc-list :lang=th``,
their positional variants included: the fonts' own substitutions say which
glyph each variant stands for, :func:`extract.fonts.glyph_texts`).

Two things must agree before a glyph is read:

* where it sits: its height and its bottom and top edges, in units of its own
  font's consonant height (the median height of the font's glyphs that stand
  on the baseline), must be those of the template within
  ``pdf.glyph_height_ratio`` and ``pdf.glyph_zone_tol_height``
  (:mod:`extract.settings`): a tone mark floats above the line, a sara u hangs
  below it, a nikhahit is a small circle where a ๐ is a large one;
* its shape: the chamfer distance of :mod:`extract.ocr.digits` (both inks
  scaled to one square, aspect kept) must fit its best reading within
  ``pdf.glyph_fit_max`` and beat every other reading by ``pdf.glyph_margin``.

Otherwise the glyph is not guessed: it stays unread and the caller marks it
(:data:`UNREAD`). Without fontconfig, a Thai font, NumPy or OpenCV nothing is
read by shape.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from statistics import median
from typing import Iterable, Mapping

from thaitab.extract.settings import current
from thaitab.extract.thai.charset import ARCHAIC, is_consonant, is_thai

#: What stands in the text for a glyph that could not be read (U+2370, the
#: symbol for an unknown glyph): the row says so, and nothing is guessed.
UNREAD = "\u2370"
# pixels per em when an outline is drawn (a tone mark is then ~10 px high)
EM_PX = 96
# the tolerances of a reading by shape (fit, margin, height, zones) are
# extract.settings.PdfSettings' glyph_* fields
# archaic signs (yamakkan, fongman, angkhankhu, khomut) are not read by shape:
# modern text does not use them, and yamakkan is drawn like a thanthakhat
# (ARCHAIC, from the Thai core). Nor is LAKKHANGYAO: it is written only after
# RU and LU (ฤๅ, ฦๅ) and drawn as a SARA AA with a longer stem, so a shape
# alone cannot tell a subset's SARA AA from it (their templates differ by
# less than the margin).
NOT_BY_SHAPE = ARCHAIC + "\u0e45"


@dataclass(frozen=True)
class Shape:
    """One glyph outline drawn: its ink (bool array) and its vertical extent
    (bottom, top) in units of its font's consonant height."""

    ink: object
    bottom: float
    top: float


class _FlatPen:
    """A fontTools pen that flattens curves into polygons (font units)."""

    def __init__(self, glyphset) -> None:
        from fontTools.pens.basePen import BasePen

        outer = self

        class Pen(BasePen):
            def _moveTo(self, pt):
                outer.polys.append([pt])

            def _lineTo(self, pt):
                outer.polys[-1].append(pt)

            def _curveToOne(self, p1, p2, p3):
                p0 = self._getCurrentPoint()
                for k in range(1, 9):
                    t = k / 8
                    u = 1 - t
                    outer.polys[-1].append((u ** 3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t ** 3 * p3[0],
                                            u ** 3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t ** 3 * p3[1]))

            def _qCurveToOne(self, p1, p2):
                p0 = self._getCurrentPoint()
                for k in range(1, 7):
                    t = k / 6
                    u = 1 - t
                    outer.polys[-1].append((u * u * p0[0] + 2 * u * t * p1[0] + t * t * p2[0],
                                            u * u * p0[1] + 2 * u * t * p1[1] + t * t * p2[1]))

            def _closePath(self):
                pass

        self.polys: list[list[tuple[float, float]]] = []
        self.pen = Pen(glyphset)


def outline(glyphset, name: str):
    """The glyph's contours as polygons in font units (empty without ink)."""
    flat = _FlatPen(glyphset)
    glyphset[name].draw(flat.pen)
    return [p for p in flat.polys if len(p) >= 3]


def draw(polys, upem: float, height_unit: float) -> Shape | None:
    """The ink of an outline at :data:`EM_PX` pixels per em, with its extent
    in consonant heights; None without ink."""
    import cv2
    import numpy as np

    if not polys:
        return None
    xs = [x for p in polys for x, _ in p]
    ys = [y for p in polys for _, y in p]
    x0, y0, y1 = min(xs), min(ys), max(ys)
    s = EM_PX / upem
    w = int((max(xs) - x0) * s) + 3
    h = int((y1 - y0) * s) + 3
    if w < 2 or h < 2 or w > 4 * EM_PX or h > 4 * EM_PX:
        return None
    mask = np.zeros((h, w), np.uint8)
    pts = [np.array([[(x - x0) * s + 1, (y1 - y) * s + 1] for x, y in p], np.int32) for p in polys]
    cv2.fillPoly(mask, pts, 1)  # even-odd: the holes of ๐ and ด stay open
    if not mask.any():
        return None
    return Shape(mask > 0, y0 / height_unit, y1 / height_unit)


def consonant_height(bounds: Iterable[tuple[float, float]], upem: float) -> float:
    """The usual height of the glyphs that stand on the baseline (Thai
    consonants in a Thai font): the median top of glyphs whose bottom is within
    5 % of an em of the baseline and whose height is at least 20 % of an em.
    Half an em when the font has none."""
    s = current().pdf
    band, least = s.baseline_band_em * upem, s.consonant_min_em * upem
    tops = [y1 for y0, y1 in bounds if abs(y0) <= band and y1 - y0 >= least]
    return median(tops) if tops else 0.5 * upem


def _font_shapes(font, wanted: Iterable[str] | None = None, unit_from: Iterable[str] | None = None) -> dict[str, Shape]:
    """Glyph name → drawn shape for the glyphs of a fontTools font (``wanted``
    only, when given). The consonant height comes from the glyphs
    ``unit_from`` (the font's Thai consonants, when known) or from all."""
    glyphset = font.getGlyphSet()
    upem = float(font["head"].unitsPerEm or 1000)
    wanted = None if wanted is None else list(wanted)
    unit_from = list(unit_from or [])
    names = font.getGlyphOrder() if not unit_from or wanted is None else set(wanted) | set(unit_from)
    polys = _outlines(glyphset, names)
    base = [polys[n] for n in unit_from if n in polys] or list(polys.values())
    bounds = [(min(y for q in p for _, y in q), max(y for q in p for _, y in q)) for p in base]
    unit = consonant_height(bounds, upem)
    names = polys.keys() if wanted is None else [n for n in wanted if n in polys]
    out = {}
    for name in names:
        shape = draw(polys[name], upem, unit)
        if shape is not None:
            out[name] = shape
    return out


def _outlines(glyphset, names: Iterable[str]) -> dict[str, list]:
    """Glyph name → its outline polygons, for the glyphs that have ink (a
    damaged glyph is left out)."""
    polys = {}
    for name in names:
        try:
            p = outline(glyphset, name)
        except Exception:  # a damaged glyph: not drawn
            continue
        if p:
            polys[name] = p
    return polys


def _consonant(text: str) -> bool:
    return len(text) == 1 and is_consonant(text)


def _thai_text(text: str) -> bool:
    """A template's text: Thai (a letter, vowel, mark or digit, or a pair the
    font draws as one glyph), or a Latin letter or an Arabic digit (Thai
    fonts draw those too, and a display face's digits can lack a name)."""
    if len(text) == 1 and text.isascii() and text.isalnum():
        return True
    return 0 < len(text) <= 2 and all(is_thai(ch) and ch not in NOT_BY_SHAPE for ch in text)


@dataclass(frozen=True)
class Library:
    """The templates: for each, its text and extent, and the ocr_digits
    chamfer templates (labels, inks and distance maps)."""

    texts: tuple[str, ...]
    bottoms: object  # (K,) float
    tops: object  # (K,) float
    chamfer: object  # extract.ocr.digits.Templates


def build_library(paths: Iterable[str]) -> Library | None:
    """Templates of every Thai glyph (letters, vowels, marks, digits and their
    positional variants) of these font files."""
    import io

    import numpy as np
    from fontTools.ttLib import TTFont

    from thaitab.extract.fonts import glyph_texts
    from thaitab.extract.ocr.digits import Templates, distance2, square

    texts, bottoms, tops, inks, dists = [], [], [], [], []
    for path in paths:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
            font = TTFont(io.BytesIO(data), lazy=True)
            names = font.getGlyphOrder()
            by_gid = {gid: t for gid, t in glyph_texts(data).items() if _thai_text(t)}
            wanted = [names[g] for g in by_gid if g < len(names)]
            consonants = [names[g] for g, t in by_gid.items() if g < len(names) and _consonant(t)]
            shapes = _font_shapes(font, wanted, consonants or wanted)
        except Exception:  # a font that cannot be read adds nothing
            continue
        for gid, text in by_gid.items():
            shape = shapes.get(names[gid]) if gid < len(names) else None
            sq = square(shape.ink) if shape is not None else None
            if sq is None:
                continue
            texts.append(text)
            bottoms.append(shape.bottom)
            tops.append(shape.top)
            inks.append(sq.ravel())
            dists.append(distance2(sq).ravel())
    if not texts:
        return None
    ink = np.array(inks, np.float32)
    tpl = Templates(tuple(texts), ink, ink.sum(axis=1), np.array(dists, np.float32))
    return Library(tuple(texts), np.array(bottoms), np.array(tops), tpl)


@lru_cache(maxsize=1)
def library() -> Library | None:
    """The templates of this machine's Thai fonts, once per process (None
    without a Thai font, NumPy or OpenCV)."""
    try:
        import cv2  # noqa: F401
        import numpy  # noqa: F401
    except ImportError:
        return None
    from thaitab.extract.ocr.digits import thai_font_files

    return build_library(thai_font_files())


def distances(shape: Shape, lib: Library) -> dict[str, float]:
    """For each text, the chamfer distance of ``shape`` to its closest template
    that sits where the glyph sits (height and edges, see the module notes)."""
    import numpy as np

    from thaitab.extract.ocr.digits import distance2, square

    sq = square(shape.ink)
    if sq is None:
        return {}
    height = max(shape.top - shape.bottom, 1e-6)
    heights = np.maximum(lib.tops - lib.bottoms, 1e-6)
    ratio = np.maximum(heights / height, height / heights)
    s = current().pdf
    zone = s.glyph_zone_tol_height
    placed = ((ratio <= s.glyph_height_ratio) & (np.abs(lib.bottoms - shape.bottom) <= zone)
              & (np.abs(lib.tops - shape.top) <= zone))
    idx = np.nonzero(placed)[0]
    if not len(idx):
        return {}
    tpl = lib.chamfer
    own = sq.ravel()
    to_tpl = tpl.dist2[idx][:, own].mean(axis=1)
    to_glyph = (tpl.ink[idx] @ distance2(sq).ravel()) / tpl.count[idx]
    rms = np.sqrt((to_tpl + to_glyph) / 2)
    out: dict[str, float] = {}
    for k, d in zip(idx.tolist(), rms.tolist()):
        text = lib.texts[k]
        if d < out.get(text, float("inf")):
            out[text] = d
    return out


def verdict(dist: Mapping[str, float]) -> str | None:
    """The reading of a glyph, or None when the shape does not decide."""
    if not dist:
        return None
    ranked = sorted(dist, key=dist.get)
    best = dist[ranked[0]]
    s = current().pdf
    if best > s.glyph_fit_max:
        return None
    if len(ranked) > 1 and dist[ranked[1]] - best < s.glyph_margin:
        return None
    return ranked[0]


def read_glyphs(data: bytes, gids: Iterable[int], known: Mapping[int, str] | None = None) -> dict[int, str]:
    """Glyph index → text for those glyphs of a TrueType/OpenType program that
    their shape names clearly; the others are left out. ``known`` (glyph index
    → text, from the PDF's /ToUnicode map) says which glyphs are Thai
    consonants, whose height is the unit of the glyphs' placement."""
    import io

    from fontTools.ttLib import TTFont

    lib = library()
    if lib is None:
        return {}
    font = TTFont(io.BytesIO(data), lazy=True)
    order = font.getGlyphOrder()
    wanted = {g: order[g] for g in gids if 0 <= g < len(order)}
    consonants = [order[g] for g, t in (known or {}).items() if 0 <= g < len(order) and _consonant(t)]
    shapes = _font_shapes(font, wanted.values(), consonants)
    out = {}
    for gid, name in wanted.items():
        shape = shapes.get(name)
        text = verdict(distances(shape, lib)) if shape is not None else None
        if text is not None:
            out[gid] = text
    return out
