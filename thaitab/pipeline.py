"""The per-file work: one PDF in, its tables as records out.

``process_pdf`` is pure (a path and options in, a :class:`FileResult` out, no
global state), so the CLI, a process pool or any other engine can map it.
"""
from __future__ import annotations

import gc
import os
import time
from dataclasses import dataclass, field
from typing import Iterator, Sequence

from extract.cells import PageTable, find_tables
from extract.pdf import InputError, iter_pages, open_pdf
from extract.stitch import Table, stitch
from normalize.profiles import get_profile, profile_names
from normalize.records import TableRecords, document_style, table_records

PROFILES = profile_names()  # "auto", "generic" and the shipped profiles; a .toml file is accepted too


@dataclass(slots=True)
class Options:
    """What the user asked for; validated on creation."""

    profile: str = "auto"
    pages: Sequence[int] | None = None
    password: str | None = None
    column_map: dict[str, str] | None = None  # header (or 1-based number) → column name

    def __post_init__(self) -> None:
        get_profile(self.profile)  # ProfileError (a ValueError) names an unknown profile or a bad file


@dataclass(slots=True)
class FileResult:
    """Everything learnt from one PDF."""

    path: str
    tables: list[TableRecords] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def rows(self) -> int:
        return sum(len(t.rows) for t in self.tables)


def page_tables(pdf, pages: Sequence[int] | None = None,
                notes: list[str] | None = None) -> Iterator[PageTable]:
    """The tables of each page in turn; an unruled page reuses the column edges
    of the table on the page before (a header defines the columns that follow).

    A page whose text layer cannot be trusted (a scan) is read with OCR instead;
    "page N: OCR (reason)" is appended to ``notes``, or issued as a
    :class:`extract.ocr.OcrWarning` when no list is given.
    """
    import warnings

    from extract.ocr import OcrWarning, ocr_page_tables, ocr_unavailable, page_needs_ocr

    hint: list[float] | None = None
    for no, page, chars in iter_pages(pdf, pages):
        reason = page_needs_ocr(chars, page)
        if reason is None:
            found = find_tables(page, chars, no, hint)
        else:
            missing = ocr_unavailable()
            if missing:
                raise InputError(f"page {no} needs OCR ({reason}): {missing}")
            found = ocr_page_tables(page, no, col_hint=hint)
            for pt in found:
                pt.method = "ocr"
            note = f"page {no}: OCR ({reason})" + ("" if found else ", no table found")
            if notes is not None:
                notes.append(note)
            else:
                warnings.warn(note, OcrWarning, stacklevel=2)
        for pt in found:
            hint = pt.col_edges if pt.borders != "grid" else None
            yield pt


def extract_tables(path: str | os.PathLike, options: Options | None = None) -> Iterator[Table]:
    """Stitched logical tables of a PDF, one at a time."""
    options = options or Options()
    with open_pdf(path, options.password) as pdf:
        yield from stitch(page_tables(pdf, options.pages))


_warm = False


def warm_up() -> None:
    """Load pythainlp's dictionary (:mod:`extract.words`) and the modules a
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
        from extract.words import tokenize
        from extract.wrap import first_word
        from normalize import thai

        tokenize("การทดสอบภาษาไทย")
        first_word("การทดสอบภาษาไทย")
        thai.repair("การทดสอบภาษาไทย ทำงาน ส านัก")
    except Exception:  # a warm-up never stops the work
        pass
    gc.freeze()


def process_pdf(path: str | os.PathLike, options: Options | None = None) -> FileResult:
    """Extract every table of one PDF; failures become ``error``, never raise."""
    options = options or Options()
    warm_up()
    start = time.perf_counter()
    result = FileResult(os.fspath(path))
    name = os.path.basename(result.path)
    try:
        with open_pdf(path, options.password) as pdf:
            result.pages = len(pdf.pages)
            tables = list(stitch(page_tables(pdf, options.pages, notes=result.warnings)))
            style = document_style(tables)
            for table in tables:
                recs = table_records(table, name, options.profile, style, options.column_map)
                if recs.rows:
                    result.tables.append(recs)
                    result.warnings.extend(f"table {recs.index + 1}: {w}" for w in recs.warnings)
        if not result.tables:
            result.warnings.append("no table found")
    except InputError as exc:
        result.error = str(exc)
    except Exception as exc:  # a bug or an unforeseen PDF: one line, not a traceback
        result.error = f"{type(exc).__name__}: {exc}".splitlines()[0]
    result.seconds = time.perf_counter() - start
    return result
