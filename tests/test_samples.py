"""End to end: every sample PDF regenerates its committed outputs exactly."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from thaitab.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.pdf"))


def _cells(path: Path) -> dict[str, list[list[object]]]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("outputs")
    assert main(["extract", *map(str, SAMPLES), "-o", str(out), "-q"]) == 0
    return out


@pytest.mark.parametrize("pdf", SAMPLES, ids=lambda p: p.stem)
def test_sample_csv_matches_committed_output(pdf: Path, regenerated: Path) -> None:
    expected = ROOT / "outputs" / f"{pdf.stem}.csv"
    assert expected.exists(), f"run: thaitab extract samples -o outputs  (missing {expected.name})"
    assert (regenerated / expected.name).read_bytes() == expected.read_bytes()


@pytest.mark.parametrize("pdf", SAMPLES, ids=lambda p: p.stem)
def test_sample_xlsx_matches_committed_output(pdf: Path, regenerated: Path) -> None:
    expected = ROOT / "outputs" / f"{pdf.stem}.xlsx"
    assert _cells(regenerated / expected.name) == _cells(expected)


def test_samples_exist() -> None:
    assert len(SAMPLES) >= 3


def test_combined_dataset_matches_committed_output(regenerated: Path) -> None:
    assert (regenerated / "all.csv").read_bytes() == (ROOT / "outputs" / "all.csv").read_bytes()
    assert _cells(regenerated / "all.xlsx") == _cells(ROOT / "outputs" / "all.xlsx")
