"""Read the text of "(cid:N)" glyphs from the font program itself.

pdfminer writes "(cid:N)" for a glyph whose font gives no Unicode for it (a
Type0 font without a /ToUnicode map). The embedded TrueType program often still
says what the glyph is: its glyph names ("uni0E48" is MAI EK) and its own cmap
table. For an Identity-mapped CID font the CID is the glyph index, so those two
give CID → text. A glyph without a name or a cmap entry is read by the shape of
its outline (:mod:`extract.glyph_shapes`). A glyph whose /ToUnicode value is
U+FFFD is treated the same way (a hook of :func:`font_patches` makes pdfminer write
it as "(cid:N)"). A glyph nothing explains becomes
:data:`extract.glyph_shapes.UNREAD`, and the rows that hold it say so.
"""
from __future__ import annotations

import io
import logging
import threading
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator, Mapping

from pdfminer.pdftypes import resolve1


@contextmanager
def quiet_fonttools() -> Iterator[None]:
    """fontTools' warnings held back: a subset font's odd 'head' timestamp is
    no news to a user."""
    log = logging.getLogger("fontTools")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


def _name(obj) -> str:
    """A PDF name as plain text (pdfminer's PSLiteral or a str)."""
    return str(getattr(obj, "name", obj)).lstrip("/")


def glyph_texts(data: bytes) -> dict[int, str]:
    """Glyph index → text from a TrueType program's cmap and glyph names."""
    from fontTools.agl import toUnicode
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), lazy=True)
    order = font.getGlyphOrder()
    index = {name: i for i, name in enumerate(order)}
    out: dict[int, str] = {}
    if "post" in font or "CFF " in font:
        for i, name in enumerate(order):
            text = toUnicode(name.split(".", 1)[0]) if name and not name.startswith("glyph") else ""
            if text and text.isprintable():
                out[i] = text
    if "cmap" in font:
        for code, name in (font.getBestCmap() or {}).items():
            gid = index.get(name)
            if gid is not None and gid not in out:
                out[gid] = chr(code)
    if "GSUB" in font:
        try:
            _from_substitutions(font, index, out)
        except Exception:  # an unusual GSUB table: keep what the names and cmap gave
            pass
    return out


def _from_substitutions(font, index: Mapping[str, int], out: dict[int, str]) -> None:
    """Unnamed glyphs that the font's own substitutions make from named ones:
    a positional variant ("glyph00999" for a MAI EK moved left) reads as the
    glyph it replaces, a ligature as its components."""
    by_name = {name: out[gid] for name, gid in index.items() if gid in out}
    lookups = font["GSUB"].table.LookupList
    if lookups is None:
        return
    for _round in range(2):  # a variant of a variant
        for lookup in lookups.Lookup:
            for sub in lookup.SubTable:
                _substituted(getattr(sub, "ExtSubTable", sub), by_name)
    for name, text in by_name.items():
        gid = index.get(name)
        if gid is not None and gid not in out:
            out[gid] = text


def _substituted(sub, by_name: dict[str, str]) -> None:
    """Name the glyphs one GSUB subtable makes from named ones (into ``by_name``):
    a single substitution's target reads as its source, a ligature as its
    components (a multiple substitution maps to lists: skipped)."""
    for src, dst in (getattr(sub, "mapping", None) or {}).items():
        if isinstance(dst, str) and dst not in by_name and src in by_name:
            by_name[dst] = by_name[src]
    for first, ligs in (getattr(sub, "ligatures", None) or {}).items():
        for lig in ligs:
            parts = [first, *lig.Component]
            if lig.LigGlyph not in by_name and all(p in by_name for p in parts):
                by_name[lig.LigGlyph] = "".join(by_name[p] for p in parts)


def _to_unicode(font: Mapping) -> dict[int, str]:
    """CID → text of the font's /ToUnicode map ({} without one)."""
    ref = font.get("ToUnicode")
    if ref is None:
        return {}
    try:
        from pdfminer.cmapdb import CMapParser, FileUnicodeMap

        cmap = FileUnicodeMap()
        CMapParser(cmap, io.BytesIO(resolve1(ref).get_data())).run()
        return dict(cmap.cid2unichr)
    except Exception:  # a damaged map: the shapes alone
        return {}


