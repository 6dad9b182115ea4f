"""Every tolerance thaitab's extraction and repairs use, in one object.

pdfplumber's ``table_settings`` is the model: one set of named values, each in
a unit that follows from the page (``_em``: the font size of the text it is
measured against; ``_pitch``: the line pitch; ``_page``: a fraction of the
page's width or height; ``_share``: a fraction of a count) and each with the
reason it has the value it has. A user facing a hard document overrides one
value without touching the code::

    read_pdf("report.pdf", settings={"cells.min_gutter_em": 0.8})
    thaitab extract report.pdf -o out --setting cells.min_gutter_em=0.8

The settings in force are a context (like :func:`decimal.localcontext`):
:func:`use` sets them for the pipeline's run, :func:`current` reads them where a
tolerance is applied. The defaults are what every measured figure of the
README was made with.

The sections mirror the pipeline's stages, one per module family: ``lines``
(chars into lines), ``cells`` (the table on a page), ``stitch`` (pages into one
table), ``ocr`` (scanned pages), ``pdf`` (the text layer and its fonts) and
``text`` (Thai repairs, joining wrapped lines, profiles).
"""
from __future__ import annotations

import contextlib
import contextvars
import dataclasses
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping


def setting(default: Any, why: str) -> Any:
    """A field of a settings section: its default and the one-line reason for it
    (``thaitab settings`` prints both)."""
    return field(default=default, metadata={"why": why})


# --- lines: extract/lines.py ---------------------------------------------------------------------


@dataclass(frozen=True)
class LineSettings:
    """Chars into lines and words."""

    # Example of the form every field takes (the stage's owner replaces it with the real ones):
    # space_gap_em: float = setting(0.28, "a gap this wide (in font sizes) between two glyphs is a typed space")


# --- cells: extract/cells.py ---------------------------------------------------------------------


@dataclass(frozen=True)
class CellSettings:
    """The table on one page: grid, gutters, clipped text, row splits."""


# --- stitch: extract/stitch.py -------------------------------------------------------------------


@dataclass(frozen=True)
class StitchSettings:
    """Page tables into one logical table: repeated headers, continuations."""


# --- ocr: extract/ocr/ ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OcrSettings:
    """Scanned pages: page trust, grid finding, deskew, lines, Tesseract."""


# --- pdf: extract/pdf.py, extract/fonts.py, extract/glyph_shapes.py -----------------------------


@dataclass(frozen=True)
class PdfSettings:
    """The text layer and its fonts."""

    few_unread_glyphs: int = setting(
        10, "a page with fewer unread glyphs than this has them read from the page image (a count: "
            "the share limit, extract.ocr.MAX_CID_SHARE, says nothing on a page of few chars)")
    glyph_fit_max: float = setting(
        1.0, "a glyph read by its shape fits its template within this chamfer distance (pixels of the "
             "40 px square): the real budget books' marks fit within 0.75, a display face's letters 0.85-1.4")
    glyph_margin: float = setting(
        0.3, "... and beats the next reading by this chamfer distance (a bold nikhahit beats the chattawa "
             "by 0.35; a wrong reading never beat a right one by more than 0.2)")
    glyph_height_ratio: float = setting(
        1.7, "a glyph and a template may differ in height by this factor (UPC families draw Thai smaller "
             "for the same em; a glyph of another class differs by 3 or more)")
    glyph_zone_tol_height: float = setting(
        0.35, "a glyph's bottom and top may sit this many consonant heights from a template's (a tone "
              "mark sits about 1.1 above the baseline, a sara u about 0.3 below it)")
    baseline_band_em: float = setting(
        0.05, "a glyph whose bottom is this near the baseline (in ems) stands on it: a consonant, whose "
              "height is the unit of the glyph zones")
    consonant_min_em: float = setting(
        0.2, "... and is at least this tall (in ems): a dot or a dash on the baseline is no consonant")


