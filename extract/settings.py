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
import difflib
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping, TypeVar


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
    figure_gutter_em: float = setting(0.2, "between figures (a number never holds a space) a white strip this wide is a gutter")
    rule_max_em: float = setting(0.25, "a filled box at most this wide or tall is drawn as a rule; a larger one is shading, whose sides are no column rules")
    shaded_row_min_em: float = setting(1.0, "a band of shading at least this tall could shade a row of text; one that shades no text is then no part of a table (a lower one is a bar, a rule)")
    rule_min_page: float = setting(0.15, "a horizontal rule at least this share of the page width can bound a table's rows")
    group_centre_share: float = setting(0.1, "a header label centred within this share of its underline's width over a group of columns names the group (a merged cell centres its text)")
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
    open_end_row_page: float = setting(0.1, "column rules broken together over at most this share of the page height frame a row merged across them")
    # clipped text (extract/clipped.py, extract/fill.py)
    run_gap_em: float = setting(0.25, "glyphs starting within this of where a run ends were typed as one run")
    run_baseline_em: float = setting(0.3, "glyphs whose bottoms differ by less than this sit on one baseline")
    run_back_em: float = setting(0.2, "a glyph may start this far left of the one before and still go on its run (marks, kerning)")
    rule_meet_em: float = setting(0.1, "text ending and text starting within this of a rule meet at it")
    contiguous_em: float = setting(
        0.015, "a glyph starting within this of where the glyph before ended follows it in one run (the "
               "text layer's rounding and kerning: 99.7 % of neighbours in the real documents are within "
               "0.01 em); past a drawn rule a clipped run goes on only so")
    cell_pad_em: float = setting(0.6, "a run starting (ending) within this of its cell's rule is left (right) aligned")
    indent_min_starts: int = setting(
        3, "texts starting at one offset from their left rule, at least this many, show the producer's "
           "cell padding (fewer could be chance)")
    indent_min_share: float = setting(
        0.25, "... and at least this share of the texts that start near a left rule (centred and "
              "right-aligned texts start anywhere; left-aligned ones all at the padding)")
    pitch_min_em: float = setting(0.8, "the line pitch of one paragraph is at least this (Thai fonts set lines loosely)")
    interleave_pitch_share: float = setting(
        0.75, "a line this share of its own paragraph's pitch (or less) above the next line of other "
              "columns interleaves with it: centred header cells of different heights set their lines "
              "half a pitch (a third, a quarter) apart")
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
    beside_gap_em: float = setting(1.0, "text starting within this of a table's left or right frame, on a body row's line, was typed in a column beyond the frame (a spreadsheet's unruled column): it is the row's")
    heading_gap_em: float = setting(1.0, "lines set above a table piece with less than this gap between them (and to the piece) are one caption: a blank line parts a heading from the text above it")
    ended_above_pitch: float = setting(2.5, "a cell whose text stops this many line pitches above the lowest line of its row at a page break had room to go on: its text ended there (widow control moves one line, at most two)")


