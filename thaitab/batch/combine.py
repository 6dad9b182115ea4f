"""Write the combined dataset, streamed: memory stays flat at any archive size.

``all.csv`` / ``all.xlsx`` / ``all.parquet`` (the ITA measures rows) and
``cells.csv`` / ``cells.parquet`` (every cell of every table) are written in
one pass over the per-file CSVs, in input order, each row handed to the
writers of :mod:`thaitab.batch.sinks` (CSV rows appended, Parquet row groups, an
Excel workbook that starts a new sheet at Excel's row limit). Each target is
written atomically. When nothing that goes into them changed since the last
run (the key kept in the Parquet files' metadata), they are left as they are.
"""
from __future__ import annotations

import contextlib
import csv
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from thaitab import __version__
from thaitab.batch.dataset import (ALL_COLUMNS, ALL_TYPES, CELL_COLUMNS, CELL_TYPES, ROW_TAIL, file_tables,
                                   row_fields, table_kind, typed, unguard)
from thaitab.batch.sinks import CsvSink, ParquetSink, XlsxSink
from thaitab.batch.work import USABLE, BatchSettings, Task, table_csv_name
from thaitab.output import output_stem
from thaitab.write import EXCEL_MAX_ROWS, atomic_path

ALL_STEM = "all"
CELLS_STEM = "cells"
#: what the key says about the layout of the combined files; bump when it changes
FORMAT = "3"
_KEY = b"thaitab.combined"
PROVENANCE_COLUMNS = ["source_path", "sha256", "result", "pages", "tables", "measures_rows",
                      "warnings", "error"]


@dataclass
class Counts:
    """What went into the combined files, for the run's last line."""

    measures_rows: int = 0
    tables: int = 0  # tables with at least one row
    table_rows: int = 0
    cells: int = 0
    notes: list[str] = field(default_factory=list)
    unchanged: bool = False
    extra: dict[str, int] = field(default_factory=dict)  # measures columns all.* has no place for


def targets(out: Path) -> dict[str, Path]:
    return {f"{stem}.{ext}": out / f"{stem}.{ext}"
            for stem, exts in ((ALL_STEM, ("csv", "xlsx", "parquet")), (CELLS_STEM, ("csv", "parquet")))
            for ext in exts}


def _have_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return False
    return True


def combined_key(tasks: Sequence[Task], entries, settings: BatchSettings) -> str:
    """Everything the combined files depend on: which files, which versions of them
    (never a time or a folder: the same inputs give the same bytes wherever, whenever)."""
    h = hashlib.sha256(f"{FORMAT};{__version__};excel={settings.excel};"
                       f"safe={settings.csv_excel_safe};rows={rows_per_sheet()}".encode())
    for task, entry in zip(tasks, entries):
        entry = entry or {}
        usable = entry.get("status") in USABLE
        h.update(json.dumps([task.source_path, usable, entry.get("sha256", ""),
                             entry.get("options", "")]).encode())
    return h.hexdigest()


def rows_per_sheet() -> int:
    """Data rows on one sheet of all.xlsx (Excel's limit less the header)."""
    return EXCEL_MAX_ROWS - 1


