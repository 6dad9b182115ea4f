"""The Python entry point: ``thaitab.read_pdf`` for notebooks."""
from __future__ import annotations

import os
import re
import warnings
from typing import Any, Mapping, Sequence

import pandas as pd

from thaitab.extract.pdf import InputError
from thaitab.extract.settings import Settings, resolve
from thaitab.normalize.records import PROVENANCE
from thaitab.pipeline import FileResult, Options, process_pdf

_TAIL = PROVENANCE  # a profile table's last columns
_PROVENANCE = {"source_file", "source_path", "page_start", "page_end", "table", "method", "warnings", "repairs",
               "confidence"}


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
        if len(tables) == 1:
            out.append((name, pd.DataFrame(tables[0].rows, columns=tables[0].columns)))
            continue
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


def read_pdf(path: str | os.PathLike, pages: Sequence[int] | str | int | None = None, profile: str = "auto",
             password: str | None = None, column_map: dict[str, str] | None = None,
             settings: Settings | Mapping[str, Any] | None = None) -> pd.DataFrame:
    """The implementation of :func:`thaitab.read_pdf` (documented there)."""
    options = Options(profile=profile, pages=_pages(pages), password=password, column_map=column_map)
    chosen = resolve(settings)  # a bad setting is the caller's ValueError, before the file is opened
    result = process_pdf(path, options, settings=chosen)
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
    from thaitab.normalize.profiles.ita import OUTPUT_COLUMNS
    from thaitab.normalize.records import PROVENANCE

    if profile == "generic":
        columns = ["source_file", "page_start", "page_end", "table",
                   *[c for c in PROVENANCE if c not in ("table", "repairs")]]
    else:
        columns = [*OUTPUT_COLUMNS, *PROVENANCE]
    return pd.DataFrame(columns=columns)
