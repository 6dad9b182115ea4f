"""Write the combined dataset, streamed: memory stays flat at any archive size.

``all.csv`` / ``all.xlsx`` / ``all.parquet`` (the ITA measures rows) and
``cells.csv`` / ``cells.parquet`` (every cell of every table) are written in
one pass over the per-file CSVs, in input order: CSV rows appended, Parquet
row groups of :data:`ROW_GROUP` rows (pyarrow's ``ParquetWriter``), an
openpyxl write-only workbook that starts a new sheet ("measures (2)", ...) at
Excel's row limit. Each target is written atomically. When nothing that goes
into them changed since the last run (the key kept in the Parquet files'
metadata), they are left as they are.
"""
from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from thaitab import __version__
from thaitab.batch.dataset import (ALL_COLUMNS, ALL_TYPES, CELL_COLUMNS, CELL_TYPES, ROW_TAIL, file_tables,
                                   row_fields, table_kind, typed, unguard)
from thaitab.batch.work import USABLE, BatchSettings, Task, table_csv_name
from thaitab.output import output_stem
from thaitab.write import EXCEL_MAX_ROWS, FIXED_TIMESTAMP, atomic_path

ALL_STEM = "all"
CELLS_STEM = "cells"
#: rows per Parquet row group: big enough to compress well, small enough that the
#: rows held before each write stay a few MB (memory flat at any archive size)
ROW_GROUP = 10_000
#: ... or fewer when their text passes this many characters (measures rows are long)
ROW_GROUP_CHARS = 1_000_000
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
            self.all_pq.close(meta)
            self.cells_pq.close(meta)
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


# ---------------------------------------------------------------------------
# sinks: each takes rows one at a time
# ---------------------------------------------------------------------------


