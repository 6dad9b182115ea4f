"""The Python entry point: ``thaitab.read_pdf`` for notebooks."""
from __future__ import annotations

import os
from typing import Sequence

import pandas as pd

from extract.pdf import InputError
from thaitab.pipeline import FileResult, Options, process_pdf


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
            out.append((f"table {t.index + 1}", pd.DataFrame(t.rows, columns=t.columns)))
    return out


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
