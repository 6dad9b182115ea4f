"""Thai digits read by the shape of their glyph, where Tesseract's Thai model
is unreliable.

The Thai LSTM model (tessdata "fast", as Debian ships it) reads the Thai digit
six (๖) as ๒, ๑ or ๐, four (๔) and nine (๙) as five (๕), and eight (๘) as
"๕8", in every font tried; the page's year ("พ.ศ. ๒๕๖๖") and its dates then
come out wrong. Tesseract is still right that there is a digit, and where.

So every glyph that Tesseract read as a Thai digit is compared with the ten
Thai digits as the installed Thai fonts draw them (``fc-list :lang=th``,
regular and bold; fonts-thai-tlwg has a dozen families). The comparison is a
chamfer distance: both shapes scaled to a 40-pixel square (aspect kept), and
the root mean square of the distance from the ink of each to the nearest ink
of the other, in pixels of that square. It tolerates stroke weight, a pixel of
misplacement and JPEG noise, but not a missing or extra loop or tail, which is
all that tells ๒ from ๖ or ๔ from ๕.

A digit is changed only on clear evidence (:func:`verdict`): the glyph must fit
its best digit closely (:data:`FIT_MAX`), and fit Tesseract's digit worse by
at least :data:`MARGIN`. Measured on synthetic scans of six Thai families,
with each family left out of the templates in turn, a wrong best digit never
beat the right one by more than 0.5; Tesseract's misreadings on real scans
lose by 0.9 or more. Two glyphs that touch (bold digits) are cut apart where
both halves fit a digit best. A glyph read as Arabic digits only, a glyph
Tesseract did not read as a digit at all, or a glyph without a digit to
match, is left alone: nothing is added, only wrong digits are replaced.

Without fontconfig or a Thai font there are no templates and nothing changes.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from thaitab.extract.ocr.words import Word
from thaitab.extract.settings import current

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
# side of the square that glyphs and templates are scaled to (pixels)
SIDE = 40
# font size (pixels) the templates are drawn at, before scaling
DRAW_SIZE = 64
# a glyph fits a digit when its chamfer distance to it is at most this (pixels
# of the square): scanned digits fit theirs within 0.85, Thai letters and Latin
# capitals other than O stay above 1.0
FIT_MAX = 0.9
# Tesseract's digit is replaced when the glyph fits it worse than the best
# digit by at least this much
MARGIN = 0.7

_DIGIT_WORD = re.compile(r"^[0-9๐-๙]+$")
_THAI_DIGIT = re.compile("[๐-๙]")


@dataclass(frozen=True)
class Templates:
    """The digits of the installed Thai fonts, scaled to the square: for each
    template its digit, its ink (flattened, as floats) and the squared distance
    of every pixel to its ink."""

    labels: tuple[str, ...]
    ink: object  # (K, SIDE * SIDE) float32
    count: object  # (K,) float32, ink pixels per template
    dist2: object  # (K, SIDE * SIDE) float32


def thai_font_files() -> list[str]:
    """Upright Thai font files that fontconfig knows (none without fc-list)."""
    if shutil.which("fc-list") is None:
        return []
    try:
        out = subprocess.run(["fc-list", ":lang=th", "file", "style"], capture_output=True, text=True,
                             timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    files = set()
    for row in out.splitlines():
        path, _, style = row.partition(":")
        path, style = path.strip(), style.lower()
        if path.lower().endswith((".ttf", ".otf")) and "italic" not in style and "oblique" not in style:
            files.add(path)
    return sorted(files)


def square(mask):
    """A glyph's ink (bool array, cropped to the ink) centred in a SIDE x SIDE
    square, scaled so that its longer side fills it; None without ink."""
    import cv2
    import numpy as np

    ys, xs = np.nonzero(mask)
    if len(xs) == 0:
        return None
    m = mask[ys.min():ys.max() + 1, xs.min():xs.max() + 1].astype(np.float32)
    h, w = m.shape
    s = max(h, w)
    canvas = np.zeros((s, s), np.float32)
    canvas[(s - h) // 2:(s - h) // 2 + h, (s - w) // 2:(s - w) // 2 + w] = m
    return cv2.resize(canvas, (SIDE, SIDE), interpolation=cv2.INTER_AREA) > 0.35


def distance2(sq):
    """Squared distance of every pixel of the square to its nearest ink."""
    import cv2
    import numpy as np

    d = cv2.distanceTransform((~sq).astype(np.uint8), cv2.DIST_L2, 3)
    return d * d


def draw_digit(font, digit: str, missing):
    """The ink of one digit drawn with a Pillow font (bool array), or None
    when the font has no such glyph (it draws the same as ``missing``)."""
    import numpy as np
    from PIL import Image, ImageDraw

    img = Image.new("L", (2 * DRAW_SIZE, 2 * DRAW_SIZE), 0)
    ImageDraw.Draw(img).text((DRAW_SIZE // 2, DRAW_SIZE // 4), digit, font=font, fill=255)
    ink = np.array(img) > 127
    if not ink.any() or (missing is not None and ink.shape == missing.shape and (ink == missing).all()):
        return None
    return ink


def build_templates(paths: Sequence[str]) -> Templates | None:
    """Templates of the ten Thai digits in each of these font files (a file
    that cannot be read, or lacks a digit, adds what it has)."""
    import numpy as np
    from PIL import ImageFont

    labels: list[str] = []
    inks, dists = [], []
    for path in paths:
        try:
            font = ImageFont.truetype(path, DRAW_SIZE)
        except OSError:
            continue
        missing = draw_digit(font, "\uffff", None)  # what the font draws for a glyph it lacks
        for d in THAI_DIGITS:
            ink = draw_digit(font, d, missing)
            sq = square(ink) if ink is not None else None
            if sq is None:
                continue
            labels.append(d)
            inks.append(sq.ravel())
            dists.append(distance2(sq).ravel())
    if not labels:
        return None
    ink = np.array(inks, np.float32)
    return Templates(tuple(labels), ink, ink.sum(axis=1), np.array(dists, np.float32))


@lru_cache(maxsize=1)
def templates() -> Templates | None:
    """The Thai digit templates of this machine's fonts (once per process,
    about 0.3 s), or None when there is no Thai font to draw them with."""
    try:
        import numpy  # noqa: F401
        from PIL import ImageFont  # noqa: F401
    except ImportError:  # pragma: no cover - both come with the OCR extra
        return None
    return build_templates(thai_font_files())


def digit_distances(mask, tpl: Templates) -> dict[str, float]:
    """For each Thai digit, the chamfer distance of the glyph ``mask`` to the
    closest template of that digit (RMS over both directions, square pixels)."""
    import numpy as np

    sq = square(mask)
    if sq is None:
        return {}
    own = sq.ravel()
    to_tpl = tpl.dist2[:, own].mean(axis=1)  # glyph ink -> template ink
    to_glyph = (tpl.ink @ distance2(sq).ravel()) / tpl.count  # template ink -> glyph ink
    rms = np.sqrt((to_tpl + to_glyph) / 2)
    out: dict[str, float] = {}
    for label, d in zip(tpl.labels, rms.tolist()):
        if d < out.get(label, float("inf")):
            out[label] = d
    return out


def verdict(dist: dict[str, float], read: str) -> str | None:
    """The digit to put in place of Tesseract's reading ``read`` of one glyph,
    or None to keep it.

    The glyph must fit its best digit within :data:`FIT_MAX`. A single digit
    read is replaced when the glyph fits it at least :data:`MARGIN` worse. More
    than one character read for one glyph ("๕8" for ๘) is wrong anyway: it is
    replaced when the best digit beats every other by :data:`MARGIN`.
    """
    if not dist:
        return None
    ranked = sorted(dist, key=dist.get)
    best = ranked[0]
    if dist[best] > FIT_MAX or read == best:
        return None
    rival = dist.get(read) if len(read) == 1 else (dist[ranked[1]] if len(ranked) > 1 else None)
    if rival is None or rival - dist[best] < MARGIN:
        return None
    return best


@dataclass
class Glyph:
    """One glyph of a line image: its ink (bool array over its box) and box."""

    ink: object
    left: int
    top: int
    right: int
    bottom: int


def components(img) -> list[Glyph]:
    """The connected blobs of ink (< 128) of a line image, left to right; a
    blob lying within another's columns (a stroke broken by the scan) joins it."""
    import cv2
    import numpy as np

    s = current().ocr
    n, labels, stats, _ = cv2.connectedComponentsWithStats((img < 128).astype(np.uint8), connectivity=8)
    boxes = sorted(range(1, n), key=lambda i: -int(stats[i, cv2.CC_STAT_WIDTH]))
    groups: list[list[int]] = []
    spans: list[tuple[int, int, int, int]] = []
    for i in boxes:
        x, y, w, h = (int(v) for v in stats[i, :4])
        for k, (gx0, gy0, gx1, gy1) in enumerate(spans):
            overlap = min(x + w, gx1) - max(x, gx0)
            reach = s.stroke_reach_share * (gy1 - gy0)
            if overlap >= s.stroke_overlap_share * w and y < gy1 + reach and y + h > gy0 - reach:
                groups[k].append(i)
                spans[k] = (min(gx0, x), min(gy0, y), max(gx1, x + w), max(gy1, y + h))
                break
        else:
            groups.append([i])
            spans.append((x, y, x + w, y + h))
    out = []
    for ids, (x0, y0, x1, y1) in zip(groups, spans):
        ink = np.isin(labels[y0:y1, x0:x1], ids)
        out.append(Glyph(ink, x0, y0, x1, y1))
    return sorted(out, key=lambda g: g.left)


