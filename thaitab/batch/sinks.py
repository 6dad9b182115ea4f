"""The combined files' writers: each takes rows one at a time, so memory stays flat.

:class:`CsvSink` appends text rows to a CSV; :class:`ParquetSink` holds typed
rows and writes a Parquet row group every :data:`ROW_GROUP` rows (pyarrow's
``ParquetWriter``); :class:`XlsxSink` writes an openpyxl write-only workbook
that starts a new sheet ("measures (2)", ...) at a row limit and saves with
fixed timestamps (the same rows give the same bytes). Which rows go where, and
when the combined files are built at all, is :mod:`thaitab.batch.combine`'s.
"""
from __future__ import annotations

import csv
import shutil
import zipfile
from pathlib import Path

from thaitab.write import FIXED_TIMESTAMP

#: rows per Parquet row group: big enough to compress well, small enough that the
#: rows held before each write stay a few MB (memory flat at any archive size)
ROW_GROUP = 10_000
#: ... or fewer when their text passes this many characters (measures rows are long)
ROW_GROUP_CHARS = 1_000_000


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

    def close(self, metadata: dict[str, str]) -> None:
        """Write the rows held, add ``metadata`` to the file's key-value metadata, close."""
        self.flush()
        self.writer.add_key_value_metadata(metadata)
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
            raw.unlink(missing_ok=True)
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