def glyph_indexes(font: Mapping, program) -> Callable[[int], int | None]:
    """Code → glyph index in the font's embedded program (a fontTools font).

    A Type0 font goes by its descendant's /CIDToGIDMap: Identity (or none)
    or a stream of two-byte glyph indexes. A simple TrueType font goes by the
    program's own (3,0) or (1,0) cmap, as the PDF specification reads a
    symbolic font (section 9.6.6.4): the code, or 0xF000 + the code."""
    subtype = _name(font.get("Subtype"))
    if subtype == "Type0":
        descendants = resolve1(font.get("DescendantFonts")) or [{}]
        font = resolve1(descendants[0]) or {}
        subtype = _name(font.get("Subtype"))
    if subtype.startswith("CIDFontType"):
        gid_map = resolve1(font.get("CIDToGIDMap"))
        if gid_map is None or _name(gid_map) == "Identity":
            return lambda cid: cid
        data = gid_map.get_data()
        return lambda cid: int.from_bytes(data[2 * cid:2 * cid + 2], "big") if 0 <= 2 * cid < len(data) - 1 else None
    index = {name: i for i, name in enumerate(program.getGlyphOrder())}
    tables = {(t.platformID, t.platEncID): t.cmap for t in program["cmap"].tables} if "cmap" in program else {}
    symbol, mac = tables.get((3, 0), {}), tables.get((1, 0), {})
    return lambda code: index.get(symbol.get(code) or symbol.get(0xF000 + code) or mac.get(code))


def font_program(font: Mapping) -> bytes | None:
    """The embedded TrueType (or OpenType) program of a Type0 font with a
    TrueType descendant, or of a simple TrueType font."""
    if _name(font.get("Subtype")) == "Type0":
        descendants = resolve1(font.get("DescendantFonts"))
        if not descendants:
            return None
        font = resolve1(descendants[0])
    descriptor = resolve1(font.get("FontDescriptor")) or {}
    program = descriptor.get("FontFile2") or descriptor.get("FontFile3")
    return resolve1(program).get_data() if program is not None else None


class _FontReader:
    """What one font with an embedded TrueType program says about its glyphs:
    names and cmap first, shapes for the rest (read when asked). Codes are
    mapped to glyph indexes by :func:`glyph_indexes`."""

    def __init__(self, font: Mapping) -> None:
        self.program: bytes | None = None
        self.named: dict[int, str] = {}  # glyph index → text
        self.read: dict[int, str | None] = {}  # glyph index → text read by shape
        self.known: dict[int, str] | None = None
        self.gid: Callable[[int], int | None] = lambda code: None
        self.font = font
        if _name(font.get("Subtype")) not in ("Type0", "TrueType"):
            return
        try:
            self.program = font_program(font)
            if self.program is None:
                return
            from fontTools.ttLib import TTFont

            self.gid = glyph_indexes(font, TTFont(io.BytesIO(self.program), lazy=True))
            self.named = glyph_texts(self.program)
        except Exception:  # a damaged or unusual font program: shapes only, if any
            self.named = {}

    def texts(self, cids: Iterable[int]) -> dict[int, str]:
        """Code → text for these codes; :data:`UNREAD` for the ones nothing explains."""
        from thaitab.extract.glyph_shapes import UNREAD, read_glyphs

        gids = {c: self.gid(c) for c in cids}
        todo = sorted({g for g in gids.values() if g is not None and g not in self.named and g not in self.read})
        if todo and self.program is not None:
            if self.known is None:
                self.known = {g: t for c, t in _to_unicode(self.font).items() if (g := self.gid(c)) is not None}
            try:
                found = read_glyphs(self.program, todo, {**self.known, **self.named})
            except Exception:  # a font the outline reader cannot draw: unread
                found = {}
            for g in todo:
                self.read[g] = found.get(g)
        return {c: self.named.get(g) or self.read.get(g) or UNREAD if g is not None else UNREAD
                for c, g in gids.items()}


def _page_fonts(resources, depth: int = 0) -> Iterator[object]:
    """The font references of a resource dictionary and of the forms it draws."""
    try:
        resources = resolve1(resources) or {}
        yield from (resolve1(resources.get("Font")) or {}).values()
        if depth < 3:
            for ref in (resolve1(resources.get("XObject")) or {}).values():
                xobj = resolve1(ref)
                attrs = getattr(xobj, "attrs", {})
                if _name(attrs.get("Subtype")) == "Form" and attrs.get("Resources") is not None:
                    yield from _page_fonts(attrs.get("Resources"), depth + 1)
    except Exception:
        return


def _char_font_name(font: Mapping) -> str:
    """The font name pdfminer gives the chars of a font: for a Type0 font its
    descendant's /BaseFont (which may differ from the Type0's own)."""
    if _name(font.get("Subtype")) == "Type0":
        descendants = resolve1(font.get("DescendantFonts"))
        if descendants:
            base = resolve1(descendants[0]).get("BaseFont")
            if base is not None:
                return _name(base)
    return _name(font.get("BaseFont"))


_used = threading.local()


@contextmanager
def fonts_used() -> Iterator[dict]:
    """Inside this block, the fonts pdfminer loads are collected: {objid: spec}."""
    previous = getattr(_used, "fonts", None)
    _used.fonts = seen = {}
    try:
        yield seen
    finally:
        _used.fonts = previous


