"""The CLI's profile options: thaitab profiles, --profile FILE.toml, --map, and the visible mapping."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

from thaitab.cli import main
from tests.pdfs import xlsx_values

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "dev04_sriwichai_2569.pdf"


def test_profiles_lists_the_shipped_ones_and_prints_a_file(capsys):
    assert main(["profiles"]) == 0
    out = capsys.readouterr().out
    assert "ita " in out and "lpd02 " in out and "budget_<year>" in out
    assert main(["profiles", "lpd02"]) == 0
    data = tomllib.loads(capsys.readouterr().out)
    assert data["name"] == "lpd02" and "budget_year" in data["columns"]
    assert main(["profiles", "nope"]) == 2


def test_an_unknown_profile_or_a_bad_file_is_one_line(tmp_path, capsys):
    assert main(["extract", str(SAMPLE), "-o", str(tmp_path / "o"), "--profile", "nope"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unknown profile 'nope'" in err[0]
    bad = tmp_path / "mine.toml"
    bad.write_text('name = "mine"\n[columns.a]\n[columns.a.cells]\nglitter = 1\n', encoding="utf-8")
    assert main(["extract", str(SAMPLE), "-o", str(tmp_path / "o"), "--profile", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(bad) in err[0] and "glitter" in err[0]
    assert not (tmp_path / "o").exists()


def test_map_needs_header_equals_column(tmp_path):
    with pytest.raises(SystemExit) as exit_:
        main(["extract", str(SAMPLE), "-o", str(tmp_path), "--map", "steps"])
    assert exit_.value.code == 2


def test_map_and_the_mapping_in_the_workbook(tmp_path):
    out = tmp_path / "o"
    assert main(["extract", str(SAMPLE), "-o", str(out), "-q", "--pages", "1",
                 "--map", "ผู้รับผิดชอบ=owner"]) == 0
    with open(out / f"{SAMPLE.stem}.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows and all(r["responsible"] == "" for r in rows) and any(r["owner"] for r in rows)
    info = xlsx_values(out / f"{SAMPLE.stem}.xlsx")["provenance"]
    header, first = info[0], info[1]
    columns = first[header.index("columns")]
    assert "ขั้นตอนการดำเนินการ → steps (header: ขั้นตอน" in columns
    assert "ผู้รับผิดชอบ → kept as 'owner' (--map)" in columns


def test_a_users_profile_file(tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text('name = "mine"\n[columns.what]\n[columns.what.header]\n"มาตรการ" = 3\n'
                    '[columns.when]\nderive = "period"\n[columns.when.header]\n"ระยะเวลา" = 3\n', encoding="utf-8")
    out = tmp_path / "o"
    assert main(["extract", str(SAMPLE), "-o", str(out), "-q", "--pages", "1", "--profile", str(mine)]) == 0
    with open(out / f"{SAMPLE.stem}.csv", encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    cols = reader.fieldnames
    assert cols[:6] == ["source_file", "page_start", "page_end", "what", "when", "period_start"]
    # the columns the profile does not know are all there, under their own headers
    assert {"ประเด็นการประเมิน", "ขั้นตอนการดำเนินการ", "ผลการดำเนินการ", "ผู้รับผิดชอบ"} <= set(cols)
    assert rows[0]["period_start"]


def test_inspect_shows_which_header_became_which_column(tmp_path):
    from thaitab.inspect import inspect_pdf

    inspect_pdf(SAMPLE, tmp_path, pages=[1], resolution=40, column_map={"ผู้รับผิดชอบ": "owner"})
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "table 1: columns (ita profile)" in html
    assert "มาตรการ/แนวทางการดำเนินการ → measure" in html and "kept as &#x27;owner&#x27; (--map)" in html
