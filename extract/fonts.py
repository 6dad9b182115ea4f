"""Read the text of "(cid:N)" glyphs from the font program itself.

pdfminer writes "(cid:N)" for a glyph whose font gives no Unicode for it (a
Type0 font without a /ToUnicode map). The embedded TrueType program often still
says what the glyph is: its glyph names ("uni0E48" is MAI EK) and its own cmap
table. For an Identity-mapped CID font the CID is the glyph index, so those two
give CID → text. Glyphs the font does not explain stay "(cid:N)", and the rows
that hold them say so.
"""
from __future__ import annotations

import io
from typing import Iterable, Mapping

from pdfminer.pdftypes import resolve1


def _name(obj) -> str:
    """A PDF name as plain text (pdfminer's PSLiteral or a str)."""
    return str(getattr(obj, "name", obj)).lstrip("/")


def _glyph_texts(data: bytes) -> dict[int, str]:
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
                sub = getattr(sub, "ExtSubTable", sub)
                mapping = getattr(sub, "mapping", None)
                if mapping:  # single substitution (a multiple one maps to lists: skipped)
                    for src, dst in mapping.items():
                        if isinstance(dst, str) and dst not in by_name and src in by_name:
                            by_name[dst] = by_name[src]
                ligatures = getattr(sub, "ligatures", None)
                if ligatures:
                    for first, ligs in ligatures.items():
                        for lig in ligs:
                            parts = [first, *lig.Component]
                            if lig.LigGlyph not in by_name and all(p in by_name for p in parts):
                                by_name[lig.LigGlyph] = "".join(by_name[p] for p in parts)
    for name, text in by_name.items():
        gid = index.get(name)
        if gid is not None and gid not in out:
            out[gid] = text


def _font_map(font: Mapping) -> dict[int, str]:
    """CID → text for one Type0 font with an Identity CID-to-glyph map."""
    if _name(font.get("Subtype")) != "Type0" or "ToUnicode" in font:
        return {}
    descendants = resolve1(font.get("DescendantFonts"))
    if not descendants:
        return {}
    cid_font = resolve1(descendants[0])
    gid_map = cid_font.get("CIDToGIDMap")
    if gid_map is not None and _name(resolve1(gid_map)) != "Identity":
        return {}  # a CID→GID stream: not read here
    descriptor = resolve1(cid_font.get("FontDescriptor")) or {}
    program = descriptor.get("FontFile2")
    if program is None:
        return {}
    try:
        return _glyph_texts(resolve1(program).get_data())
    except Exception:  # a damaged or unusual font program: leave its glyphs as they are
        return {}


def cid_texts(page, cache: dict[int, dict[int, str]]) -> dict[str, dict[int, str]]:
    """For the fonts of ``page``: base font name → {CID: text}.

    ``cache`` (font object id → map) is shared by the pages of one document, so
    each font program is read once."""
    out: dict[str, dict[int, str]] = {}
    try:
        fonts = resolve1(page.page_obj.resources.get("Font")) or {}
    except Exception:
        return out
    for ref in fonts.values():
        key = getattr(ref, "objid", None) or id(ref)
        if key not in cache:
            try:
                cache[key] = _font_map(resolve1(ref))
            except Exception:
                cache[key] = {}
        if cache[key]:
            font = resolve1(ref)
            out.setdefault(_name(font.get("BaseFont")), {}).update(cache[key])
    return out


def has_cids(chars: Iterable[Mapping]) -> bool:
    return any(c["text"].startswith("(cid:") for c in chars)
