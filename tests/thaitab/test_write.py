from __future__ import annotations

import csv
import datetime as dt
import errno
import sys
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from thaitab import write
from thaitab.write import (
    EXCEL_MAX_CELL_CHARS,
    EXCEL_MAX_ROWS,
    FONT_NAME,
    atomic_path,
    atomic_write,
    sanitize_sheet_names,
    write_csv,
    write_parquet,
    write_xlsx,
)

THAI = "การจัดซื้อจัดจ้าง ปีงบประมาณ ๒๕๖๗"


def sample_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "หน่วยงาน": [THAI, "- ข้อ 1\n- ข้อ 2", None],
            "จำนวน": [1, 2, 3],
            "งบประมาณ": [20000.0, 1.5, np.nan],
            "ผ่าน": [True, False, True],
        }
    )


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if ".tmp-" in p.name)


# ---------------------------------------------------------------- CSV


def test_csv_exact_bytes(tmp_path):
    out = tmp_path / "t.csv"
    write_csv(sample_frame(), out)
    expected = (
        "\ufeffหน่วยงาน,จำนวน,งบประมาณ,ผ่าน\r\n"
        f"{THAI},1,20000,true\r\n"
        '"- ข้อ 1\n- ข้อ 2",2,1.5,false\r\n'
        ",3,,true\r\n"
    )
    assert out.read_bytes() == expected.encode("utf-8")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_csv_thai_round_trips(tmp_path):
    out = tmp_path / "t.csv"
    df = sample_frame()
    write_csv(df, out)

    back = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False, dtype=str)
    assert list(back.columns) == list(df.columns)
    assert back["หน่วยงาน"].tolist() == [THAI, "- ข้อ 1\n- ข้อ 2", ""]

    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][0] == "หน่วยงาน"
    assert rows[2] == ["- ข้อ 1\n- ข้อ 2", "2", "1.5", "false"]


def test_csv_value_formatting(tmp_path):
    df = pd.DataFrame(
        {
            "int": pd.array([1, None, -7], dtype="Int64"),
            "bool": pd.array([True, None, False], dtype="boolean"),
            "float": [20000.0, -0.0, 0.1],
            "obj": [np.int64(5), np.float64(3.0), pd.NaT],
            "when": [dt.date(2024, 1, 31), dt.datetime(2024, 1, 31, 8, 30), None],
        }
    )
    out = tmp_path / "t.csv"
    write_csv(df, out)
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[1:] == [
        ["1", "true", "20000", "5", "2024-01-31"],
        ["", "", "0", "3", "2024-01-31 08:30:00"],
        ["-7", "false", "0.1", "", ""],
    ]


def test_csv_non_string_and_multiindex_headers(tmp_path):
    df = pd.DataFrame([[1, 2]], columns=pd.MultiIndex.from_tuples([("ก", "x"), ("ข", "")]))
    out = tmp_path / "t.csv"
    write_csv(df, out)
    assert out.read_text(encoding="utf-8-sig").splitlines()[0] == "ก / x,ข"

    write_csv(pd.DataFrame([[1, 2]]), out)
    assert out.read_text(encoding="utf-8-sig").splitlines()[0] == "0,1"