# --- ocr: extract/ocr/ ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OcrSettings:
    """Scanned pages: page trust, grid finding, deskew, lines, Tesseract.

    Units of the page image: ``_xh`` x-heights of the page's text (as measured
    on the image), ``_px`` pixels of the page rendered at the scan's resolution
    (200-300 dpi; kept where a relative unit would change outputs), ``_deg``
    degrees, ``_div`` a divisor (at least 1/N of a length: kept as a divisor
    because the integer division it replaces must give the same pixels)."""

    # page trust (extract/ocr/trust.py): does the text layer read the page?
    image_cover_share: float = setting(0.6, "images covering this share of the page make it a scan (or a photo of one)")
    min_thai_share: float = setting(
        0.15, "below this share of Thai letters among the letters, a scan's text layer is junk")
    min_letters: int = setting(20, "fewer letters than this are too few to judge a text layer's script")
    max_cid_share: float = setting(
        0.2, "above this share of (cid:N) or unread glyphs the text layer has no usable Unicode")
    min_cid_glyphs: int = setting(10, "fewer (cid:N) glyphs than this are a stray symbol, not an unreadable layer")
    near_empty_glyphs: int = setting(
        25, "fewer glyphs outside the margin bands are a stamp or a header, not the page's text")
    margin_band_page: float = setting(
        0.12, "top and bottom margin bands (page numbers, running headers): cells' band, wider")
    # the page image and its deskew (extract/ocr/image.py)
    dpi_image_page: float = setting(0.5, "an image at least this share of the page wide says the scan's resolution")
    rule_bridge_px: int = setting(
        5, "breaks in a run of ink shorter than this are noise (a kernel's side; relative would change outputs)")
    min_skew_deg: float = setting(0.05, "rotations smaller than this are left alone (under a pixel across a page)")
    max_skew_deg: float = setting(5.0, "a larger angle is no scanner's skew but a misread rule: left alone")
    skew_rule_page: float = setting(0.2, "rules at least this share of the page long say its angle")
    skew_rule_div: int = setting(30, "a run of ink 1/N of the page long can be a rule when measuring the skew")
    skew_rule_min_px: int = setting(
        40, "and at least this long, in pixels (a small image's rules; relative would change outputs)")
    skew_fit_min_px: int = setting(20, "a rule of fewer pixels than this cannot fit a slope (a count of pixels)")
    # ruled grids (extract/ocr/grid.py)
    first_xh_inch: float = setting(0.14, "the x-height guessed before the text is measured, in inches (10 pt text)")
    row_rule_div: int = setting(35, "a row rule is at least 1/N of the page wide")
    row_rule_min_px: int = setting(
        30, "and at least this long, in pixels (a small image; relative would change outputs)")
    column_rule_xh: float = setting(1.2, "a column rule is at least a line of text tall")
    column_rule_min_px: int = setting(
        20, "and at least this tall, in pixels (tiny text; relative would change outputs)")
    rule_tol_xh: float = setting(
        0.25, "rules meet when their ends are this close (a stroke's width and some scanner blur)")
    rule_tol_min_px: float = setting(6.0, "the least meeting tolerance, for small text (relative would change outputs)")
    collinear_tol_px: float = setting(
        4.0, "pieces of one rule broken by noise lie within this (relative would change outputs)")
    column_break_xh: float = setting(0.6, "a column rule broken by less than this is one rule")
    row_break_xh: float = setting(2.0, "a row rule broken by less than this (a letter on it) is one rule")
    row_break_div: int = setting(
        3, "on a page without a grid, a rule broken by less than 1/N of the shortest rule is one")
    long_column_xh: float = setting(6.0, "a column rule this tall may run off the page and still be one")
    grid_join_px: int = setting(
        9, "rules closer than this are one table (a kernel's side; relative would change outputs)")
    grid_box_px: int = setting(
        2, "a table's rules are looked for this far around its box (relative would change outputs)")
    grid_min_width_page: float = setting(0.2, "a ruled table is at least this share of the page wide")
    grid_min_height_page: float = setting(0.04, "a ruled table is at least this share of the page tall")
    cut_row_xh: float = setting(1.5, "column rules running on this far past the last row rule: the page cut a row")
    slot_inset_px: float = setting(
        3.0, "a slot's rule is looked for this far inside its corners (relative would change outputs)")
    rule_cover_share: float = setting(0.5, "a slot has its rule when rules cover at least this share of its side")
    horizontal_rule_page: float = setting(
        0.15, "on a page without a grid, a horizontal rule spans at least this share of it")
    title_min_xh: float = setting(1.0, "text above a table is read when the band is at least this tall")
    # text lines (extract/ocr/lines.py)
    default_xh_px: float = setting(28.0, "the x-height when too few glyphs measure it (10 pt text at 200 dpi)")
    xh_min_glyphs: int = setting(10, "fewer glyph bodies than this cannot measure the x-height")
    glyph_min_height_px: int = setting(
        8, "a glyph body is at least this tall (relative to what: it measures the x-height)")
    glyph_min_width_px: int = setting(6, "a glyph body is at least this wide (as above)")
    glyph_max_height_px: int = setting(200, "a glyph body is at most this tall (taller: a rule or a picture; as above)")
    glyph_max_aspect: float = setting(4.0, "a glyph body is at most this many times as wide as tall")
    body_min_xh: float = setting(0.6, "a component at least this tall is a letter body, not a mark")
    body_max_xh: float = setting(2.4, "a component at most this tall is a letter body, not a picture or touching lines")
    same_line_xh: float = setting(0.8, "bodies whose centres are this close to a line's centre are on it")
    line_pitch_xh: float = setting(1.5, "lines closer than this are one line and its stacked marks (lines are 2 apart)")
    mark_reach_xh: float = setting(1.5, "a mark joins the nearest line's body zone within this")
    min_line_area_px: int = setting(12, "a line of fewer inked pixels is a speck (a count of pixels)")
    bold_ratio: float = setting(1.22, "a line whose strokes are this much thicker than the page's regular text is bold")
    bold_min_area_xh: float = setting(
        3.0, "lines with at least this much ink (x-heights squared) say the regular stroke")
    bold_min_lines: int = setting(4, "fewer such lines cannot say what the page's regular stroke is")
    body_density_share: float = setting(
        0.5, "rows of a line image with this share of its densest row's ink are letter bodies")
    # spaces and glyph boxes (extract/ocr/layout.py)
    space_gap_xh: float = setting(
        0.35, "a white gap in a line's ink this wide is a space (glyphs stand at most 0.3 apart)")
    box_space_gap_xh: float = setting(
        0.45, "without the ink, a gap between word boxes this wide is a space (boxes are rough)")
    spaced_min_gaps: int = setting(4, "a line with this many space-wide gaps may be letter-spaced")
    spaced_share: float = setting(0.5, "... when at least this share of its gaps are space-wide")
    spaced_ratio: float = setting(1.5, "in letter-spaced text, spaces are the gaps after a jump in width this large")
    word_start_pull_xh: float = setting(0.25, "a space moves this far to a boundary between Tesseract's words")
    lexical_pull_xh: float = setting(0.6, "a space moves this far to a dictionary word boundary")
    piece_reach_xh: float = setting(0.4, "without a gap, a run of text reaches this far past its outer glyph centres")
    box_above_xh: float = setting(1.7, "an OCR glyph's box reaches this far above the baseline (the top of the marks)")
    box_below_xh: float = setting(0.4, "an OCR glyph's box reaches this far below the baseline (its descent)")
    size_xh: float = setting(2.1, "a glyph's font size from the x-height of its line (as Thai fonts draw them)")
    # Tesseract (extract/ocr/read.py)
    reread_slack_px: float = setting(
        2.0, "a re-read word stands in a doubtful word when its centre is this close (relative would change outputs)")
    # the page's glyphs (extract/ocr/tables.py)
    min_glyph_area_px: int = setting(4, "fewer inked pixels than this are scanner noise (a count of pixels)")
    max_glyph_height_xh: float = setting(3.0, "taller than this is no glyph (a seal, a logo, a photo)")
    max_glyph_width_xh: float = setting(12.0, "wider than this is no glyph (a seal, a logo, a photo)")
    column_reach_xh: float = setting(1.0, "a table's columns take the glyphs this far above and below its box")
    top_band_page: float = setting(0.08, "the page's top band, where a short line is a page number read whole")
    bottom_band_page: float = setting(0.88, "where the page's bottom band starts (as the top band)")
    short_line_page: float = setting(
        0.2, "a line in a margin band narrower than this share of the page is no table row")
    # Thai digits by shape (extract/ocr/digits.py)
    split_aspect: float = setting(1.5, "a glyph this much wider than tall is two digits that touch")
    split_from_share: float = setting(0.3, "touching digits are cut between this share of the glyph's width ...")
    split_to_share: float = setting(0.7, "... and this one")
    digit_min_height_px: int = setting(
        8, "glyphs lower than this are specks, not digits (relative would change outputs)")
    stroke_overlap_share: float = setting(
        0.6, "a blob this much within another's columns is a stroke of it broken by the scan")
    stroke_reach_share: float = setting(0.3, "... when it lies within this share of the other's height above or below")
    owner_reach_div: int = setting(
        3, "a word belongs to the nearest glyph within 1/N of its height (Tesseract's boxes are rough)")


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
    mark_midline_height: float = setting(
        0.5, "a mark's outline wholly under this height (in consonant heights) hangs below the line, "
             "wholly over it floats above: the middle of the consonant, halfway between a vowel below "
             "(top at about 0) and a tone mark (bottom at about 1.1)")


