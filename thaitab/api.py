"""The Python entry point: ``thaitab.read_pdf`` for notebooks."""
from __future__ import annotations

import os
from typing import Sequence

import pandas as pd

from extract.pdf import InputError
from thaitab.pipeline import FileResult, Options, process_pdf

_TAIL = ("table", "method", "confidence", "warnings")  # a profile table's last columns
_PROVENANCE = {"source_file", "source_path", "page_start", "page_end", "table", "method", "warnings", "confidence"}


def frame_tables(result: FileResult) -> list[tuple[str, list]]:
    """(name, tables) per output table of a file: all ITA-measure tables of a
    report make one, "measures" (a report may restart its table mid-way), as do
    all tables of another profile (named by its ``sheet``); every generic table
    is its own, named "table N ..."."""
    out: list[tuple[str, list]] = []
    groups: dict[str, list] = {}
    for t in sorted(result.tables, key=lambda t: t.profile != "ita"):
        if t.profile == "generic":
            out.append((table_name(t), [t]))
        elif t.profile in groups:
            groups[t.profile].append(t)
        else:
            groups[t.profile] = [t]
            out.append((t.sheet or t.profile, groups[t.profile]))
    return out


def frames(result: FileResult) -> list[tuple[str, pd.DataFrame]]:
    """One (name, DataFrame) per output table of a file (see :func:`frame_tables`);
    tables joined into one frame keep every column any of them has."""
    out: list[tuple[str, pd.DataFrame]] = []
    for name, tables in frame_tables(result):
        body: list[str] = []
        for t in tables:
            # a column only some tables have (kept under its own header) goes before the provenance
            body.extend(c for c in t.columns if c not in body and c not in _TAIL)
        cols = body + [c for c in _TAIL if c in tables[0].columns]
        out.append((name, pd.DataFrame([r for t in tables for r in t.rows], columns=cols)))
    return out


def table_name(t) -> str:
    """A name a user can tell tables apart by: number, pages and first header
    ("table 3 p12-15 ลำดับที่"); also the Excel sheet name (cut to 31 chars)."""
    pages = f"p{t.page_start}" if t.page_start == t.page_end else f"p{t.page_start}-{t.page_end}"
    first = next((c for c in t.columns if c not in _PROVENANCE and not c.startswith("column_")), "")
    return f"table {t.index + 1} {pages} {first}".strip()[:31].rstrip()


def read_pdf(path: str | os.PathLike, pages: Sequence[int] | None = None, profile: str = "auto",
             password: str | None = None, column_map: dict[str, str] | None = None) -> pd.DataFrame:
    """Read the main table of a Thai report PDF into a DataFrame.

    ``pages`` are 1-based page numbers (default: all); ``profile`` is "auto"
    (a shipped profile when header words and cells say so), "generic", a
    shipped profile's name ("ita", "lpd02") or a profile file (``.toml``);
    ``column_map`` says what a column is: ``{"แนวทางปฏิบัติ": "steps"}`` (a
    header or a 1-based column number → a profile column or a name to keep it
    under). The frame has the columns the CLI writes to ``<stem>.csv``.
    Raises :class:`InputError` with a one-line reason when the PDF cannot be
    read, ``ValueError`` for an unknown profile.
    """
    result = process_pdf(path, Options(profile=profile, pages=pages, password=password, column_map=column_map))
    if result.error:
        raise InputError(f"{os.fspath(path)}: {result.error}")
    tables = frames(result)
    if not tables:
        return pd.DataFrame()
    return tables[0][1]