def test_csv_is_deterministic(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    write_csv(sample_frame(), a)
    write_csv(sample_frame(), b)
    assert a.read_bytes() == b.read_bytes()


def test_csv_excel_safe(tmp_path):
    df = pd.DataFrame(
        {"t": ["=1+2", "+66 1234", "-bullet", "@x", "\tx", "\rx", "ok", "a=b"], "n": [-5] * 8}
    )
    out = tmp_path / "t.csv"

    write_csv(df, out)
    plain = pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert plain["t"].tolist()[:4] == ["=1+2", "+66 1234", "-bullet", "@x"]

    write_csv(df, out, excel_safe=True)
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert [r[0] for r in rows[1:]] == [
        "'=1+2", "'+66 1234", "'-bullet", "'@x", "'\tx", "'\rx", "ok", "a=b",
    ]
    assert {r[1] for r in rows[1:]} == {"-5"}  # numbers are not text


# ---------------------------------------------------------------- atomicity


class Explodes:
    def __str__(self) -> str:
        raise RuntimeError("boom")


def test_atomic_path_replaces_target(tmp_path):
    out = tmp_path / "t.txt"
    out.write_text("old")
    with atomic_path(out) as tmp:
        assert tmp.parent == tmp_path
        assert tmp.name.startswith(".t.txt.tmp-")
        tmp.write_text("new")
        assert out.read_text() == "old"
    assert out.read_text() == "new"
    assert leftovers(tmp_path) == []

    atomic_write(out, lambda p: p.write_text("newer"))
    assert out.read_text() == "newer"


def test_failed_cell_leaves_target_untouched(tmp_path):
    out = tmp_path / "t.csv"
    out.write_bytes(b"previous")
    df = pd.DataFrame({"a": ["fine"] * 50 + [Explodes()]})
    with pytest.raises(RuntimeError, match="boom"):
        write_csv(df, out)
    assert out.read_bytes() == b"previous"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("writer", ["csv", "xlsx", "parquet"])
def test_failed_replace_leaves_target_untouched(tmp_path, monkeypatch, writer):
    if writer == "parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / f"t.{writer}"
    out.write_bytes(b"previous")

    def fail(src, dst):
        raise PermissionError(errno.EACCES, "locked by Excel", str(dst))

    monkeypatch.setattr(write.os, "replace", fail)
    with pytest.raises(PermissionError):
        if writer == "csv":
            write_csv(sample_frame(), out)
        elif writer == "xlsx":
            write_xlsx({"a": sample_frame()}, out)
        else:
            write_parquet(sample_frame(), out)
    assert out.read_bytes() == b"previous"
    assert leftovers(tmp_path) == []


def test_disk_full_csv_leaves_no_partial_file(tmp_path, monkeypatch):
    real_open = open

    def fake_open(file, mode="r", *args, **kwargs):
        f = real_open(file, mode, *args, **kwargs)
        if "w" not in mode:
            return f
        real_write = f.write
        written = [0]

        class Proxy:
            def write(self, s):
                if written[0] > 20:  # some bytes hit the disk first
                    raise OSError(errno.ENOSPC, "No space left on device")
                written[0] += len(s)
                return real_write(s)

            def __getattr__(self, name):
                return getattr(f, name)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                f.close()

        return Proxy()

    monkeypatch.setattr(write, "open", fake_open, raising=False)
    out = tmp_path / "t.csv"
    with pytest.raises(OSError) as info:
        write_csv(sample_frame(), out)
    assert info.value.errno == errno.ENOSPC
    assert list(tmp_path.iterdir()) == []

    out.write_bytes(b"previous")
    with pytest.raises(OSError):
        write_csv(sample_frame(), out)
    assert out.read_bytes() == b"previous"
    assert leftovers(tmp_path) == []


def test_disk_full_xlsx_leaves_no_partial_file(tmp_path, monkeypatch):
    real_writestr = zipfile.ZipFile.writestr

    def writestr(self, zinfo, data, *args, **kwargs):
        if self.filename is not None:  # the on-disk archive, not openpyxl's buffer
            real_writestr(self, zinfo, data, *args, **kwargs)
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_writestr(self, zinfo, data, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", writestr)
    with pytest.raises(OSError):
        write_xlsx({"a": sample_frame()}, tmp_path / "t.xlsx")
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- xlsx


def load(path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path)


def test_xlsx_text_is_never_a_formula(tmp_path):
    risky = ["=SUM(A1)", "+66 1234", "-bullet", "@x", "#N/A", "=", "0812345678"]
    out = tmp_path / "t.xlsx"
    write_xlsx({"a": pd.DataFrame({"=HEADER()": risky})}, out)
    ws = load(out)["a"]
    assert (ws["A1"].value, ws["A1"].data_type) == ("=HEADER()", "s")
    cells = [ws.cell(row=i + 2, column=1) for i in range(len(risky))]
    assert [c.value for c in cells] == risky
    assert {c.data_type for c in cells} == {"s"}


def test_xlsx_value_types(tmp_path):
    df = pd.DataFrame(
        {
            "int": pd.array([1, None], dtype="Int64"),
            "float": [20000.0, np.nan],
            "bool": [True, False],
            "text": [THAI, ""],
            "big": [12345678901234567, 5],
            "inf": [np.inf, 1.0],
            "tz": [pd.Timestamp("2024-01-31 08:00", tz="Asia/Bangkok"), None],
            "date": [dt.date(2024, 1, 31), None],
        }
    )
    out = tmp_path / "t.xlsx"
    warnings = write_xlsx({"a": df}, out)
    ws = load(out)["a"]
    row2 = [c.value for c in ws[2]]
    assert row2[:4] == [1, 20000, True, THAI]
    assert ws["A2"].data_type == "n" and ws["C2"].data_type == "b"
    assert row2[4:7] == ["12345678901234567", "inf", "2024-01-31T08:00:00+07:00"]
    assert row2[7] == dt.datetime(2024, 1, 31)
    assert [c.value for c in ws[3]][:4] == [None, None, False, None]
    assert ws["D3"].data_type == "n"  # missing text is an empty cell
    assert any("15-digit" in w for w in warnings)
    assert any("non-finite" in w for w in warnings)


def test_xlsx_layout_and_font(tmp_path):
    df = pd.DataFrame({"a": ["x", "y\nz"], "b": [1, 2]})
    out = tmp_path / "t.xlsx"
    write_xlsx({"data": df}, out)
    ws = load(out)["data"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:B3"
    for row in ws.iter_rows():
        for cell in row:
            assert cell.font.name == FONT_NAME
            assert cell.alignment.wrap_text is True
            assert cell.alignment.vertical == "top"
    assert ws["A1"].font.b and ws["B1"].font.b
    assert not ws["A2"].font.b


def test_xlsx_column_widths(tmp_path):
    marks = "กิ่" * 20  # 20 base consonants, each with two combining marks
    df = pd.DataFrame(
        {"s": ["a"], "marks": [marks], "bases": ["ก" * 60], "long": ["x" * 500]}
    )
    out = tmp_path / "t.xlsx"
    write_xlsx({"a": df}, out)
    widths = {k: v.width for k, v in load(out)["a"].column_dimensions.items()}
    assert widths["A"] == 8  # minimum
    assert widths["B"] < 25  # combining marks take no width
    assert widths["B"] < widths["C"]
    assert widths["D"] == 60  # cap


def test_sanitize_sheet_names():
    names = sanitize_sheet_names(
        ["ตาราง 1/2", "a[b]:c*d?e\\f", "x" * 40, "X" * 40, "'quoted'", "", "History",
         "Provenance", "ตาราง 1_2", "y" * 30 + "'z"],
        reserved=["provenance"],
    )
    assert names[0] == "ตาราง 1_2"
    assert names[1] == "a_b__c_d_e_f"
    assert names[2] == "x" * 31
    assert names[3] == "X" * 27 + " (2)"
    assert names[4] == "quoted"
    assert names[5] == "Sheet"
    assert names[6] == "History (2)"
    assert names[7] == "Provenance (2)"
    assert names[8] == "ตาราง 1_2 (2)"
    assert names[9] == "y" * 30  # no trailing apostrophe after truncation
    assert all(len(n) <= 31 for n in names)
    assert len({n.casefold() for n in names}) == len(names)


def test_xlsx_sheets_and_provenance(tmp_path):
    out = tmp_path / "t.xlsx"
    info = pd.DataFrame({"key": ["source", "pages"], "value": ["ita.pdf", 12]})
    write_xlsx({"ตาราง: 1": sample_frame(), "provenance": sample_frame()}, out, info=info)
    wb = load(out)
    assert wb.sheetnames == ["ตาราง_ 1", "provenance (2)", "provenance"]
    assert [c.value for c in wb["provenance"]["A"]] == ["key", "source", "pages"]


def test_xlsx_truncates_and_cleans_with_warnings(tmp_path):
    long = "ก" * (EXCEL_MAX_CELL_CHARS + 100)
    df = pd.DataFrame({"a": [long, "bad\x00\x07char", "ok\tline\nbreak"]})
    out = tmp_path / "t.xlsx"
    warnings = write_xlsx({"s": df}, out)
    ws = load(out)["s"]
    assert ws["A2"].value == long[:EXCEL_MAX_CELL_CHARS]
    assert ws["A3"].value == "badchar"
    assert ws["A4"].value == "ok\tline\nbreak"
    assert len(warnings) == 2
    assert any("truncated" in w and "A2" in w for w in warnings)
    assert any("control characters" in w and "A3" in w for w in warnings)


def test_xlsx_too_many_rows_raises(tmp_path):
    out = tmp_path / "t.xlsx"
    out.write_bytes(b"previous")
    big = pd.DataFrame({"a": np.zeros(EXCEL_MAX_ROWS, dtype=np.int8)})
    with pytest.raises(ValueError, match="1,048,576"):
        write_xlsx({"ok": sample_frame(), "big": big}, out)
    assert out.read_bytes() == b"previous"
    assert leftovers(tmp_path) == []


def test_xlsx_is_deterministic(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    info = pd.DataFrame({"key": ["source"], "value": ["ita.pdf"]})
    write_xlsx({"a": sample_frame()}, a, info=info)
    write_xlsx({"a": sample_frame()}, b, info=info)
    assert a.read_bytes() == b.read_bytes()
    props = load(a).properties
    assert props.created == props.modified == write.FIXED_TIMESTAMP


def test_xlsx_needs_a_sheet(tmp_path):
    with pytest.raises(ValueError):
        write_xlsx({}, tmp_path / "t.xlsx")


# ---------------------------------------------------------------- parquet


def test_parquet_round_trip(tmp_path):
    pytest.importorskip("pyarrow")
    out = tmp_path / "t.parquet"
    write_parquet(sample_frame(), out)
    back = pd.read_parquet(out)
    assert back["หน่วยงาน"].tolist()[:2] == [THAI, "- ข้อ 1\n- ข้อ 2"]
    assert back["จำนวน"].tolist() == [1, 2, 3]
    assert leftovers(tmp_path) == []


def test_parquet_without_pyarrow(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(RuntimeError, match=r"pip install \"thaitab\[parquet\]\""):
        write_parquet(sample_frame(), tmp_path / "t.parquet")
    assert list(tmp_path.iterdir()) == []