# --- text: extract/thai/, extract/wrap.py, normalize/ --------------------------


@dataclass(frozen=True)
class TextSettings:
    """Thai repairs, wrapped lines joined, numbers, dates and profiles."""

    # extract/chars.py: glyphs before any line exists
    upright_skew_share: float = setting(
        0.1, "a text matrix whose off-diagonal terms exceed this share of its diagonal is rotated "
             "or skewed (a watermark), not body text")
    fake_bold_offset_pt: float = setting(
        0.6, "the same glyph drawn again this close (points) on the same line is a fake-bold copy; "
             "points: the producers' offset does not scale with the font (an em value would act differently by size)")
    fake_bold_line_pt: float = setting(
        0.5, "glyph tops are compared for fake bold in bins this tall (points): a copy is drawn on the same "
             "baseline, whatever the font size")
    zero_width_space_em: float = setting(
        0.05, "a space glyph narrower than this (font sizes) has no advance: a NIKHAHIT Word mapped to a space")
    # extract/turned.py: text set a quarter turn
    turned_strip_share: float = setting(
        0.3, "quarter-turned glyphs whose boxes start within this share of the font size across the line "
             "are one line of text (the next line of a turned label lies a line height over)")
    # extract/wrap.py: did a line wrap?
    full_line_em: float = setting(
        0.6, "a line ending within this (font sizes) of the wrap limit is full: its last word may run on")
    wrap_slack_em: float = setting(
        0.6, "room a deliberate break leaves beyond the next word (a space ~0.25 em and slack ~0.35 em); "
             "a closer call is a wrap")
    # normalize/join.py
    forced_break_share: float = setting(
        0.98, "a Latin word whose two halves fill this share of the column width was broken by force")
    # normalize/records.py
    title_header_gap_pt: float = setting(
        1.0, "a title line may reach this far (points) below the top of the header and still be the "
             "title's; points, as measured (an em value would act differently by font size)")
    # normalize/sections.py
    heading_max_lines: int = setting(
        3, "a section heading is short: more lines than this set between two pieces of a table are a "
           "paragraph of text, not the heading of the rows under it")
    # normalize/confidence.py
    usually_filled_share: float = setting(
        0.75, "a column filled in at least this share of a table's rows is usually filled: an empty "
              "cell there lowers the row's confidence")


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
T = TypeVar("T")

