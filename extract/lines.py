"""Group the characters of one cell (or one page region) into text lines.

A line keeps its characters, so that later stages can ask how full it is and
how wide its first word is (that decides how wrapped lines join). Within a line
Thai marks stay with the base glyph they were drawn after; clusters are then put
in x order, which is the logical order for Thai and Latin alike.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Sequence

from thaitab.extract.chars import Char
from thaitab.extract.settings import current
from thaitab.extract.thai.charset import is_thai_text

@dataclass(frozen=True, slots=True)
class Line:
    """One baseline of text: its characters in reading order and its box."""

    chars: tuple[Char, ...]
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def ends_with_space(self) -> bool:
        """The line ends in a space glyph the author typed (a word processor
        hangs the space it wrapped at past the line end). A space char wider
        than 0.6 em is the gap to the next column (OCR writes one), not that."""
        last = self.chars[-1] if self.chars else None
        return last is not None and last.text == " " and last.x1 - last.x0 <= current().lines.column_space_em * self.size


def _clusters(chars: Sequence[Char]) -> list[list[Char]]:
    """Split chars (drawing order) into base+marks clusters."""
    s = current().lines
    clusters: list[list[Char]] = []
    for c in chars:
        if c.is_mark and clusters:
            # a mark belongs to the base it sits on: normally the glyph drawn just
            # before it; if its position is clearly inside another base, that one
            base = clusters[-1][0]
            mid = (c.x0 + c.x1) / 2
            if not (base.x0 - 1 <= mid <= base.x1 + 1):
                for cl in reversed(clusters[-6:]):
                    b = cl[0]
                    w = b.x1 - b.x0
                    if b.x0 + s.mark_inside_left_share * w < mid < b.x1 - s.mark_inside_right_share * w:
                        cl.append(c)
                        break
                else:
                    clusters[-1].append(c)
                continue
            clusters[-1].append(c)
        else:
            clusters.append([c])
    return clusters


def _space_gap(clusters: list[list[Char]], size: float) -> float:
    """The narrowest gap between glyphs that reads as a space on this line.

    Normally a quarter of the font size. In letter-spaced text (Word's
    distributed alignment, display titles: "ก า ร ส นั บ") every glyph stands
    apart, so only a gap well beyond the usual one is a word space."""
    gaps = sorted(b[0].x0 - a[0].x1 for a, b in zip(clusters, clusters[1:])
                  if a[0].text.strip() and b[0].text.strip())
    s = current().lines
    base = s.space_gap_em * size
    if len(gaps) >= 4:
        usual = gaps[len(gaps) // 2]
        if usual > s.letter_spaced_share * base:
            return max(base, s.letter_spaced_space_share * usual)
    return base


def _hidden_spaces(clusters: list[list[Char]]) -> list[list[Char]]:
    """Leave out space glyphs drawn over letters.

    Some producers (Word 2016 on justified Thai) put space characters in the
    text layer at positions the letters already fill: "ค ุ ณ ภ า พ" is drawn
    as one unbroken word. A space that a reader can see lies in a gap; one
    whose box is mostly covered by ink is not there. ``clusters`` are in x order.
    """
    ink = [cl[0] for cl in clusters if cl[0].text.strip()]
    if not ink:
        return clusters
    starts = [c.x0 for c in ink]
    share = current().lines.hidden_space_share
    out = []
    for cl in clusters:
        sp = cl[0]
        if sp.text == " " and sp.x1 > sp.x0:
            i = bisect_left(starts, sp.x1)
            covered = sum(max(0.0, min(sp.x1, c.x1) - max(sp.x0, c.x0)) for c in ink[max(0, i - 3):i])
            if covered > share * (sp.x1 - sp.x0):
                continue
        out.append(cl)
    return out


def _gaps(clusters: list[list[Char]], min_gap: float) -> dict[int, float]:
    """Index of each cluster that a word space (a gap wider than ``min_gap``)
    goes before, with the gap's width; letter-spaced runs left out."""
    gaps: dict[int, float] = {}
    prev_x1: float | None = None
    for i, cl in enumerate(clusters):
        base = cl[0]
        if prev_x1 is not None and base.text != " " and base.x0 - prev_x1 > min_gap:
            gaps[i] = base.x0 - prev_x1
        if base.text != " ":
            prev_x1 = base.x1 if prev_x1 is None else max(prev_x1, base.x1)
    return _close_letter_spacing(clusters, gaps)