def _unchanged(out: Path, key: str, excel: bool, entries, tasks: Sequence[Task] = ()) -> Counts | None:
    """The counts of the last build when its key is ``key``, its files are all
    there and no file's outputs were made after it (``--force``, or a run killed
    before it rebuilt them)."""
    import datetime as dt

    import pyarrow.parquet as pq

    paths = targets(out)
    if not excel:
        paths.pop(f"{ALL_STEM}.xlsx")
    if not all(p.is_file() for p in paths.values()):
        return None
    built = min(p.stat().st_mtime for p in paths.values())
    built_at = dt.datetime.fromtimestamp(built, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if max((e.get("finished") or "" for e in entries if e), default="") > built_at:
        return None
    # within the same second the manifest cannot tell: the outputs' own times can
    for task, entry in zip(tasks, entries):
        if entry and entry.get("status") in USABLE:
            first = Path(task.outdir) / table_csv_name(output_stem(task.path), 1)
            try:
                if first.stat().st_mtime > built:
                    return None
            except OSError:
                return None
    try:
        info, cells_info = (json.loads((pq.read_metadata(paths[f"{stem}.parquet"]).metadata or {}).get(_KEY, b"{}"))
                            for stem in (ALL_STEM, CELLS_STEM))
    except Exception:
        return None
    if info.get("key") != key or cells_info.get("key") != key:
        return None
    return Counts(info["measures_rows"], info["tables"], info["table_rows"], info["cells"], unchanged=True)


def write_combined(out: Path, tasks: Sequence[Task], entries: Sequence[dict[str, str] | None],
                   settings: BatchSettings) -> Counts:
    """all.* and cells.* from the per-file CSVs of the usable files, in input order."""
    arrow = _have_pyarrow()
    key = combined_key(tasks, entries, settings)
    if arrow:
        same = _unchanged(out, key, settings.excel, entries, tasks)
        if same is not None:
            return same
    counts = Counts()
    paths = _paths_to_write(out, settings.excel, arrow, counts)
    with contextlib.ExitStack() as stack:
        sinks = _open_sinks(stack, {name: stack.enter_context(atomic_path(path)) for name, path in paths.items()},
                            settings.csv_excel_safe)
        info: list[list] = []
        for task, entry in zip(tasks, entries):
            entry = entry or {}
            n_measures = _usable_file(out, task, entry, sinks, counts)
            info.append(_provenance_row(task, entry, n_measures))
        counts.notes.extend(_column_notes(counts, sinks.bad))
        sinks.close(info, {"key": key, "measures_rows": counts.measures_rows, "tables": counts.tables,
                           "table_rows": counts.table_rows, "cells": counts.cells}, counts.notes)
    return counts


def _paths_to_write(out: Path, excel: bool, arrow: bool, counts: Counts) -> dict[str, Path]:
    """The combined files this run writes; those it does not are removed (stale)."""
    paths = targets(out)
    if not excel:
        _remove(paths.pop(f"{ALL_STEM}.xlsx"))
    if not arrow:
        # Parquet is optional and said so in the README: a note only when a Parquet file
        # of an earlier run had to go (it would be stale), not on every batch
        for name in (f"{ALL_STEM}.parquet", f"{CELLS_STEM}.parquet"):
            path = paths.pop(name)
            if path.exists():
                _remove(path)
                counts.notes.append(f"{name} removed (it would be out of date) and not written: "
                                    f'pyarrow is not installed (pip install "thaitab[parquet]")')
    return paths


@dataclass
class Sinks:
    """Where a file's rows go: the CSVs always, Parquet and Excel when written;
    ``bad``: column -> [count, first place] of values that do not parse."""

    all_csv: CsvSink
    cells_csv: CsvSink
    all_pq: ParquetSink | None
    cells_pq: ParquetSink | None
    xlsx: XlsxSink | None
    safe: bool  # the CSVs are --csv-excel-safe: typed copies drop the guard
    bad: dict[str, list] = field(default_factory=dict)

    @property
    def typed(self) -> bool:
        """A measures row also goes, typed, to all.parquet or all.xlsx."""
        return self.all_pq is not None or self.xlsx is not None

    def close(self, info: list[list], meta: dict, notes: list[str]) -> None:
        """Finish the typed files (the CSVs close with the exit stack)."""
        if self.all_pq is not None and self.cells_pq is not None:
            metadata = {_KEY.decode(): json.dumps(meta, sort_keys=True)}
            self.all_pq.close(metadata)
            self.cells_pq.close(metadata)
        if self.xlsx is not None:
            notes.extend(f"{ALL_STEM}.xlsx: {m}" for m in self.xlsx.close(PROVENANCE_COLUMNS, info))


def _open_sinks(stack: contextlib.ExitStack, tmp: dict[str, Path], safe: bool) -> Sinks:
    """A sink per temporary file in ``tmp`` (named as :func:`targets`)."""
    all_csv = CsvSink(tmp[f"{ALL_STEM}.csv"], ALL_COLUMNS)
    cells_csv = CsvSink(tmp[f"{CELLS_STEM}.csv"], CELL_COLUMNS)
    stack.callback(all_csv.close)
    stack.callback(cells_csv.close)
    arrow = f"{ALL_STEM}.parquet" in tmp
    all_pq = ParquetSink(tmp[f"{ALL_STEM}.parquet"], ALL_COLUMNS, ALL_TYPES) if arrow else None
    cells_pq = ParquetSink(tmp[f"{CELLS_STEM}.parquet"], CELL_COLUMNS, CELL_TYPES) if arrow else None
    xlsx = (XlsxSink(tmp[f"{ALL_STEM}.xlsx"], ALL_COLUMNS, "measures", rows_per_sheet())
            if f"{ALL_STEM}.xlsx" in tmp else None)
    return Sinks(all_csv, cells_csv, all_pq, cells_pq, xlsx, safe)


def _usable_file(out: Path, task: Task, entry: dict[str, str], sinks: Sinks, counts: Counts) -> int:
    """A usable file's tables into the sinks (a file that cannot be read back is
    a note); its measures rows."""
    if entry.get("status") not in USABLE:
        return 0
    try:
        return _one_file(out, task, sinks, counts)
    except (OSError, csv.Error, UnicodeDecodeError) as exc:
        counts.notes.append(f"{task.path}: cannot read its outputs back for "
                            f"{ALL_STEM}.* and {CELLS_STEM}.*: {exc}")
        return 0


def _provenance_row(task: Task, entry: dict[str, str], n_measures: int) -> list:
    """A file's line on all.xlsx's provenance sheet."""
    usable = entry.get("status") in USABLE
    result = (entry.get("status") if entry.get("status") == "partial" else "ok") if usable else "failed"
    return [task.source_path, entry.get("sha256", task.sha256), result, _int_or_none(entry.get("pages")),
            _int_or_none(entry.get("tables")), n_measures, entry.get("warnings") or None,
            entry.get("error") or None]


def _column_notes(counts: Counts, bad: dict[str, list]) -> list[str]:
    """Measures columns all.* has no place for, and values not of their column's type."""
    notes = []
    if counts.extra:
        names = ", ".join(sorted(counts.extra)[:5]) + (", ..." if len(counts.extra) > 5 else "")
        notes.append(f"{ALL_STEM}.*: {len(counts.extra)} column(s) of measures tables have no place "
                     f"in its fixed columns and are in {CELLS_STEM}.* only ({names})")
    for name, (count, where) in bad.items():
        notes.append(f"{ALL_STEM}.parquet/.xlsx: {count} value(s) of {name} are not of its type "
                     f"and are left empty there (as written in {ALL_STEM}.csv; first: {where})")
    return notes


def _one_file(out: Path, task: Task, sinks: Sinks, counts: Counts) -> int:
    """Stream one file's tables into the sinks; its measures rows."""
    measures = 0
    for rel, header, rows in file_tables(task, out):
        kind = table_kind(header)
        where, value_cols = row_fields(header)
        if kind == "ita":
            for extra in set(header) - set(ALL_COLUMNS):  # e.g. a column the profile could not name
                counts.extra[extra] = counts.extra.get(extra, 0) + 1
        pick = [header.index(c) if c in header and c != "source_path" else None for c in ALL_COLUMNS]
        n = 0
        for n, row in enumerate(rows, start=1):
            if len(row) < len(header):
                row = row + [""] * (len(header) - len(row))
            if kind == "ita":
                _measures_row(task, row, pick, n, sinks)
                measures += 1
            own = {name: row[i] for name, i in where.items()}
            fixed = [own.get("source_file", ""), task.source_path, rel, kind, own.get("table", ""), str(n)]
            tail = [own.get(c, "") for c in ROW_TAIL]
            counts.cells += _cell_rows(fixed, tail, header, row, value_cols, sinks)
        if n:
            counts.tables += 1
            counts.table_rows += n
    counts.measures_rows += measures
    return measures


def _measures_row(task: Task, row: list[str], pick: list[int | None], n: int, sinks: Sinks) -> None:
    """Row ``n`` of a measures table into all.csv as text, and typed into
    all.parquet / all.xlsx (a value that does not parse is left empty and counted)."""
    text = [row[i] if i is not None else "" for i in pick]
    text[1] = task.source_path
    sinks.all_csv.add(text)
    if not sinks.typed:
        return
    values = []
    for col, t in zip(ALL_COLUMNS, text):
        t = unguard(t) if sinks.safe else t
        try:
            values.append(typed(ALL_TYPES.get(col), t))
        except ValueError:
            values.append(None)
            slot = sinks.bad.setdefault(col, [0, f"{task.source_path} row {n}"])
            slot[0] += 1
    if sinks.all_pq is not None:
        sinks.all_pq.add(values)
    if sinks.xlsx is not None:
        sinks.xlsx.add(values)


def _cell_rows(fixed: list[str], tail: list[str], header: list[str], row: list[str], value_cols: list[int],
               sinks: Sinks) -> int:
    """One line per value cell of a row into cells.csv and cells.parquet; how many."""
    for i in value_cols:
        line = fixed + [str(i + 1), header[i], row[i]] + tail
        sinks.cells_csv.add(line)
        if sinks.cells_pq is not None:
            sinks.cells_pq.add([_cell_value(c, unguard(v) if sinks.safe else v) for c, v in zip(CELL_COLUMNS, line)])
    return len(value_cols)


def _cell_value(column: str, text: str):
    try:
        return typed(CELL_TYPES.get(column), text)
    except ValueError:
        return None if CELL_TYPES.get(column) else text


def _int_or_none(text: str | None) -> int | None:
    try:
        return int(text) if text else None
    except ValueError:
        return None


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


__all__ = ["ALL_STEM", "CELLS_STEM", "Counts", "write_combined", "targets"]
