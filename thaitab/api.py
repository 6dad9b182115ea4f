"""The Python entry point: ``thaitab.read_pdf`` for notebooks."""
from __future__ import annotations

import os
import re
import warnings
from typing import Sequence

import pandas as pd

from extract.pdf import InputError
from thaitab.pipeline import FileResult, Options, process_pdf

_PROVENANCE = {"source_file", "source_path", "page_start", "page_end", "table", "method", "warnings", "repairs",
               "confidence"}


def frames(result: FileResult) -> list[tuple[str, pd.DataFrame]]:
    """One (name, DataFrame) per output table of a file.

    All ITA-measure tables of a report make one frame named "measures" (a report
    may restart its table mid-way); every other table keeps its own frame,
    named "table N".
    """
    out: list[tuple[str, pd.DataFrame]] = []
    ita = [t for t in result.tables if t.profile == "ita"]
    if ita:
        rows = [r for t in ita for r in t.rows]
        out.append(("measures", pd.DataFrame(rows, columns=ita[0].columns)))
    for t in result.tables:
        if t.profile != "ita":
            out.append((table_name(t), pd.DataFrame(t.rows, columns=t.columns)))
    return out


def table_name(t) -> str:
    """A name a user can tell tables apart by: number, pages and first header
    ("table 3 p12-15 ลำดับที่"); also the Excel sheet name (cut to 31 chars)."""
    pages = f"p{t.page_start}" if t.page_start == t.page_end else f"p{t.page_start}-{t.page_end}"
    first = next((c for c in t.columns if c not in _PROVENANCE and not c.startswith("column_")), "")
    return f"table {t.index + 1} {pages} {first}".strip()[:31].rstrip()


def read_pdf(path: str | os.PathLike, pages: Sequence[int] | str | int | None = None, profile: str = "auto",
             password: str | None = None) -> pd.DataFrame:
    """The implementation of :func:`thaitab.read_pdf` (documented there)."""
    options = Options(profile=profile, pages=_pages(pages), password=password)
    result = process_pdf(path, options)
    if result.error:
        raise InputError(f"{os.fspath(path)}: {result.error}")
    for note in result.warnings:
        if _MISSING_PAGES.search(note):
            warnings.warn(f"{os.fspath(path)}: {note}", UserWarning, stacklevel=3)
    tables = frames(result)
    if not tables:
        return empty_frame(profile)
    return tables[0][1]


_MISSING_PAGES = re.compile(r"^pages? [0-9, -]+ do(es)? not exist")


def _pages(pages) -> Sequence[int] | None:
    """A page range as the command line writes it ("1-3,7") or one page number
    also work; a list of page numbers is checked by :class:`Options`."""
    if isinstance(pages, str):
        from thaitab.cli import parse_pages

        try:
            return parse_pages(pages)
        except Exception as exc:
            raise ValueError(str(exc)) from None
    if isinstance(pages, int) and not isinstance(pages, bool):
        return [pages]
    return pages


def empty_frame(profile: str = "auto") -> pd.DataFrame:
    """No rows, but the columns a table of ``profile`` has, so that selecting
    columns of an empty result works as on a full one."""
    from normalize.profiles.ita import OUTPUT_COLUMNS
    from normalize.records import PROVENANCE

    if profile == "generic":
        columns = ["source_file", "page_start", "page_end", "table", *[c for c in PROVENANCE if c != "table"]]
    else:
        columns = [*OUTPUT_COLUMNS, *PROVENANCE]
    return pd.DataFrame(columns=columns)
