"""Write one file's result: ``<stem>.csv`` (and more CSVs for other tables)
plus one ``<stem>.xlsx`` with a sheet per table and a provenance sheet."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from thaitab.api import frames
from thaitab.pipeline import FileResult
from thaitab.write import write_csv, write_xlsx


def output_stem(path: str) -> str:
    """A safe file stem from an input name: never a path, never hidden."""
    stem = Path(path).name
    if stem.lower().endswith(".pdf"):
        stem = stem[:-4]
    stem = stem.replace("/", "_").replace("\\", "_").replace("\x00", "").strip() or "document"
    return "_" + stem if stem.startswith(".") else stem


def provenance(result: FileResult, names: list[str]) -> pd.DataFrame:
    rows = [{"source_file": Path(result.path).name, "table": name,
             "rows": len(df), "pages": result.pages, "warnings": "; ".join(result.warnings)}
            for name, df in zip(names, (f for _, f in frames(result)))]
    return pd.DataFrame(rows, columns=["source_file", "table", "rows", "pages", "warnings"])


def write_result(result: FileResult, outdir: Path, *, excel: bool = True,
                 csv_excel_safe: bool = False) -> list[Path]:
    """Write a file's tables; returns the paths written."""
    outdir.mkdir(parents=True, exist_ok=True)
    stem = output_stem(result.path)
    tables = frames(result)
    written: list[Path] = []
    if not tables:
        # an empty CSV with the ITA header keeps batch outputs uniform
        from normalize.profiles.ita import OUTPUT_COLUMNS

        tables = [("measures", pd.DataFrame(columns=list(OUTPUT_COLUMNS)))]
    for i, (name, df) in enumerate(tables):
        target = outdir / (f"{stem}.csv" if i == 0 else f"{stem}.table-{i + 1}.csv")
        write_csv(df, target, excel_safe=csv_excel_safe)
        written.append(target)
    if excel:
        target = outdir / f"{stem}.xlsx"
        names = [name for name, _ in tables]
        write_xlsx(dict(tables), target, info=provenance(result, names))
        written.append(target)
    return written
