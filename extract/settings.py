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

    space_gap_em: float = setting(0.28, "a gap this wide (in font sizes) between two glyphs is a typed space")
    column_space_em: float = setting(0.6, "a space glyph wider than this is the gap to the next column, not a typed space")
    mark_inside_left_share: float = setting(0.2, "a mark whose middle lies this far (share of a base's width) into another base belongs to it")
    mark_inside_right_share: float = setting(0.05, "... and this far short of that base's right end")
    band_share: float = setting(0.4, "a glyph whose middle is within this share of the line's height of the line's middle is on that line")
    hidden_space_share: float = setting(0.5, "a space glyph this much covered by letters is not drawn as a gap")
    letter_spaced_share: float = setting(0.5, "a line whose usual gap is this share of a space or more is letter-spaced")
    letter_spaced_space_share: float = setting(2.2, "in letter-spaced text a word space is this many usual gaps wide")
    letter_run_end_share: float = setting(1.5, "the gap after a letter-spaced run no wider than this many of its gaps is the run's own")


# --- cells: extract/cells.py ---------------------------------------------------------------------


@dataclass(frozen=True)
class CellSettings:
    """The table on one page: grid, gutters, clipped text, row splits."""

    # columns and rows without rules (extract/gutters.py, extract/unruled.py)
    min_gutter_em: float = setting(0.55, "a white strip at least this wide between text columns is a gutter")
    rule_min_page: float = setting(0.15, "a horizontal rule at least this share of the page width can bound a table's rows")
    below_rule_pitch: float = setting(1.5, "a line this many line heights below the last rule (or the last line under it) no longer belongs")
    block_gap_pitch: float = setting(2.5, "a gap this many line pitches wide ends a table without rules (a paragraph follows)")
    row_start_pitch: float = setting(1.45, "a column's text after a gap this many line spacings wide starts a new block (a row)")
    row_same_pitch: float = setting(0.9, "row starts closer than this many line spacings are one row (a centred header)")
    bold_share: float = setting(0.6, "a line with this share of bold glyphs is set in bold")
    hint_shift_pt: float = setting(40.0, "the page before's columns hold when the text starts within this many points right of them (points: a margin's shift)")
    # grids (extract/grid.py, extract/open_ends.py)
    edge_merge_pt: float = setting(2.0, "row edges closer than this are one rule (points: the finder's own rounding)")
    double_rule_pt: float = setting(6.5, "column edges closer than this are one double rule: no text fits between (points: a rule's drawing)")
    open_end_pt: float = setting(2.0, "column rules starting within this of each other start together (points: drawing precision)")
    open_end_band_page: float = setting(0.15, "a page break leaves a table's open end within this share of the page height from its edge")
    open_end_cover_share: float = setting(0.5, "a rule covering this share of the table's width closes it already")
    # clipped text (extract/clipped.py, extract/fill.py)
    run_gap_em: float = setting(0.25, "glyphs starting within this of where a run ends were typed as one run")
    run_baseline_em: float = setting(0.3, "glyphs whose bottoms differ by less than this sit on one baseline")
    run_back_em: float = setting(0.2, "a glyph may start this far left of the one before and still go on its run (marks, kerning)")
    rule_meet_em: float = setting(0.1, "text ending and text starting within this of a rule meet at it")
    cell_pad_em: float = setting(0.6, "a run starting (ending) within this of its cell's rule is left (right) aligned")
    pitch_min_em: float = setting(0.8, "the line pitch of one paragraph is at least this (Thai fonts set lines loosely)")
    pitch_max_em: float = setting(2.0, "... and at most this, for lines cut off above a table's top rule")
    wrap_pitch_max_em: float = setting(1.6, "... and at most this, for a paragraph running on under a rule")
    same_line_em: float = setting(0.15, "glyph tops within this of each other are one line")
    line_band_em: float = setting(0.3, "a line's glyphs start within this below its highest glyph")
    first_line_em: float = setting(0.7, "glyphs starting within this below a cell's first glyph are its first line")
    rule_clear_em: float = setting(0.1, "text this far past a rule is clear of it")
    cross_rule_em: float = setting(0.25, "a line crosses a rule when it starts this far above it")
    clipped_bottom_em: float = setting(0.2, "text starting this far above the table's bottom rule was clipped there, not set below")
    same_size_pt: float = setting(0.5, "font sizes within this are one size (points: sizes are rounded so)")
    collide_pt: float = setting(0.5, "glyphs overlapping by more than this collide (points: rounding of glyph boxes)")
    filled_share: float = setting(0.8, "a last line at least this share of its cell's text width filled it")
    beside_em: float = setting(0.2, "lines whose bottoms are within this share one baseline")
    # listed rows (extract/listed.py)
    record_same_em: float = setting(0.5, "figure lines within this of each other start one record")
    record_on_em: float = setting(0.3, "a line within this of a record's start sits on its baseline")
    record_edge_em: float = setting(0.25, "a record's top edge lies this far above its first line")
    # page furniture (extract/cells.py)
    page_number_top_page: float = setting(0.08, "page numbers sit in this top share of the page ...")
    page_number_bottom_page: float = setting(0.88, "... or below this share of it")


# --- stitch: extract/stitch.py -------------------------------------------------------------------


@dataclass(frozen=True)
class StitchSettings:
    """Page tables into one logical table: repeated headers, continuations."""

    same_columns_pt: float = setting(6.0, "column edges within this of the page before's hold the same table (points: the least drift word processors show)")
    same_columns_share: float = setting(0.05, "... or within this share of the table's width, when that is more")
    header_similar_share: float = setting(0.75, "a row this similar to the header's text repeats it (OCR misreads a little)")
    new_header_share: float = setting(0.5, "a bold first row less similar than this to the header starts a new table")
    bold_share: float = setting(0.6, "a cell (a row) with more than this share of bold glyphs (cells) is bold")
    full_line_share: float = setting(0.7, "a cell's last line reaching this share of its column's width filled it (it may wrap on)")


# --- ocr: extract/ocr/ ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OcrSettings:
    """Scanned pages: page trust, grid finding, deskew, lines, Tesseract."""


# --- pdf: extract/pdf.py, extract/fonts.py, extract/glyph_shapes.py -----------------------------


@dataclass(frozen=True)
class PdfSettings:
    """The text layer and its fonts."""


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