def trim(g: Glyph) -> Glyph | None:
    """The glyph cropped to its ink, or None without ink."""
    import numpy as np

    ys, xs = np.nonzero(g.ink)
    if len(xs) == 0:
        return None
    return Glyph(g.ink[ys.min():ys.max() + 1, xs.min():xs.max() + 1], g.left + int(xs.min()),
                 g.top + int(ys.min()), g.left + int(xs.max()) + 1, g.top + int(ys.max()) + 1)


def best_fit(g: Glyph, tpl: Templates) -> float:
    """How closely a glyph fits its best digit (inf without ink)."""
    dist = digit_distances(g.ink, tpl)
    return min(dist.values()) if dist else float("inf")


def split_touching(g: Glyph, tpl: Templates) -> list[Glyph]:
    """A blob much wider than tall as the digits it holds: cut at the column
    (in its middle 40 %) where both halves fit a digit best, while they fit
    one within :data:`FIT_MAX`; otherwise the blob as it is."""
    s = current().ocr
    w, h = g.right - g.left, g.bottom - g.top
    if w < s.split_aspect * h:
        return [g]
    best, cost = None, None
    for c in range(int(s.split_from_share * w), int(s.split_to_share * w) + 1):
        left = trim(Glyph(g.ink[:, :c], g.left, g.top, g.left + c, g.bottom))
        right = trim(Glyph(g.ink[:, c:], g.left + c, g.top, g.right, g.bottom))
        if left is None or right is None:
            continue
        fit = max(best_fit(left, tpl), best_fit(right, tpl))
        if cost is None or fit < cost:
            best, cost = (left, right), fit
    if best is None or cost > FIT_MAX:
        return [g]
    return split_touching(best[0], tpl) + split_touching(best[1], tpl)


