"""Write one file's result: ``<stem>.csv`` (and more CSVs for other tables)
plus one ``<stem>.xlsx`` with a sheet per table and a provenance sheet.

Safety rules for what lands in OUTDIR:

* the names come from :func:`output_stem`: never a path, never hidden, never
  starting with "-" (so ``cd OUTDIR && rm *`` cannot read one as an option), no
  control characters, short enough for the file system with the temporary
  suffix of an atomic write;
* an existing target is replaced only when it is a thaitab output
  (:func:`is_thaitab_output`); any other file stops the write with
  :class:`ForeignFileError` ("OUTDIR/x.csv exists and is not a thaitab output;
  use --force to overwrite") unless ``force``;
* every write is atomic (:mod:`thaitab.write`): a full disk or a crash leaves
  the old file as it was, never half a file.
"""
from __future__ import annotations

import errno
import os
import re
import zipfile
from pathlib import Path

import pandas as pd

from thaitab.api import frames
from thaitab.pipeline import FileResult
from thaitab.write import write_csv, write_xlsx

#: Longest stem, in bytes of UTF-8: ".<stem>.table-NN.csv.tmp-xxxxxxxx" must stay
#: within the 255 bytes a file name may have on ext4, XFS, APFS and NTFS.
MAX_STEM_BYTES = 220

_CONTROL = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")

# What thaitab writes first in its CSVs: every table (per-file and all.csv)
# starts with source_file; the batch manifest starts with path,sha256.
_CSV_HEADERS = ("source_file,", "path,sha256,")

#: Replace foreign files without asking; the CLI sets it from ``--force``
#: (:func:`set_force`) for the batch machinery, which passes no ``force``.
_force_default = False


class ForeignFileError(FileExistsError):
    """An output target exists and is not a file thaitab wrote."""

    def __init__(self, path: Path) -> None:
        message = f"{path} exists and is not a thaitab output; use --force to overwrite"
        super().__init__(errno.EEXIST, message)
        self.path = path

    def __str__(self) -> str:
        return self.strerror


def set_force(force: bool) -> bool:
    """Whether :func:`write_result` may replace files thaitab did not write (``--force``);
    returns the previous setting."""
    global _force_default
    previous, _force_default = _force_default, bool(force)
    return previous


def output_stem(path: str) -> str:
    """A safe file stem from an input name: never a path, never hidden, never an option."""
    stem = Path(path).name
    if stem.lower().endswith(".pdf"):
        stem = stem[:-4]
    stem = stem.replace("/", "_").replace("\\", "_").replace("\x00", "")
    stem = _CONTROL.sub("_", stem).strip() or "document"
    if len(stem.encode("utf-8", "surrogatepass")) > MAX_STEM_BYTES:
        stem = stem.encode("utf-8", "surrogatepass")[:MAX_STEM_BYTES].decode("utf-8", "ignore").rstrip()
    return "_" + stem if stem.startswith((".", "-")) else stem


def is_thaitab_output(path: Path) -> bool:
    """True when ``path`` is a regular file that thaitab wrote.

    A CSV whose first line (after the BOM) is a thaitab header ("source_file,…"
    or the manifest's "path,sha256,…"); a workbook whose creator is "thaitab";
    a Parquet file with a source_file column. Symbolic links never are."""
    try:
        if path.is_symlink() or not path.is_file():
            return False
        suffix = path.suffix.lower()
        if suffix == ".csv":
            with open(path, "rb") as f:
                head = f.read(64)
            text = head.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace")
            return text.startswith(_CSV_HEADERS)
        if suffix == ".xlsx":
            return _workbook_creator(path) == "thaitab"
        if suffix == ".parquet":
            with open(path, "rb") as f:
                if f.read(4) != b"PAR1":
                    return False
                f.seek(-8, os.SEEK_END)
                tail = f.read(8)
                size = int.from_bytes(tail[:4], "little")
                if tail[4:] != b"PAR1" or size > (1 << 24):
                    return False
                f.seek(-8 - size, os.SEEK_END)
                return b"source_file" in f.read(size)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return False
    return False