class CsvSink:
    """Rows of text appended to a UTF-8 (BOM) CSV, as :func:`thaitab.write.write_csv` writes them."""

    def __init__(self, path: Path, columns: list[str]) -> None:
        self.file = open(path, "w", encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.file, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        self.writer.writerow(columns)
        self.add = self.writer.writerow

    def close(self) -> None:
        self.file.close()


class ParquetSink:
    """Typed rows into a Parquet file, a row group at a time."""

    def __init__(self, path: Path, columns: list[str], types: dict[str, str]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        arrow = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
                 "month_start": pa.date32(), "month_end": pa.date32()}
        self.pa = pa
        schema = pa.schema([(c, arrow.get(types.get(c), pa.string())) for c in columns])
        self.schema = schema.with_metadata(_pandas_metadata(columns, types))
        self.path = path
        self.writer = pq.ParquetWriter(path, self.schema, compression="zstd")
        self.columns: list[list] = [[] for _ in columns]
        self.n = self.chars = 0  # rows and characters of text held

    def add(self, values: list) -> None:
        for col, v in zip(self.columns, values):
            col.append(v)
            if isinstance(v, str):
                self.chars += len(v)
        self.n += 1
        if self.n >= ROW_GROUP or self.chars >= ROW_GROUP_CHARS:
            self.flush()

    def flush(self) -> None:
        if not self.n:
            return
        arrays = [self.pa.array(col, type=f.type) for col, f in zip(self.columns, self.schema)]
        self.writer.write_table(self.pa.Table.from_arrays(arrays, schema=self.schema))
        self.columns = [[] for _ in self.columns]
        self.n = self.chars = 0

    def close(self, meta: dict) -> None:
        self.flush()
        self.writer.add_key_value_metadata({_KEY.decode(): json.dumps(meta, sort_keys=True)})
        self.writer.close()


def _pandas_metadata(columns: list[str], types: dict[str, str]) -> dict:
    """pandas' own schema note, so that ``pd.read_parquet`` gives nullable
    Int64/boolean/Float64 columns (not floats where a number is missing)."""
    import datetime as dt

    import pandas as pd
    import pyarrow as pa

    sample = {"int": pd.array([1], dtype="Int64"), "float": pd.array([1.0], dtype="Float64"),
              "bool": pd.array([True], dtype="boolean"), "month_start": [dt.date(2000, 1, 1)],
              "month_end": [dt.date(2000, 1, 31)]}
    frame = pd.DataFrame({c: sample.get(types.get(c), ["x"]) for c in columns})
    return dict(pa.Schema.from_pandas(frame, preserve_index=False).metadata or {})


class XlsxSink:
    """Typed rows into an openpyxl write-only workbook: the sheets "measures",
    "measures (2)", ... of ``per_sheet`` rows each, a provenance sheet last;
    byte-identical for the same rows."""

    SAMPLE = 1_000  # rows that set the column widths (as thaitab.write)

    def __init__(self, path: Path, columns: list[str], sheet: str, per_sheet: int) -> None:
        from openpyxl import Workbook

        from thaitab.write import _add_named_styles

        self.path = path
        self.per_sheet = max(1, per_sheet)
        self.wb = Workbook(write_only=True)
        self.wb.properties.creator = "thaitab"
        self.wb.properties.created = self.wb.properties.modified = FIXED_TIMESTAMP
        _add_named_styles(self.wb)
        self.notes: dict[str, list] = {}
        self.main = _SheetRun(self, sheet, columns)

    def add(self, values: list) -> None:
        self.main.add(values)

    def cell(self, ws, value, style: str, row: int, col: int):
        """A write-only cell as :mod:`thaitab.write` makes them: text never a formula."""
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.utils import get_column_letter

        from thaitab.write import _xlsx_value

        value, kinds = _xlsx_value(value)
        for kind in kinds:
            slot = self.notes.setdefault(kind, [0, f"{ws.title}!{get_column_letter(col)}{row}"])
            slot[0] += 1
        if value is None or value == "":
            return None
        cell = WriteOnlyCell(ws)
        cell.style = style  # before the value, which may add a date number format
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula
        return cell

    def close(self, info_columns: list[str], info: list[list]) -> list[str]:
        """Finish the sheets, add the provenance sheet, save; the notes on changed cells."""
        from thaitab.write import _NOTE_TEXT

        self.main.close()
        provenance = _SheetRun(self, "provenance", info_columns)
        for values in info:
            provenance.add(values)
        provenance.close()
        raw = self.path.with_name(self.path.name + ".raw")
        try:
            self.wb.save(raw)
            _normalized_copy(raw, self.path, self.wb)
        finally:
            _remove(raw)
        return [f"{count} {_NOTE_TEXT[kind]} (first at {where})" for kind, (count, where) in self.notes.items()]


class _SheetRun:
    """One table over as many sheets as it needs: "title", "title (2)", ...
    The first rows are held back to size the columns (as :mod:`thaitab.write`)."""

    def __init__(self, book: XlsxSink, title: str, columns: list[str]) -> None:
        self.book = book
        self.title = title
        self.columns = columns
        self.head: list[list] | None = []
        self.widths: list[float] = []
        self.ws = None
        self.rows = 0  # on the current sheet
        self.sheets = 0

    def add(self, values: list) -> None:
        if self.head is None:
            self._append(values)
            return
        self.head.append(values)
        if len(self.head) >= XlsxSink.SAMPLE:
            self._flush_head()

    def _flush_head(self) -> None:
        import pandas as pd

        from thaitab.write import _column_widths

        head, self.head = self.head or [], None
        self.widths = _column_widths(self.columns, pd.DataFrame(head, columns=self.columns, dtype=object))
        for values in head:
            self._append(values)

    def _new_sheet(self) -> None:
        from openpyxl.utils import get_column_letter

        from thaitab.write import _HEADER_STYLE

        self._end_sheet()
        self.sheets += 1
        title = self.title if self.sheets == 1 else f"{self.title} ({self.sheets})"
        ws = self.ws = self.book.wb.create_sheet(title=title)
        for i, w in enumerate(self.widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w
        ws.freeze_panes = "A2"
        ws.append([self.book.cell(ws, v, _HEADER_STYLE, 1, i) for i, v in enumerate(self.columns, start=1)])
        self.rows = 0

    def _end_sheet(self) -> None:
        from openpyxl.utils import get_column_letter

        if self.ws is not None:
            self.ws.auto_filter.ref = f"A1:{get_column_letter(len(self.columns))}{self.rows + 1}"

    def _append(self, values: list) -> None:
        from thaitab.write import _BODY_STYLE

        if self.ws is None or self.rows >= self.book.per_sheet:
            self._new_sheet()
        self.rows += 1
        row = self.rows + 1
        self.ws.append([self.book.cell(self.ws, v, _BODY_STYLE, row, i) for i, v in enumerate(values, start=1)])

    def close(self) -> None:
        if self.head is not None:
            self._flush_head()
        if self.ws is None:  # no rows: the header alone
            self._new_sheet()
        self._end_sheet()


def _normalized_copy(src_path: Path, dest: Path, wb) -> None:
    """The saved workbook with fixed zip timestamps and core properties, entry by
    entry (a sheet of a million rows is never held in memory); as thaitab.write does
    for the per-file workbooks, so that the same rows give the same bytes."""
    from openpyxl.xml.functions import tostring

    wb.properties.modified = FIXED_TIMESTAMP
    core_xml = tostring(wb.properties.to_tree())
    with zipfile.ZipFile(src_path) as src, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED,
                                                           allowZip64=True) as out:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            if item.filename == "docProps/core.xml":
                out.writestr(info, core_xml)
                continue
            with src.open(item) as r, out.open(info, "w", force_zip64=item.file_size > (1 << 30)) as w:
                shutil.copyfileobj(r, w, 1 << 20)


__all__ = ["ALL_STEM", "CELLS_STEM", "Counts", "write_combined", "targets"]