# --- text: extract/thai/, extract/wrap.py, extract/words.py, normalize/ --------------------------


@dataclass(frozen=True)
class TextSettings:
    """Thai repairs, wrapped lines joined, numbers, dates and profiles."""


# -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """All sections. Frozen: a run's settings cannot change under it."""

    lines: LineSettings = field(default_factory=LineSettings)
    cells: CellSettings = field(default_factory=CellSettings)
    stitch: StitchSettings = field(default_factory=StitchSettings)
    ocr: OcrSettings = field(default_factory=OcrSettings)
    pdf: PdfSettings = field(default_factory=PdfSettings)
    text: TextSettings = field(default_factory=TextSettings)


DEFAULT = Settings()

_active: contextvars.ContextVar[Settings] = contextvars.ContextVar("thaitab_settings", default=DEFAULT)


def current() -> Settings:
    """The settings in force (the defaults unless a caller entered :func:`use`)."""
    return _active.get()


@contextlib.contextmanager
def use(settings: Settings | Mapping[str, Any] | None) -> Iterator[Settings]:
    """Run the block with ``settings`` in force (a :class:`Settings`, or a mapping of
    ``"section.name": value`` overrides of the defaults; None keeps what is in force)."""
    chosen = resolve(settings)
    token = _active.set(chosen)
    try:
        yield chosen
    finally:
        _active.reset(token)


def resolve(settings: Settings | Mapping[str, Any] | None) -> Settings:
    """A :class:`Settings` from what a caller passed (see :func:`use`)."""
    if settings is None:
        return current()
    if isinstance(settings, Settings):
        return settings
    return override(current(), settings)


def names() -> dict[str, Any]:
    """Every setting as ``"section.name": default``, in declaration order."""
    out: dict[str, Any] = {}
    for section in dataclasses.fields(Settings):
        for f in dataclasses.fields(getattr(DEFAULT, section.name)):
            out[f"{section.name}.{f.name}"] = getattr(getattr(DEFAULT, section.name), f.name)
    return out


def override(base: Settings, values: Mapping[str, Any]) -> Settings:
    """``base`` with ``{"section.name": value}`` replaced. A value may be a string
    (from the command line): it is read as the default's type. Unknown names and
    values of the wrong kind raise ValueError naming the setting."""
    known = names()
    sections: dict[str, dict[str, Any]] = {}
    for key, value in values.items():
        if key not in known:
            raise ValueError(f"unknown setting {key!r} (see `thaitab settings`)")
        section, name = key.split(".", 1)
        sections.setdefault(section, {})[name] = _as_type(key, value, known[key])
    return dataclasses.replace(
        base, **{s: dataclasses.replace(getattr(base, s), **v) for s, v in sections.items()}
    )


def parse_assignment(text: str) -> tuple[str, str]:
    """``"cells.min_gutter_em=0.8"`` -> ``("cells.min_gutter_em", "0.8")``."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise ValueError(f"a setting is written name=value, not {text!r}")
    return key.strip(), value.strip()


def _as_type(key: str, value: Any, default: Any) -> Any:
    if not isinstance(value, str) or isinstance(default, str):
        kind = type(default)
        if isinstance(default, tuple) and isinstance(value, (list, tuple)):
            return tuple(value)
        if isinstance(value, bool) != isinstance(default, bool) or not isinstance(value, (kind, int)):
            raise ValueError(f"setting {key!r} takes a {kind.__name__}, not {value!r}")
        return kind(value)
    try:
        if isinstance(default, bool):
            if value.lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise ValueError
            return value.lower() in ("true", "1", "yes")
        if isinstance(default, tuple):
            return tuple(type(d)(part) for d, part in zip(default, value.split(",", len(default) - 1)))
        return type(default)(value)
    except ValueError:
        raise ValueError(f"setting {key!r} takes a {type(default).__name__}, not {value!r}") from None
