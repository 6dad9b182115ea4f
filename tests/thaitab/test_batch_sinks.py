"""thaitab.batch.sinks: the combined files' writers, one row at a time.

The rows that reach them and the files a batch writes are tested through the
batch (tests/thaitab/test_batch_dataset.py); here each writer on its own.
"""
from __future__ import annotations

import pytest

from thaitab.batch import sinks

pq = pytest.importorskip("pyarrow.parquet")


def test_csv_sink_writes_excel_friendly_csv(tmp_path):
    path = tmp_path / "x.csv"
    sink = sinks.CsvSink(path, ["a", "b"])
    sink.add(["1", 'say "hi", then go'])
    sink.close()
    assert path.read_bytes() == '\ufeffa,b\r\n1,"say ""hi"", then go"\r\n'.encode()


def test_parquet_sink_writes_a_row_group_at_a_time(tmp_path, monkeypatch):
    monkeypatch.setattr(sinks, "ROW_GROUP", 3)
    path = tmp_path / "x.parquet"
    sink = sinks.ParquetSink(path, ["n", "text"], {"n": "int"})
    for i in range(7):
        sink.add([i if i != 4 else None, f"row {i}"])
    sink.close({"k": "v"})
    meta = pq.read_metadata(path)
    assert [meta.row_group(g).num_rows for g in range(meta.num_row_groups)] == [3, 3, 1]
    assert meta.metadata[b"k"] == b"v"
    frame = pq.read_table(path).to_pandas()
    assert str(frame["n"].dtype) == "Int64"  # a missing number stays missing, not a float NaN
    assert frame["n"].isna().tolist() == [False] * 4 + [True] + [False] * 2


def test_parquet_sink_flushes_early_on_long_text(tmp_path, monkeypatch):
    monkeypatch.setattr(sinks, "ROW_GROUP_CHARS", 10)
    path = tmp_path / "x.parquet"
    sink = sinks.ParquetSink(path, ["text"], {})
    for _ in range(3):
        sink.add(["x" * 10])
    sink.close({})
    assert pq.read_metadata(path).num_row_groups == 3


def xlsx(path, rows: list[list], per_sheet: int):
    sink = sinks.XlsxSink(path, ["name", "n"], "measures", per_sheet)
    for row in rows:
        sink.add(row)
    return sink.close(["source_path"], [["a.pdf"]])


def test_xlsx_sink_splits_sheets_and_gives_the_same_bytes_for_the_same_rows(tmp_path):
    from openpyxl import load_workbook

    rows = [["=1+1", 1], ["b", 2], ["c", None], ["d", 4], ["e", 5]]
    xlsx(tmp_path / "one.xlsx", rows, per_sheet=2)
    xlsx(tmp_path / "two.xlsx", rows, per_sheet=2)
    assert (tmp_path / "one.xlsx").read_bytes() == (tmp_path / "two.xlsx").read_bytes()
    assert not (tmp_path / "one.xlsx.raw").exists()
    wb = load_workbook(tmp_path / "one.xlsx")
    assert wb.sheetnames == ["measures", "measures (2)", "measures (3)", "provenance"]
    first = wb["measures"]
    assert [c.value for c in first[1]] == ["name", "n"]
    assert first["A2"].value == "=1+1" and first["A2"].data_type == "s"  # text, never a formula
    assert [[c.value for c in r] for r in wb["measures (3)"].iter_rows(min_row=2)] == [["e", 5]]
    assert wb["provenance"]["A2"].value == "a.pdf"