# None until a caller enters use(): current() then reads DEFAULT at call time
_active: contextvars.ContextVar[Settings | None] = contextvars.ContextVar("thaitab_settings", default=None)


def current() -> Settings:
    """The settings in force (the defaults unless a caller entered :func:`use`).

    Read it once per call where a tolerance is applied, never inside a cached
    function (``lru_cache`` would keep the first run's value: read it in the
    caller and pass the value in, so that it is part of the cache's key). A
    context variable, so a thread started inside a run (a ThreadPoolExecutor)
    does not see it: run such work through :func:`carried`."""
    chosen = _active.get()
    return DEFAULT if chosen is None else chosen


@contextlib.contextmanager
def use(settings: Settings | Mapping[str, Any] | None) -> Iterator[Settings]:
    """Run the block with ``settings`` in force (a :class:`Settings`, or a mapping of
    ``"section.name": value`` overrides of what is in force; None keeps what is in force)."""
    chosen = resolve(settings)
    token = _active.set(chosen)
    try:
        yield chosen
    finally:
        _active.reset(token)


def carried(fn: Callable[..., T]) -> Callable[..., T]:
    """``fn`` run with the settings in force where ``carried`` was called, for
    work handed to another thread (threads do not inherit a context variable)::

        pool.map(carried(read_one), items)
    """
    chosen = current()

    def run(*args: Any, **kwargs: Any) -> T:
        with use(chosen):
            return fn(*args, **kwargs)

    return run


def resolve(settings: Settings | Mapping[str, Any] | None) -> Settings:
    """A :class:`Settings` from what a caller passed (see :func:`use`)."""
    if settings is None:
        return current()
    if isinstance(settings, Settings):
        return settings
    if not isinstance(settings, Mapping):
        raise TypeError(f"settings must be a Settings or a mapping of \"section.name\": value, "
                        f"not {type(settings).__name__}")
    return override(current(), settings)