def _close_letter_spacing(clusters: list[list[Char]], gaps: dict[int, float]) -> dict[int, float]:
    """Drop the gaps of a letter-spaced run: three or more Thai glyphs in a row,
    each standing alone between gaps ("ต า ม", Word's distributed alignment on
    a short line). Thai puts no space between single letters. The gap after
    the run goes too when it is no wider than the run's own."""
    starts = sorted(gaps)
    bounds = [0] + starts + [len(clusters)]
    single = []
    for a, b in zip(bounds, bounds[1:]):
        ink = [cl for cl in clusters[a:b] if cl[0].text.strip()]
        single.append(len(ink) == 1 and is_thai_text(ink[0][0].text))
    out = dict(gaps)
    k = 0
    while k < len(single):
        if not single[k]:
            k += 1
            continue
        end = k
        while end + 1 < len(single) and single[end + 1]:
            end += 1
        if end - k + 1 >= 3:
            inner = [starts[j - 1] for j in range(k + 1, end + 1)]
            widest = max(gaps[i] for i in inner)
            for i in inner:
                del out[i]
            if end < len(starts) and gaps[starts[end]] <= current().lines.letter_run_end_share * widest:
                del out[starts[end]]
        k = end + 1
    return out


def make_line(chars: Sequence[Char]) -> Line:
    """Build a :class:`Line` from the chars of one baseline (any order)."""
    clusters = _clusters(chars)
    clusters.sort(key=lambda cl: cl[0].x0)
    clusters = _hidden_spaces(clusters)
    parts: list[str] = []
    ordered: list[Char] = []
    size = max(c.size for c in chars)
    gaps = _gaps(clusters, _space_gap(clusters, size))
    for i, cl in enumerate(clusters):
        if i in gaps:
            if parts and not parts[-1].endswith(" "):
                parts.append(" ")
        parts.extend(c.text for c in cl)
        ordered.extend(cl)
    text = "".join(parts)
    ink = [c for c in ordered if c.text.strip()]
    box = ink or ordered
    return Line(
        chars=tuple(ordered),
        text=text,
        x0=min(c.x0 for c in box),
        x1=max(c.x1 for c in box),
        top=min(c.top for c in box),
        bottom=max(c.bottom for c in box),
        size=size,
    )


def group_lines(chars: Sequence[Char], overlaid: bool = False) -> list[Line]:
    """Cluster chars into lines by vertical position, top to bottom.

    Chars whose vertical centre lies within the band of the current line join
    it; Thai marks are drawn with the same box as their base so they follow.
    With ``overlaid`` (the chars of one cell), lines drawn over each other are
    told apart (:func:`_overlaid`); across a page, glyphs of other columns
    would be dealt to them too.
    """
    if not chars:
        return []
    order = sorted(range(len(chars)), key=lambda i: (chars[i].top + chars[i].bottom) / 2)
    band_share = current().lines.band_share
    bands: list[list[int]] = []
    band_mid = 0.0
    band_h = 0.0
    for i in order:
        c = chars[i]
        mid = (c.top + c.bottom) / 2
        h = c.bottom - c.top
        if bands and abs(mid - band_mid) <= band_share * max(band_h, h):
            bands[-1].append(i)
        else:
            bands.append([i])
            band_mid, band_h = mid, h
    lines = []
    for band in bands:
        band.sort()  # back to drawing order inside the line
        for part in _overlaid(chars, band) if overlaid else [band]:
            line = make_line([chars[i] for i in part])
            if line.text.strip():
                lines.append(line)
    return lines


def _overlaid(chars: Sequence[Char], band: list[int]) -> list[list[int]]:
    """A band split into the lines drawn over each other in it.

    Two lines a reader sees never overlap; a spreadsheet that draws a cell's
    text taller than its row lays it over the next row's text, a few points
    off its baseline, and by height the two would be one line ("กสมุารทรส").
    When base glyphs of the band collide side by side and start at different
    heights, each glyph goes to the line of its own top; a mark (or a glyph of
    no advance: a mark whatever its code, in a font that maps marks wrongly)
    stays with the base drawn before it. One line, or glyphs drawn twice on
    one baseline (a fake bold), is returned whole."""
    s = current().cells
    bases = [i for i in band if chars[i].text.strip() and not chars[i].is_mark
             and chars[i].x1 - chars[i].x0 > s.collide_pt]
    if not _stacked(chars, bases, s.collide_pt, s.same_line_em):
        return [band]
    tops: list[float] = []
    for i in sorted(bases, key=lambda i: chars[i].top):
        if not tops or chars[i].top - tops[-1] > s.same_line_em * chars[i].size:
            tops.append(chars[i].top)
    parts: list[list[int]] = [[] for _ in tops]
    is_base = set(bases)
    k = 0
    for i in band:
        if i in is_base or not parts[k]:
            k = min(range(len(tops)), key=lambda t: abs(tops[t] - chars[i].top))
        parts[k].append(i)
    return [part for part in parts if part]


def _stacked(chars: Sequence[Char], bases: list[int], tol: float, same_em: float) -> bool:
    """Do two of these glyphs overlap side by side while starting at different
    heights? Checked in x order, each against the glyphs that start before it
    ends (a line's glyphs touch only their neighbours)."""
    order = sorted(bases, key=lambda i: chars[i].x0)
    for a, i in enumerate(order):
        for j in order[a + 1:]:
            if chars[j].x0 >= chars[i].x1 - tol:
                break
            if chars[i].x0 < chars[j].x1 - tol and abs(chars[i].top - chars[j].top) > same_em * chars[i].size:
                return True
    return False