#: The Dublin Core namespace of ``<dc:creator>`` in a workbook's ``docProps/core.xml``.
_DC = "{http://purl.org/dc/elements/1.1/}"
#: A workbook's core.xml is a few hundred bytes; anything far larger is not ours.
_MAX_CORE_XML = 64 * 1024


def _workbook_creator(path: Path) -> str | None:
    """The creator a workbook names in ``docProps/core.xml``, read as XML.

    Read by namespace, not by its bytes: openpyxl writes ``<dc:creator>`` with
    the prefix declared on the root element, or (when lxml is installed)
    ``<dc:creator xmlns:dc="...">``; both say the same."""
    import xml.etree.ElementTree as ET

    with zipfile.ZipFile(path) as z:
        info = z.getinfo("docProps/core.xml")
        if info.file_size > _MAX_CORE_XML:
            return None
        core = z.read(info)
    if b"<!DOCTYPE" in core or b"<!ENTITY" in core:
        return None  # no entity expansion from a file we did not write
    try:
        root = ET.fromstring(core)
    except ET.ParseError:
        return None
    creator = root.find(f"{_DC}creator")
    return None if creator is None else (creator.text or "").strip()


def check_target(path: Path, force: bool | None = None) -> None:
    """Raise :class:`ForeignFileError` when writing ``path`` would replace a
    file that thaitab did not write (and ``force`` is off)."""
    force = _force_default if force is None else force
    if force:
        return
    if (path.exists() or path.is_symlink()) and not is_thaitab_output(path):
        raise ForeignFileError(path)


def provenance(result: FileResult, tables: list[tuple[str, pd.DataFrame]]) -> pd.DataFrame:
    """The workbook's provenance sheet: one line per table written, with which
    header became which column and on what evidence."""
    from thaitab.api import frame_tables

    columns = {name: "\n".join(f"table {t.index + 1}: {nm.describe()}" for t in ts for nm in t.mapping)
               for name, ts in frame_tables(result)}
    rows = [{"source_file": Path(result.path).name, "table": name,
             "rows": len(df), "pages": result.pages, "columns": columns.get(name, ""),
             "warnings": "; ".join(result.warnings)}
            for name, df in tables]
    return pd.DataFrame(rows, columns=["source_file", "table", "rows", "pages", "columns", "warnings"])


def write_result(result: FileResult, outdir: Path, *, excel: bool = True,
                 csv_excel_safe: bool = False, force: bool | None = None) -> list[Path]:
    """Write a file's tables; returns the paths written.

    Nothing is written when one of the targets is a file thaitab did not write
    (:class:`ForeignFileError`) unless ``force`` (default: :func:`set_force`).
    An ``OSError`` names the target: "out/x.csv: No space left on device"."""
    with _naming(outdir):
        outdir.mkdir(parents=True, exist_ok=True)
    stem = output_stem(result.path)
    tables = frames(result)
    if not tables:
        # an empty CSV with the ITA header keeps batch outputs uniform
        from thaitab.normalize.profiles.ita import OUTPUT_COLUMNS

        tables = [("measures", pd.DataFrame(columns=list(OUTPUT_COLUMNS)))]
    targets = [outdir / (f"{stem}.csv" if i == 0 else f"{stem}.table-{i + 1}.csv")
               for i in range(len(tables))]
    xlsx = outdir / f"{stem}.xlsx"
    for target in targets + ([xlsx] if excel else []):
        check_target(target, force)
    written: list[Path] = []
    for target, (name, df) in zip(targets, tables):
        with _naming(target):
            write_csv(df, target, excel_safe=csv_excel_safe)
        written.append(target)
    if excel:
        with _naming(xlsx):
            write_xlsx(dict(tables), xlsx, info=provenance(result, tables))
        written.append(xlsx)
    return written


class _naming:
    """Re-raise an OSError as "<target>: <reason>" (not the temporary file's name)."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, exc, tb) -> bool:
        if isinstance(exc, OSError) and not isinstance(exc, ForeignFileError):
            reason = exc.strerror or str(exc)
            raise OSError(exc.errno, f"{self.target}: {reason}") from exc
        return False