def cid_texts(page, cache: dict, wanted: Mapping[str, set[int]],
              used: Mapping[object, Mapping] | None = None) -> dict[str, dict[int, str]]:
    """For the fonts of ``page`` (and of the forms it draws; ``used``, from
    :func:`fonts_used`, when the page was laid out inside it): base font name →
    {code: text} for the codes ``wanted`` per font name. A wanted code nothing
    explains maps to :data:`extract.glyph_shapes.UNREAD`.

    ``cache`` (font object id → reader) is shared by the pages of one document,
    so each font program is read once and each glyph drawn once."""
    from thaitab.extract.glyph_shapes import UNREAD

    out: dict[str, dict[int, str]] = {}
    try:
        if used:
            refs = list(used.items())
        else:
            refs = [(getattr(r, "objid", None) or id(r), r) for r in _page_fonts(page.page_obj.resources)]
    except Exception:
        return out
    with quiet_fonttools():
        for key, ref in refs:
            try:
                font = resolve1(ref)
                if key not in cache:
                    cache[key] = _FontReader(font)
                name = _char_font_name(font)
            except Exception:
                continue
            if wanted.get(name):
                texts = out.setdefault(name, {})
                for cid, text in cache[key].texts(sorted(wanted[name])).items():
                    if texts.get(cid) in (None, UNREAD):  # two fonts of one name: a reading wins
                        texts[cid] = text
    return out


def wanted_cids(chars: Iterable[Mapping]) -> dict[str, set[int]]:
    """Font name → the CIDs drawn as "(cid:N)" on a page."""
    out: dict[str, set[int]] = {}
    for c in chars:
        text = c["text"]
        if text.startswith("(cid:") and text.endswith(")"):
            try:
                out.setdefault(c.get("fontname", ""), set()).add(int(text[5:-1]))
            except ValueError:
                continue
    return out


def font_patches() -> list[tuple[type, str, object]]:
    """thaitab's hooks in pdfminer's font handling, as (class, attribute, hook),
    for :func:`extract.guard.pdfminer_guard` to put in place and take out again.
    They act only inside :func:`fonts_used` (in the thread that entered it):

    * ``PDFResourceManager.get_font`` tells :func:`fonts_used` every Type0 and TrueType font
      a page (or a form it draws, however deep, inherited resources too) asks
      for while it is laid out;
    * ``PDFCIDFont.to_unichr`` writes a glyph whose /ToUnicode value is U+FFFD
      (the producer's "unknown") as "(cid:N)", like a glyph with no value at
      all, so that it is read from the font program instead of reaching a cell
      as "\ufffd";
    * ``to_unichr`` of every font gives a Thai mark whose /ToUnicode value is
      on the wrong side of the line the mark its outline shows
      (:mod:`extract.mark_sides`)."""
    from pdfminer.pdffont import PDFCIDFont, PDFSimpleFont
    from pdfminer.pdfinterp import PDFResourceManager

    return [(PDFResourceManager, "get_font", _get_font_hook(PDFResourceManager.get_font)),
            (PDFCIDFont, "to_unichr", _marks_hook(_fffd_hook(PDFCIDFont.to_unichr))),
            (PDFSimpleFont, "to_unichr", _marks_hook(PDFSimpleFont.to_unichr))]


def _get_font_hook(original):
    def get_font(self, objid, spec):
        seen = getattr(_used, "fonts", None)
        # a Type0 font loads its descendant through here too: the Type0 is the one read
        if seen is not None and len(seen) < 1000 and _name(spec.get("Subtype")) in ("Type0", "TrueType"):
            seen.setdefault(objid or id(spec), spec)
        font = original(self, objid, spec)
        if seen is not None and not hasattr(font, "_thaitab_spec"):
            try:
                font._thaitab_spec = spec  # what extract.mark_sides reads the glyph map from
            except AttributeError:
                pass
        return font

    return get_font


def _marks_hook(original):
    from thaitab.extract.mark_sides import mark_fixes, suspect

    def to_unichr(self, cid: int) -> str:
        text = original(self, cid)
        if suspect(text) and getattr(_used, "fonts", None) is not None:
            fixes = self.__dict__.get("_thaitab_marks")
            if fixes is None:
                fixes = self._thaitab_marks = mark_fixes(self, getattr(self, "_thaitab_spec", None))
            return fixes.get(cid, text)
        return text

    return to_unichr


def _fffd_hook(original):
    from pdfminer.pdffont import PDFUnicodeNotDefined

    def to_unichr(self, cid: int) -> str:
        text = original(self, cid)
        if "\ufffd" in text and getattr(_used, "fonts", None) is not None:
            raise PDFUnicodeNotDefined(getattr(self, "cidcoding", None), cid)
        return text

    return to_unichr


def has_cids(chars: Iterable[Mapping]) -> bool:
    return any(c["text"].startswith("(cid:") for c in chars)


# kept for callers of the old private name
_glyph_texts = glyph_texts