def _owner(glyphs: Sequence[Glyph], w: Word) -> int | None:
    """The glyph a word belongs to: the one whose columns hold its centre, or
    the nearest within a third of the glyph's height."""
    mid = (w.left + w.right) / 2
    div = current().ocr.owner_reach_div
    best, gap = None, None
    for k, g in enumerate(glyphs):
        d = max(g.left - mid, mid - g.right, 0.0)
        if gap is None or d < gap:
            best, gap = k, d
    if best is None or gap > (glyphs[best].bottom - glyphs[best].top) / div:
        return None
    return best


def assign(glyphs: Sequence[Glyph], words: Sequence[Word]) -> list[int | None]:
    """The glyph of each word (:func:`_owner`). Tesseract's boxes are rough:
    a glyph left without a word takes the nearer end word of a neighbour that
    holds two or more, when that word's box reaches it ("๔." read as "๕" and
    "." with both centres on the digit)."""
    owners = [_owner(glyphs, w) for w in words]
    for k, g in enumerate(glyphs):
        if k in owners:
            continue
        for nb, pick in ((k - 1, max), (k + 1, min)):
            held = [i for i, o in enumerate(owners) if o == nb]
            if len(held) < 2:
                continue
            i = pick(held, key=lambda j: (words[j].left + words[j].right) / 2)
            if words[i].left < g.right and words[i].right > g.left:
                owners[i] = k
                break
    return owners


