"""The per-file work: one PDF in, its tables as records out.

``process_pdf`` is pure (a path and options in, a :class:`FileResult` out, no
global state), so the CLI, a process pool or any other engine can map it.
"""
from __future__ import annotations

import gc
import operator
import os
import time
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping, Sequence

from thaitab.extract.cells import PageTable, find_tables
from thaitab.extract.pdf import InputError, check_pages, iter_pages, open_pdf, page_numbers
from thaitab.extract.settings import Settings, use
from thaitab.extract.stitch import stitch
from thaitab.normalize.profiles import get_profile, profile_names
from thaitab.normalize.records import TableRecords, document_style, table_records
from thaitab.trace import FileTrace

PROFILES = profile_names()  # "auto", "generic" and the shipped profiles; a .toml file is accepted too
#: the reason given for a scanned page on which OCR found no table
NO_TABLE = "OCR found no table"


@dataclass(slots=True)
class Options:
    """What the user asked for; validated on creation.

    ``pages``: 1-based page numbers (any iterable of whole numbers; None: all)."""

    profile: str = "auto"
    pages: Sequence[int] | None = None
    password: str | None = None
    column_map: dict[str, str] | None = None  # header (or 1-based number) → column name

    def __post_init__(self) -> None:
        get_profile(self.profile)  # ProfileError (a ValueError) names an unknown profile or a bad file
        if self.pages is not None:
            self.pages = page_list(self.pages)


def page_list(pages) -> list[int]:
    """``pages`` as a list of 1-based page numbers; a one-line TypeError or
    ValueError for anything else (a string, a float, page 0)."""
    if isinstance(pages, (str, bytes)) or not hasattr(pages, "__iter__"):
        raise TypeError(f"pages must be page numbers such as [1, 2, 3], not {pages!r}")
    out: list[int] = []
    for p in pages:
        try:
            if isinstance(p, bool):
                raise TypeError
            n = operator.index(p)  # int, numpy integers; never 2.5 or "3"
        except TypeError:
            raise TypeError(f"pages must be whole numbers, not {p!r}") from None
        if n < 1:
            raise ValueError(f"pages count from 1, not {n}")
        out.append(n)
    return out