def describe() -> list[tuple[str, Any, str]]:
    """Every setting as ``("section.name", default, reason)``, in declaration order."""
    out: list[tuple[str, Any, str]] = []
    for section in dataclasses.fields(Settings):
        values = getattr(DEFAULT, section.name)
        for f in dataclasses.fields(values):
            out.append((f"{section.name}.{f.name}", getattr(values, f.name), f.metadata.get("why", "")))
    return out


def names() -> dict[str, Any]:
    """Every setting as ``"section.name": default``, in declaration order."""
    return {name: default for name, default, _ in describe()}


def changed(settings: Settings) -> dict[str, Any]:
    """The settings of ``settings`` that differ from the defaults, as
    ``"section.name": value`` in declaration order (what a run records)."""
    out: dict[str, Any] = {}
    for name, default in names().items():
        section, field_name = name.split(".", 1)
        value = getattr(getattr(settings, section), field_name)
        if value != default:
            out[name] = value
    return out


def override(base: Settings, values: Mapping[str, Any]) -> Settings:
    """``base`` with ``{"section.name": value}`` replaced. A value may be a string
    (from the command line): it is read as the default's type. Unknown names and
    values of the wrong kind raise ValueError naming the setting."""
    known = names()
    sections: dict[str, dict[str, Any]] = {}
    for key, value in values.items():
        if key not in known:
            raise ValueError(f"unknown setting {key!r}{_did_you_mean(key, known)} (see `thaitab settings`)")
        section, name = key.split(".", 1)
        sections.setdefault(section, {})[name] = _as_type(key, value, known[key])
    return dataclasses.replace(
        base, **{s: dataclasses.replace(getattr(base, s), **v) for s, v in sections.items()}
    )


def _did_you_mean(key: Any, known: Mapping[str, Any]) -> str:
    close = difflib.get_close_matches(str(key), list(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def parse_assignment(text: str) -> tuple[str, str]:
    """``"cells.min_gutter_em=0.8"`` -> ``("cells.min_gutter_em", "0.8")``."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip() or not value.strip():
        raise ValueError(f"a setting is written section.name=value, not {text!r}")
    return key.strip(), value.strip()


def _as_type(key: str, value: Any, default: Any) -> Any:
    """``value`` as the type of ``default``: a string is parsed (the command line),
    anything else must already be of that kind (an int does for a float). Numbers
    must be finite; a tuple keeps its length."""
    try:
        if isinstance(default, tuple):
            return _as_tuple(value, default)
        out = _from_text(value, default) if isinstance(value, str) else _checked(value, default)
    except (TypeError, ValueError):
        raise ValueError(f"setting {key!r} takes {_kind(default)}, not {value!r}") from None
    if isinstance(out, float) and not math.isfinite(out):
        raise ValueError(f"setting {key!r} takes a finite number, not {value!r}")
    return out


def _as_tuple(value: Any, default: tuple) -> tuple:
    parts = value.split(",") if isinstance(value, str) else value
    if not isinstance(parts, (list, tuple)) or len(parts) != len(default):
        raise ValueError
    return tuple(_from_text(p.strip(), d) if isinstance(p, str) else _checked(p, d) for p, d in zip(parts, default))


def _from_text(text: str, default: Any) -> Any:
    if isinstance(default, bool):
        word = text.strip().lower()
        if word not in _BOOLS:
            raise ValueError
        return _BOOLS[word]
    return type(default)(text.strip())


def _checked(value: Any, default: Any) -> Any:
    """A value given as a Python object: of the default's kind (an int for a float)."""
    kind = type(default)
    if isinstance(value, bool) != isinstance(default, bool):
        raise TypeError
    if isinstance(default, float) and isinstance(value, int):
        return float(value)
    if not isinstance(value, kind):
        raise TypeError
    return value


def _kind(default: Any) -> str:
    if isinstance(default, tuple):
        return f"{len(default)} values separated by commas (like {','.join(map(str, default))})"
    if isinstance(default, bool):
        return "true or false"
    return {float: "a number", int: "a whole number", str: "a text"}.get(type(default), type(default).__name__)


_BOOLS = {"true": True, "yes": True, "1": True, "on": True, "false": False, "no": False, "0": False, "off": False}
