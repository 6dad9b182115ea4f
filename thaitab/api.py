"""The Python entry point: ``thaitab.read_pdf`` for notebooks."""
from __future__ import annotations

import os
from typing import Sequence

import pandas as pd

from extract.pdf import InputError
from thaitab.pipeline import FileResult, Options, process_pdf

_PROVENANCE = {"source_file", "source_path", "page_start", "page_end", "table", "method", "warnings", "confidence"}


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


def read_pdf(path: str | os.PathLike, pages: Sequence[int] | None = None, profile: str = "auto",
             password: str | None = None) -> pd.DataFrame:
    """Read the main table of a Thai report PDF into a DataFrame.

    ``pages`` are 1-based page numbers (default: all); ``profile`` is "auto"
    (ITA columns when the headers say so), "ita" or "generic". The frame has the
    columns the CLI writes to ``<stem>.csv``. Raises :class:`InputError` with a
    one-line reason when the PDF cannot be read.
    """
    result = process_pdf(path, Options(profile=profile, pages=pages, password=password))
    if result.error:
        raise InputError(f"{os.fspath(path)}: {result.error}")
    tables = frames(result)
    if not tables:
        return pd.DataFrame()
    return tables[0][1]
