"""Write tidy tables to CSV, Excel and Parquet, atomically and reproducibly.

Every writer goes through :func:`atomic_path`: output lands in a temporary
file next to the target and is renamed over it only once complete, so a crash,
a full disk or a bad cell never leaves a half-written file behind.

CSV output is byte-for-byte deterministic for the same frame, because the
committed outputs are compared in tests. Excel output keeps every text cell a
literal string (never a formula) and uses a Thai-capable font.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import decimal
import io
import math
import os
import re
import secrets
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.utils import get_column_letter
from openpyxl.xml.functions import tostring

from thaitab.extract.thai.charset import is_thai

__all__ = [
    "EXCEL_MAX_CELL_CHARS",
    "EXCEL_MAX_COLUMNS",
    "EXCEL_MAX_ROWS",
    "FONT_NAME",
    "atomic_path",
    "atomic_write",
    "sanitize_sheet_names",
    "write_csv",
    "write_parquet",
    "write_xlsx",
]

#: Font for every xlsx cell. Tahoma ships with Windows and Office and has Thai glyphs.
FONT_NAME = "Tahoma"
FONT_SIZE = 11

EXCEL_MAX_ROWS = 1_048_576  # per sheet, header row included
EXCEL_MAX_COLUMNS = 16_384
EXCEL_MAX_CELL_CHARS = 32_767  # counted in UTF-16 code units
EXCEL_MAX_SHEET_NAME = 31

PROVENANCE_SHEET = "provenance"

#: Timestamp stored in xlsx metadata so repeated runs give identical files.
FIXED_TIMESTAMP = dt.datetime(2000, 1, 1)

# Leading characters that make a spreadsheet treat a CSV cell as a formula
# (OWASP "CSV Injection").
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# XML 1.0 cannot carry these: C0 controls other than tab/LF/CR (the set
# openpyxl rejects), lone surrogates (broken PDF text) and the non-characters
# U+FFFE/U+FFFF.
_XML_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SHEET_NAME_ILLEGAL_RE = re.compile(r"[\[\]:*?/\\]")
_SHEET_NAME_CONTROL_RE = re.compile("[\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

# Column width estimate, in Excel width units (roughly one digit each).
_MIN_WIDTH = 8.0
_MAX_WIDTH = 60.0
_WIDTH_SAMPLE_ROWS = 1_000
# Excel shows 15 significant digits; larger integers are kept exact as text.
_MAX_EXACT_INT = 10**15

_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


# --------------------------------------------------------------------------
# atomic replacement
# --------------------------------------------------------------------------


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside *path*; move it onto *path* on success.

    The temp file (``.<name>.tmp-<random>``) lives in the target's directory so
    the final :func:`os.replace` is atomic on the same filesystem. It is fsynced
    before the rename. On any exception, including KeyboardInterrupt, the temp
    file is deleted and an existing target is left untouched. The parent
    directory must already exist.
    """
    target = Path(path)
    tmp = _create_temp(target)
    try:
        yield tmp
        _fsync_file(tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(target.parent)


def atomic_write(path: str | os.PathLike[str], write_fn: Callable[[Path], object]) -> None:
    """Call ``write_fn(tmp_path)`` and atomically move the result onto *path*."""
    with atomic_path(path) as tmp:
        write_fn(tmp)


def _create_temp(target: Path) -> Path:
    """Create an empty, uniquely named file next to *target* (mode 0666 & ~umask)."""
    for _ in range(100):
        tmp = target.with_name(f".{target.name}.tmp-{secrets.token_hex(4)}")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp
    raise FileExistsError(f"could not create a temporary file next to {target}")


def _fsync_file(path: Path) -> None:
    # "r+b" rather than "rb": Windows only flushes handles opened for writing.
    with open(path, "r+b") as f:
        os.fsync(f.fileno())


def _fsync_dir(directory: Path) -> None:
    """Persist the rename itself (POSIX only; best effort)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# --------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------


def write_csv(
    df: pd.DataFrame, path: str | os.PathLike[str], *, excel_safe: bool = False
) -> None:
    """Write *df* as RFC 4180 CSV in UTF-8 with a BOM (Excel then detects Thai).

    The index is not written (call ``df.reset_index()`` to keep it). Records
    end with CRLF; newlines inside cells are kept inside quotes. Cells are
    formatted by hand rather than by ``DataFrame.to_csv`` so the bytes do not
    depend on dtype or pandas version: booleans become ``true``/``false``,
    missing values empty, whole floats lose their ``.0``.

    ``excel_safe=True`` prefixes text starting with ``= + - @``, tab or CR
    with ``'`` so spreadsheets do not run it as a formula. It is off by
    default because Thai reports often start cells with a ``-`` bullet.
    """
    header = [_csv_text(_column_label(c), excel_safe) for c in df.columns]
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
            writer.writerow(header)
            for row in df.itertuples(index=False, name=None):
                writer.writerow([_csv_cell(v, excel_safe) for v in row])


def _csv_cell(value: Any, excel_safe: bool) -> str:
    """Format one value for CSV; only text is subject to ``excel_safe``."""
    if _is_missing(value):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return _format_float(float(value))
    if isinstance(value, decimal.Decimal):
        return _format_decimal(value) if value.is_finite() else _format_float(float(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return _csv_text(str(value), excel_safe)


def _csv_text(text: str, excel_safe: bool) -> str:
    if excel_safe and text.startswith(_FORMULA_TRIGGERS):
        return "'" + text
    return text


def _format_float(x: float) -> str:
    """``20000.0`` -> ``"20000"``; other floats use the shortest round-trip repr."""
    if x.is_integer() and abs(x) < 2**53:
        return str(int(x))
    return repr(x)  # "0.1", "1e+20", "inf", "nan"


def _format_decimal(x: decimal.Decimal) -> str:
    """Plain notation, no trailing zeros: ``Decimal("1.50")`` -> ``"1.5"``."""
    whole = x.to_integral_value()
    return format(whole if x == whole else x.normalize(), "f")


def _is_missing(value: Any) -> bool:
    """True for None, NaN, NaT and pd.NA; False for anything array-like."""
    if value is None:
        return True
    try:
        result = pd.isna(value)
    except (TypeError, ValueError):
        return False
    return isinstance(result, (bool, np.bool_)) and bool(result)


def _column_label(col: Any) -> str:
    """Header text; MultiIndex tuples are joined with ``" / "``."""
    if isinstance(col, tuple):
        parts = [_column_label(p) for p in col]
        return " / ".join(p for p in parts if p)
    if isinstance(col, str):
        return col
    return _csv_cell(col, excel_safe=False)


# --------------------------------------------------------------------------
# Excel
# --------------------------------------------------------------------------


def sanitize_sheet_names(
    names: Iterable[Any], *, reserved: Iterable[str] = ()
) -> list[str]:
    """Turn *names* into valid, unique Excel sheet names, in order.

    Excel requires 1-31 characters (UTF-16 units), none of ``[]:*?/\\``, no
    leading/trailing apostrophe, not "History", and uniqueness ignoring case.
    Clashes get a `` (2)``, `` (3)``... suffix. Names in *reserved* are never
    produced (used to keep ``provenance`` free for the info sheet).
    """
    taken = {r.casefold() for r in reserved} | {"history"}
    out: list[str] = []
    for raw in names:
        base = _SHEET_NAME_CONTROL_RE.sub("", _SHEET_NAME_ILLEGAL_RE.sub("_", str(raw)))
        base = base.strip().strip("'").strip() or "Sheet"
        name = _truncate_utf16(base, EXCEL_MAX_SHEET_NAME).rstrip("'")
        n = 1
        while name.casefold() in taken:
            n += 1
            suffix = f" ({n})"
            name = _truncate_utf16(base, EXCEL_MAX_SHEET_NAME - len(suffix)).rstrip("'") + suffix
        taken.add(name.casefold())
        out.append(name)
    return out


def write_xlsx(
    sheets: Mapping[str, pd.DataFrame],
    path: str | os.PathLike[str],
    *,
    info: pd.DataFrame | None = None,
) -> list[str]:
    """Write one formatted sheet per frame, plus a last "provenance" sheet from *info*.

    Header bold and frozen, autofilter over the data, wrapped top-aligned
    text, estimated column widths, :data:`FONT_NAME` everywhere. Text is
    always stored as a string, so "=SUM(A1)" or "#N/A" stay literal text.
    Numbers and booleans keep their type; missing values are empty cells.

    Returns human-readable warnings for data changed to fit Excel: cells cut
    to 32,767 characters, XML-illegal control characters removed, non-finite
    floats and integers of 16+ digits written as text.

    Raises ValueError, before writing anything, if a frame has more rows or
    columns than Excel allows, so the caller can skip that output. Sheet names
    are cleaned with :func:`sanitize_sheet_names`. The index is not written.
    """
    frames = list(sheets.items())
    reserved: tuple[str, ...] = ()
    if info is not None:
        frames.append((PROVENANCE_SHEET, info))
        reserved = (PROVENANCE_SHEET,)
    if not frames:
        raise ValueError("write_xlsx needs at least one sheet")
    for label, df in frames:
        _check_excel_limits(label, df)

    names = sanitize_sheet_names([label for label, _ in sheets.items()], reserved=reserved)
    if info is not None:
        names.append(PROVENANCE_SHEET)

    wb = Workbook(write_only=True)
    wb.properties.creator = "thaitab"
    wb.properties.created = wb.properties.modified = FIXED_TIMESTAMP
    _add_named_styles(wb)
    messages: list[str] = []
    for name, (_, df) in zip(names, frames):
        messages.extend(_write_sheet(wb, name, df))

    with atomic_path(path) as tmp:
        buf = io.BytesIO()
        wb.save(buf)
        _write_normalized_zip(buf, tmp, wb)
    return messages


def _check_excel_limits(label: str, df: pd.DataFrame) -> None:
    rows, cols = df.shape
    if rows + 1 > EXCEL_MAX_ROWS:
        raise ValueError(
            f"sheet {label!r} has {rows:,} rows; with the header that exceeds "
            f"Excel's limit of {EXCEL_MAX_ROWS:,} rows per sheet"
        )
    if cols > EXCEL_MAX_COLUMNS:
        raise ValueError(
            f"sheet {label!r} has {cols:,} columns; Excel allows at most "
            f"{EXCEL_MAX_COLUMNS:,} columns per sheet"
        )


_HEADER_STYLE = "thaitab header"
_BODY_STYLE = "thaitab body"


def _add_named_styles(wb: Workbook) -> None:
    """Register the header/body styles once; per-cell fonts are slow in openpyxl."""
    align = Alignment(wrap_text=True, vertical="top")
    for name, bold in ((_HEADER_STYLE, True), (_BODY_STYLE, False)):
        font = Font(name=FONT_NAME, size=FONT_SIZE, bold=bold)
        wb.add_named_style(NamedStyle(name=name, font=font, alignment=align))


def _write_sheet(wb: Workbook, name: str, df: pd.DataFrame) -> list[str]:
    """Stream *df* into a new write-only sheet; return warnings for that sheet."""
    ws = wb.create_sheet(title=name)
    notes: dict[str, list[str]] = {}  # warning kind -> cell coordinates

    def make_cell(value: Any, style: str, row: int, col: int) -> Any:
        value, kinds = _xlsx_value(value)
        for kind in kinds:
            notes.setdefault(kind, []).append(f"{get_column_letter(col)}{row}")
        if value is None or value == "":
            return None  # an empty cell, not an empty inline string
        cell = WriteOnlyCell(ws)
        cell.style = style  # before the value, which may add a date number format
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # openpyxl would make "=..." a formula and "#N/A" an error
        return cell

    # Widths and sheet layout must be set before the first row is streamed.
    labels = [_column_label(c) for c in df.columns]
    for i, width in enumerate(_column_widths(labels, df), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    if labels:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(labels))}{len(df) + 1}"

    ws.append([make_cell(v, _HEADER_STYLE, 1, i) for i, v in enumerate(labels, start=1)])
    for r, row in enumerate(df.itertuples(index=False, name=None), start=2):
        ws.append([make_cell(v, _BODY_STYLE, r, i) for i, v in enumerate(row, start=1)])

    return [
        f"sheet {name!r}: {len(coords)} {_NOTE_TEXT[kind]} (first at {coords[0]})"
        for kind, coords in notes.items()
    ]


_NOTE_TEXT = {
    "truncated": f"cell(s) longer than {EXCEL_MAX_CELL_CHARS:,} characters truncated",
    "cleaned": "cell(s) had XML-illegal control characters removed",
    "nonfinite": "non-finite number(s) written as text",
    "bigint": "integer(s) beyond Excel's 15-digit precision written as text",
}


def _xlsx_value(value: Any) -> tuple[Any, tuple[str, ...]]:
    """Map a frame value to what openpyxl should store, plus any warning kinds."""
    if _is_missing(value):
        return None, ()
    if isinstance(value, (bool, np.bool_)):
        return bool(value), ()
    if isinstance(value, (int, np.integer)):
        value = int(value)
        if abs(value) >= _MAX_EXACT_INT:
            return str(value), ("bigint",)
        return value, ()
    if isinstance(value, (float, np.floating, decimal.Decimal)):
        x = float(value)
        if not math.isfinite(x):
            return repr(x), ("nonfinite",)
        return (value if isinstance(value, decimal.Decimal) else x), ()
    if isinstance(value, (dt.datetime, dt.time)) and value.tzinfo is not None:
        return _xlsx_text(value.isoformat())  # Excel has no time zones
    if isinstance(value, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        return value, ()
    return _xlsx_text(str(value))


def _xlsx_text(text: str) -> tuple[str, tuple[str, ...]]:
    kinds: tuple[str, ...] = ()
    if _XML_ILLEGAL_RE.search(text):
        text = _XML_ILLEGAL_RE.sub("", text)
        kinds += ("cleaned",)
    if len(text) > EXCEL_MAX_CELL_CHARS // 2 and _utf16_len(text) > EXCEL_MAX_CELL_CHARS:
        text = _truncate_utf16(text, EXCEL_MAX_CELL_CHARS)
        kinds += ("truncated",)
    return text, kinds


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _truncate_utf16(text: str, limit: int) -> str:
    """Cut *text* to at most *limit* UTF-16 units without splitting a pair."""
    if len(text) <= limit // 2 or _utf16_len(text) <= limit:
        return text
    data = text.encode("utf-16-le", "surrogatepass")[: 2 * limit]
    return data.decode("utf-16-le", "ignore")


def _column_widths(labels: list[str], df: pd.DataFrame) -> list[float]:
    """Estimate readable widths from the header and the first rows of each column."""
    widths = [_display_width(label) * 1.1 for label in labels]  # header is bold
    for row in df.head(_WIDTH_SAMPLE_ROWS).itertuples(index=False, name=None):
        for i, value in enumerate(row):
            if not _is_missing(value):
                widths[i] = max(widths[i], _display_width(_csv_cell(value, False)))
    return [round(min(_MAX_WIDTH, max(_MIN_WIDTH, w + 2)), 1) for w in widths]


def _display_width(text: str) -> float:
    """Width of the longest line: combining marks 0, wide CJK 2, Thai 0.9, else 1."""
    best = 0.0
    for line in text.split("\n"):
        w = 0.0
        for ch in line:
            if unicodedata.category(ch) in ("Mn", "Me", "Cf", "Cc"):
                continue  # Thai vowels above/below and tone marks stack on the base
            if unicodedata.east_asian_width(ch) in ("W", "F"):
                w += 2
            elif is_thai(ch):
                w += 0.9
            else:
                w += 1
            if w >= _MAX_WIDTH:
                return w  # capped anyway; skip the rest of long cells
        best = max(best, w)
    return best


def _write_normalized_zip(buf: io.BytesIO, dest: Path, wb: Workbook) -> None:
    """Copy the saved workbook with fixed zip timestamps and core properties.

    openpyxl stamps "modified" with the current time on save and zip entries
    carry mtimes; pinning both makes repeated runs produce identical bytes.
    """
    wb.properties.modified = FIXED_TIMESTAMP
    core_xml = tostring(wb.properties.to_tree())
    buf.seek(0)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(
        dest, "w", zipfile.ZIP_DEFLATED, allowZip64=True
    ) as out:
        for item in src.infolist():
            data = core_xml if item.filename == "docProps/core.xml" else src.read(item)
            info = zipfile.ZipInfo(item.filename, date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            out.writestr(info, data)


# --------------------------------------------------------------------------
# Parquet
# --------------------------------------------------------------------------


def write_parquet(df: pd.DataFrame, path: str | os.PathLike[str]) -> None:
    """Write *df* to Parquet with pyarrow (an optional dependency), atomically.

    The index is not written. Object columns must hold one type per column
    (pyarrow raises otherwise); the target is untouched if it does.
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise RuntimeError("pyarrow is not installed; pip install \"thaitab[parquet]\"") from exc

    table = pa.Table.from_pandas(df, preserve_index=False)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp)