@dataclass(slots=True)
class FileResult:
    """Everything learnt from one PDF."""

    path: str
    tables: list[TableRecords] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    # pages that could not be read, with why: (1-based page, reason)
    unread: list[tuple[int, str]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(len(t.rows) for t in self.tables)

    @property
    def status(self) -> str:
        """``error`` (nothing usable), ``partial`` (some pages could not be
        read: :attr:`unread` says which and why) or ``ok``."""
        if self.error:
            return "error"
        return "partial" if self.unread else "ok"


def page_tables(pdf, pages: Sequence[int] | None = None,
                notes: list[str] | None = None,
                unread: list[tuple[int, str]] | None = None,
                trace: FileTrace | None = None) -> Iterator[PageTable]:
    """The tables of each page in turn; an unruled page reuses the column edges
    of the table on the page before (a header defines the columns that follow).

    A page whose text layer cannot be trusted (a scan) is read with OCR instead;
    "page N: OCR (reason)" is appended to ``notes``, or issued as a
    :class:`extract.ocr.OcrWarning` when no list is given.

    A scanned page that gives no table (OCR is not installed, the page image
    cannot be rendered, or OCR finds no table on it) is not silently skipped:
    with an ``unread`` list it is appended there as (page, reason) and the
    next page is read; without one, a missing OCR raises :class:`InputError`
    as before and the other two are only noted. (:func:`process_pdf` keeps a
    page on which OCR found no table as unread only when the file gave no
    rows at all: a scanned cover beside scanned tables is no failure.)

    With a ``trace``, each page read and each table found is kept there.
    """
    hint: list[float] | None = None
    for no, page, chars in iter_pages(pdf, pages):
        if trace is not None:
            trace.page(no)
        found = _tables_of(page, chars, no, hint, notes, unread, trace)
        for pt in found:
            hint = pt.col_edges if pt.borders != "grid" else None
            if trace is not None:
                trace.page(no).tables.append(pt)
                if pt.method == "ocr":
                    trace.page(no).method = "ocr"
            yield pt


def _tables_of(page, chars, no: int, hint, notes, unread, trace) -> list[PageTable]:
    """The tables of one page: from its text layer, or by OCR when it needs it."""
    from thaitab.extract.ocr import page_needs_ocr

    reason = page_needs_ocr(chars, page)
    if reason is None:
        return find_tables(page, chars, no, hint)
    if trace is not None:
        trace.page(no).method = "ocr"
    return _ocr_tables(page, no, hint, reason, notes, unread)


def _ocr_tables(page, no: int, hint, reason: str, notes, unread) -> list[PageTable]:
    """A scanned page's tables read by OCR (see :func:`page_tables` for what
    happens when none can be)."""
    from thaitab.extract.ocr import ocr_page_tables, ocr_unavailable

    missing = ocr_unavailable()
    if missing:
        if unread is None:
            raise InputError(f"page {no} needs OCR ({reason}): {missing}")
        unread.append((no, f"needs OCR ({reason}): {missing}"))
        return []
    try:
        found = ocr_page_tables(page, no, col_hint=hint)
    except (InputError, MemoryError):
        raise
    except Exception as exc:  # one page's image that cannot be read: the others still are
        if unread is None:
            raise
        unread.append((no, f"OCR failed ({reason}): {type(exc).__name__}: {exc}".splitlines()[0]))
        return []
    for pt in found:
        pt.method = "ocr"
    _note(notes, f"page {no}: OCR ({reason})" + ("" if found else ", no table found"))
    if not found and unread is not None:
        unread.append((no, f"scanned ({reason}), {NO_TABLE}"))
    return found


def _note(notes: list[str] | None, text: str) -> None:
    """``text`` appended to ``notes``, or issued as an OcrWarning without a list."""
    import warnings

    from thaitab.extract.ocr import OcrWarning

    if notes is not None:
        notes.append(text)
    else:
        warnings.warn(text, OcrWarning, stacklevel=5)


def note_unread_rows(result: FileResult) -> None:
    """Tell the rows of a table that an unread page lies within it or right
    beside it: the table may miss rows there ("page 7 not read: rows may be
    missing")."""
    for recs in result.tables:
        near = [no for no, _ in result.unread if recs.page_start - 1 <= no <= recs.page_end + 1]
        if not near:
            continue
        note = "; ".join(f"page {no} not read: rows may be missing" for no in near)
        for row in recs.rows:
            row["warnings"] = f"{row['warnings']}; {note}" if row.get("warnings") else note


_warm = False


def warm_up() -> None:
    """Load pythainlp's dictionary (:mod:`extract.thai.words`) and the modules a
    file needs once per process, then freeze them.

    The dictionary and modules are many long-lived objects; left to the garbage
    collector, every full collection walks them again while a PDF is parsed
    (about a tenth of the run time on a long report). ``gc.freeze()`` moves
    everything alive now into a generation that is never scanned, and keeps a
    forked worker from touching (and so copying) those pages of memory."""
    global _warm
    if _warm:
        return
    _warm = True
    try:
        from thaitab.extract.thai.words import tokenize
        from thaitab.extract.wrap import first_word
        from thaitab.normalize import thai

        tokenize("การทดสอบภาษาไทย")
        first_word("การทดสอบภาษาไทย")
        thai.repair("การทดสอบภาษาไทย ทำงาน ส านัก")
    except Exception:  # a warm-up never stops the work
        pass
    gc.freeze()


def process_pdf(path: str | os.PathLike, options: Options | None = None,
                trace: FileTrace | None = None,
                settings: Settings | Mapping[str, Any] | None = None) -> FileResult:
    """Extract every table of one PDF; failures become ``error``, never raise.

    ``trace``: a :class:`thaitab.trace.FileTrace` to fill with what was decided
    on each page (``thaitab inspect`` draws it); None costs nothing.
    ``settings``: the tolerances (:mod:`extract.settings`) for this run, a
    Settings or ``{"section.name": value}`` overrides; None: those in force. A
    bad setting raises ValueError before any work (a caller's mistake, not the file's)."""
    with use(settings):
        return _process_pdf(path, options, trace)


def _process_pdf(path: str | os.PathLike, options: Options | None = None,
                 trace: FileTrace | None = None) -> FileResult:
    options = options or Options()
    warm_up()
    start = time.perf_counter()
    result = FileResult(os.fspath(path))
    try:
        with open_pdf(path, options.password) as pdf:
            read_open_pdf(pdf, options, result, trace)
    except InputError as exc:
        result.error = str(exc)
    except Exception as exc:  # a bug or an unforeseen PDF: one line, not a traceback
        result.error = f"{type(exc).__name__}: {exc}".splitlines()[0]
    result.seconds = time.perf_counter() - start
    return result


def read_open_pdf(pdf, options: Options, result: FileResult, trace: FileTrace | None = None) -> None:
    """The work of :func:`process_pdf` on a PDF opened by :func:`extract.pdf.open_pdf`,
    into ``result``; raises :class:`InputError` (and whatever else goes wrong)."""
    name = os.path.basename(result.path)
    missing = check_pages(len(pdf.pages), options.pages)
    if missing:
        result.warnings.append(missing)
    result.pages = len(page_numbers(len(pdf.pages), options.pages))  # the pages read
    tables = list(stitch(page_tables(pdf, options.pages, notes=result.warnings,
                                     unread=result.unread, trace=trace)))
    style = document_style(tables)
    kept: list[TableRecords | None] = []
    for table in tables:
        recs = table_records(table, name, options.profile, style, options.column_map)
        kept.append(recs if recs.rows else None)
        if recs.rows:
            result.tables.append(recs)
            result.warnings.extend(f"table {recs.index + 1}: {w}" for w in recs.warnings)
    if trace is not None:
        trace.finish(tables, kept)
    settle_unread(result)


def settle_unread(result: FileResult) -> None:
    """What the pages that could not be read mean for the file: none of them
    matters beside rows when it is a scanned page without a table; with no
    rows and OCR not installed the file failed; each one left is a warning,
    and on the rows of the tables it lies within or beside."""
    if result.tables:
        # a scanned page without a table beside pages that gave rows (a
        # cover, a signature page) was read like a text page without one
        result.unread = [(no, why) for no, why in result.unread if not why.endswith(NO_TABLE)]
    missing = [(no, why) for no, why in result.unread if why.startswith("needs OCR")]
    if not result.tables and missing:
        # nothing read, and OCR is not installed: the file failed, and says what to install
        result.error = f"page {missing[0][0]} {missing[0][1]}"
    if not result.tables:
        result.warnings.append("no table found")
    for no, why in result.unread:
        result.warnings.append(f"page {no} not read: {why}")
    note_unread_rows(result)
