"""What the combined dataset holds: its schemas, and the per-file tables it is read from.

``all.*`` holds the ITA measures rows with one fixed set of columns, taken from
the ITA profile's column list and the records' provenance columns (so the two
never drift apart), typed the same way in every batch whether or not it had
such a table: whole numbers, booleans, decimals, and ``period_start`` /
``period_end`` as dates (the first and the last day of the month the CSV's
``YYYY-MM`` names). Empty text is null. ``cells.*`` holds every cell of every
table of every file, in long form, so that a researcher can query across
reports whatever their tables look like.

Everything is read back from the per-file CSVs as text, so it is the same
bytes whether a file was done in this run or skipped as unchanged, with one
worker, many, or a Dask cluster.
"""
from __future__ import annotations

import calendar
import csv
import datetime as dt
from pathlib import Path
from typing import Iterator

from thaitab.normalize.profiles.ita import OUTPUT_COLUMNS
from thaitab.normalize.records import PROVENANCE
from thaitab.batch.work import Task, table_csv_name
from thaitab.output import output_stem

#: the columns of an ITA measures table, as the records module makes them
ITA_COLUMNS = list(OUTPUT_COLUMNS) + [c for c in PROVENANCE if c not in OUTPUT_COLUMNS]
#: all.*: the ITA columns with the file's path below the input folder after its name
ALL_COLUMNS = ITA_COLUMNS[:1] + ["source_path"] + ITA_COLUMNS[1:]
GENERIC_PREFIX = ["source_file", "page_start", "page_end", "table"]

#: how a column of all.* is typed in Parquet and Excel (any other column is text)
ALL_TYPES = {
    "page_start": "int", "page_end": "int", "fiscal_year_be": "int", "table": "int",
    "uses_budget": "bool", "budget_baht": "float", "confidence": "float",
    "period_start": "month_start", "period_end": "month_end",
}
#: cells.*: one line per cell; ``output`` is the per-file CSV it comes from
#: (below OUTDIR), ``row`` its 1-based row there, ``column_index`` the 1-based
#: position of its column in that CSV
#: the row's own fields after the cell's: its pages and the records' provenance
#: (method, confidence, warnings, ...) but its table, which comes earlier
ROW_TAIL = ["page_start", "page_end"] + [c for c in PROVENANCE if c != "table"]
CELL_COLUMNS = ["source_file", "source_path", "output", "profile", "table", "row", "column_index",
                "column", "value"] + ROW_TAIL
CELL_TYPES = {"table": "int", "row": "int", "column_index": "int", "page_start": "int",
              "page_end": "int", "confidence": "float"}
# a row's own fields in a table CSV: the first of these names from the left ...
_ROW_FIELDS_FIRST = ("source_file", "page_start", "page_end", "table")
# ... and the last of these (a table's own header could repeat one)
_ROW_FIELDS_LAST = tuple(c for c in PROVENANCE if c != "table")
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")  # as thaitab.write


def table_kind(header: list[str]) -> str:
    """What a table CSV holds: the measures table (or the empty placeholder of a
    file without tables), a generic table, or something this version does not write."""
    if header[:len(OUTPUT_COLUMNS)] == list(OUTPUT_COLUMNS):
        return "ita"
    if header[:4] == GENERIC_PREFIX:
        return "generic"
    return "unknown"


def read_header(path: Path) -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return next(csv.reader(f), [])


def file_tables(task: Task, out: Path) -> Iterator[tuple[str, list[str], Iterator[list[str]]]]:
    """A finished file's table CSVs in order: (path below ``out``, header, rows).

    ``<stem>.csv``, then ``<stem>.table-2.csv`` ... up to the first one missing
    (a file's outputs are replaced as a set, so none of an older version is
    left to be found). The rows are streamed: read them before the next table."""
    stem = output_stem(task.path)
    n = 1
    while True:
        path = Path(task.outdir) / table_csv_name(stem, n)
        try:
            f = open(path, encoding="utf-8-sig", newline="")
        except FileNotFoundError:
            if n == 1:
                raise
            return
        with f:
            reader = csv.reader(f)
            header = next(reader, [])
            try:
                rel = path.relative_to(out).as_posix()
            except ValueError:
                rel = path.as_posix()
            yield rel, header, reader
        n += 1


def row_fields(header: list[str]) -> tuple[dict[str, int], list[int]]:
    """Where a table CSV keeps each row's own fields, and which columns are its cells."""
    where: dict[str, int] = {}
    for name in _ROW_FIELDS_FIRST:
        if name in header:
            where[name] = header.index(name)
    for name in _ROW_FIELDS_LAST:
        if name in header:
            where[name] = len(header) - 1 - header[::-1].index(name)
    own = set(where.values())
    return where, [i for i in range(len(header)) if i not in own]


def unguard(text: str) -> str:
    """Undo ``--csv-excel-safe``'s apostrophe: typed outputs are never formulas anyway."""
    if text.startswith("'") and text[1:].startswith(_FORMULA_TRIGGERS):
        return text[1:]
    return text


def typed(kind: str | None, text: str):
    """A CSV cell's value as ``kind`` ("int", "bool", "float", "month_start",
    "month_end", None: text); None for an empty cell. ValueError if it does not parse."""
    if text == "":
        return None
    if kind is None:
        return text
    if kind == "int":
        return int(text)
    if kind == "float":
        return float(text)
    if kind == "bool":
        if text in ("true", "false"):
            return text == "true"
        raise ValueError(f"not true or false: {text!r}")
    if kind in ("month_start", "month_end"):
        parts = text.split("-")
        if len(parts) == 3:
            return dt.date.fromisoformat(text)
        if len(parts) != 2 or len(parts[0]) != 4:
            raise ValueError(f"not YYYY-MM: {text!r}")
        year, month = int(parts[0]), int(parts[1])
        day = 1 if kind == "month_start" else calendar.monthrange(year, month)[1]
        return dt.date(year, month, day)
    raise ValueError(f"unknown type {kind}")