def _digits_only(texts: Sequence[str]) -> bool:
    """One character per word, every one a digit and one a Thai digit (a longer
    word may reach over other glyphs)."""
    return all(len(t) == 1 and _DIGIT_WORD.match(t) for t in texts) and any(_THAI_DIGIT.search(t) for t in texts)


def _words_by_glyph(glyphs: Sequence[Glyph], words: Sequence[Word]) -> dict[int, list[int]]:
    """The indexes of the words that each glyph holds (:func:`assign`)."""
    held: dict[int, list[int]] = {}
    for i, k in enumerate(assign(glyphs, words)):
        if k is not None:
            held.setdefault(k, []).append(i)
    return held


def _reread_glyph(g: Glyph, idx: list[int], words: Sequence[Word], tpl: Templates,
                  replace: dict[int, Word], drop: set[int]) -> None:
    """The digits of one glyph holding the digit words ``idx``, by shape: each
    piece (touching digits cut apart) that :func:`verdict` reads as another
    digit becomes one word spanning it, in ``replace`` at its first word's
    index, its other words in ``drop``."""
    if g.bottom - g.top < current().ocr.digit_min_height_px:
        return
    pieces = split_touching(g, tpl)
    # the words of each piece (a touching pair holds its two words)
    parts = [[i for i in idx if _owner(pieces, words[i]) == p] for p in range(len(pieces))]
    if not all(parts):
        return  # Tesseract saw fewer digits than the cut: no guessing which
    for piece, part in zip(pieces, parts):
        read = "".join(words[i].text for i in part)
        digit = verdict(digit_distances(piece.ink, tpl), read)
        if digit is None:
            continue
        conf = min(words[i].conf for i in part)
        replace[part[0]] = Word(digit, float(piece.left), float(piece.top), float(piece.right),
                                float(piece.bottom), conf)
        drop.update(part[1:])


def read_thai_digits(img, words: Sequence[Word]) -> list[Word]:
    """The words of one line image with its Thai digits read by shape.

    The words are grouped by the glyph their centre falls on. A glyph that
    holds only one-character digit words, one of them a Thai digit, and that
    :func:`verdict` reads as another digit becomes one word with that digit,
    spanning the glyph. Touching digits are cut apart first, when Tesseract
    read a digit on each part. Everything else is kept.
    """
    if not any(_THAI_DIGIT.search(w.text) for w in words):
        return list(words)
    tpl = templates()
    if tpl is None:
        return list(words)
    glyphs = components(img)
    replace: dict[int, Word] = {}  # first word index -> the new word
    drop: set[int] = set()
    for k, idx in _words_by_glyph(glyphs, words).items():
        if _digits_only([words[i].text for i in idx]):
            _reread_glyph(glyphs[k], idx, words, tpl, replace, drop)
    if not replace:
        return list(words)
    out = [replace.get(i, w) for i, w in enumerate(words) if i not in drop]
    return sorted(out, key=lambda w: w.left)
