"""Issue 17: archives as datasets. Every row reaches the combined outputs (every
table in cells.*), one fixed typed schema, streamed and left alone when nothing
changed, a file's outputs replaced as a set, Dask that sleeps and fails fast
without workers, progress by pages, a manifest with tables and time."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import time
from pathlib import Path

import pytest

from thaitab.normalize.profiles.ita import OUTPUT_COLUMNS
from thaitab.normalize.records import PROVENANCE
from tests.pdfs import escape, pdf_bytes, xlsx_values
from tests.thaitab.test_batch import archive, combined, extract, manifest, report, sleep_on_slow
from thaitab import batch, cli
from thaitab.batch import combine, dataset
from thaitab.batch.work import Task, remove_older_outputs

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


@pytest.fixture(autouse=True)
def _no_warm_up(monkeypatch):
    monkeypatch.setattr(batch, "warm_up", lambda: None)


def _page(rows: list[list[str]], title: str) -> bytes:
    x0, top, colw, rowh = 50.0, 740.0, 120.0, 24.0
    ncols = len(rows[0])
    ops = [f"BT /F1 14 Tf {x0:.1f} {top + 20:.1f} Td ({escape(title)}) Tj ET", "0.8 w"]
    for i in range(len(rows) + 1):
        ops.append(f"{x0:.1f} {top - i * rowh:.1f} m {x0 + ncols * colw:.1f} {top - i * rowh:.1f} l S")
    for j in range(ncols + 1):
        ops.append(f"{x0 + j * colw:.1f} {top:.1f} m {x0 + j * colw:.1f} {top - len(rows) * rowh:.1f} l S")
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            ops.append(f"BT /F1 10 Tf {x0 + j * colw + 4:.1f} {top - (i + 1) * rowh + 8:.1f} Td "
                       f"({escape(text)}) Tj ET")
    return "\n".join(ops).encode("latin-1")


def tables_pdf(path: Path, tables: list[list[list[str]]]) -> Path:
    """One ruled table per page; tables with different columns stay apart."""
    n = len(tables)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode()]
    font = 3 + 2 * n
    for i, rows in enumerate(tables):
        content = _page(rows, f"Table {i + 1}")
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R "
                    f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode())
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf_bytes(objs))
    return path


def generic(k: int, n: int = 2, cols: int = 3) -> list[list[str]]:
    head = ["Name", "Amount", "Note", "Extra"][:cols]
    return [head] + [[f"{h} {k}.{r}" for h in head] for r in range(1, n + 1)]


def last_line(err: str) -> str:
    return [ln for ln in err.splitlines() if re.match(r"thaitab: \d+ files:", ln)][-1]


def cells(out: Path):
    return pq.read_table(out / "cells.parquet").to_pylist()


# -- 1. every row reaches the combined dataset -------------------------------


def test_every_table_of_every_file_is_in_cells_and_the_last_line_says_what_went_where(tmp_path, capsys):
    src = tmp_path / "in"
    report(src / "ita.pdf", "i", n=2)
    tables_pdf(src / "sub" / "two.pdf", [generic(1, n=2, cols=3), generic(2, n=3, cols=4)])
    out = tmp_path / "out"
    # Helvetica has no Thai: under "auto" none of these tables reads as ITA, so
    # before cells.* not one of their rows reached a combined file
    assert cli.main(["extract", str(src), "-o", str(out)]) == 0
    line = last_line(capsys.readouterr().err)

    assert combined(out) == []
    found = cells(out)
    by_output: dict[str, set] = {}
    for c in found:
        by_output.setdefault(c["output"], set()).add(c["row"])
    assert by_output == {"ita.csv": {1, 2}, "sub/two.csv": {1, 2}, "sub/two.table-2.csv": {1, 2, 3}}
    assert {c["profile"] for c in found} == {"generic"}
    amount = [c for c in found if c["output"] == "sub/two.table-2.csv" and c["column"] == "Amount"]
    assert [c["value"] for c in amount] == ["Amount 2.1", "Amount 2.2", "Amount 2.3"]
    assert {c["page_start"] for c in amount} == {2} and {c["table"] for c in amount} == {2}
    assert {c["column_index"] for c in amount} == {6}  # source_file,page_start,page_end,table,Name,Amount
    assert {(c["source_file"], c["source_path"]) for c in found} == {("ita.pdf", "ita.pdf"),
                                                                     ("two.pdf", "sub/two.pdf")}
    assert len(found) == 2 * 4 + 2 * 3 + 3 * 4  # every cell of every table
    with open(out / "cells.csv", encoding="utf-8-sig", newline="") as f:
        assert len(list(csv.DictReader(f))) == len(found)
    # the last line counts what is in each file, not every table's rows as "-> all.csv"
    assert f"0 measures rows -> {out / 'all.csv'}" in line
    assert f"7 rows of 3 tables ({len(found)} cells) -> {out / 'cells.parquet'}" in line


def test_measures_rows_are_in_all_and_in_cells(tmp_path, capsys):
    src = archive(tmp_path / "in", ["a.pdf", "sub/b.pdf"])
    out = tmp_path / "out"
    assert extract(src, out) == 0
    assert f"3 measures rows -> {out / 'all.csv'}" in last_line(capsys.readouterr().err)
    rows = combined(out)
    outputs = [c for c in cells(out) if c["column"] == "output"]
    assert [(c["source_path"], c["row"], c["value"]) for c in outputs] == [
        (r["source_path"], i, r["output"]) for i, r in
        [(1, rows[0]), (1, rows[1]), (2, rows[2])]]
    assert {c["profile"] for c in cells(out)} == {"ita"}


# -- 2. one fixed schema -----------------------------------------------------


def test_all_has_one_typed_schema_whether_or_not_a_batch_had_ita_tables(tmp_path):
    ita_src, gen_src = tmp_path / "ita", tmp_path / "gen"
    archive(ita_src, ["a.pdf", "b.pdf"])
    tables_pdf(gen_src / "g.pdf", [generic(1)])
    tables_pdf(gen_src / "h.pdf", [generic(2)])
    assert extract(ita_src, tmp_path / "o1") == 0
    assert cli.main(["extract", str(gen_src), "-o", str(tmp_path / "o2")]) == 0

    expected = list(OUTPUT_COLUMNS[:1]) + ["source_path"] + list(OUTPUT_COLUMNS[1:]) + \
        [c for c in PROVENANCE if c not in OUTPUT_COLUMNS]
    for o in ("o1", "o2"):
        with open(tmp_path / o / "all.csv", encoding="utf-8-sig", newline="") as f:
            assert next(csv.reader(f)) == expected
    s1 = pq.read_schema(tmp_path / "o1" / "all.parquet")
    s2 = pq.read_schema(tmp_path / "o2" / "all.parquet")
    assert s1.equals(s2, check_metadata=False)
    assert s1.field("page_start").type == pa.int64() and s1.field("uses_budget").type == pa.bool_()
    assert s1.field("period_start").type == pa.date32() and s1.field("measure").type == pa.string()
    assert pq.read_schema(tmp_path / "o1" / "cells.parquet").equals(
        pq.read_schema(tmp_path / "o2" / "cells.parquet"), check_metadata=False)
    both = pa.concat_tables([pq.read_table(tmp_path / o / "all.parquet") for o in ("o1", "o2")])
    assert both.num_rows == len(combined(tmp_path / "o1"))
    assert xlsx_values(tmp_path / "o2" / "all.xlsx")["measures"] == [tuple(expected)]


# -- 3. streamed, split across sheets, left alone when unchanged -------------


def test_all_xlsx_goes_on_across_sheets_past_the_row_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(combine, "rows_per_sheet", lambda: 3)
    src = archive(tmp_path / "in", ["a.pdf", "b.pdf", "c.pdf", "d.pdf"])  # 1 + 2 + 3 + 1 rows
    out = tmp_path / "out"
    assert extract(src, out) == 0
    sheets = xlsx_values(out / "all.xlsx")
    assert list(sheets) == ["measures", "measures (2)", "measures (3)", "provenance", "provenance (2)"]
    assert [len(sheets[s]) - 1 for s in list(sheets)[:3]] == [3, 3, 1]
    body = [r for s in list(sheets)[:3] for r in sheets[s][1:]]
    assert [r[1] for r in body] == [r["source_path"] for r in combined(out)]
    assert all(sheets[s][0] == sheets["measures"][0] for s in list(sheets)[:3])


def test_combined_files_are_not_rewritten_when_nothing_changed(tmp_path):
    src = archive(tmp_path / "in", ["a.pdf", "b.pdf"])
    out = tmp_path / "out"
    assert extract(src, out) == 0
    names = ["all.csv", "all.xlsx", "all.parquet", "cells.csv", "cells.parquet"]
    before = {n: (out / n).stat().st_ino for n in names}
    assert extract(src, out) == 0
    assert {n: (out / n).stat().st_ino for n in names} == before  # atomic writes would change the inode
    report(src / "b.pdf", "b-new", n=3)
    assert extract(src, out) == 0
    assert (out / "all.csv").stat().st_ino != before["all.csv"]
    assert [r["output"] for r in combined(out) if r["source_path"] == "b.pdf"] == [
        "Out b-new 1", "Out b-new 2", "Out b-new 3"]


# -- 4. a file's outputs are replaced as a set -------------------------------


def test_a_changed_file_leaves_none_of_its_older_tables_behind(tmp_path):
    src = tmp_path / "in"
    tables_pdf(src / "r.pdf", [generic(1, cols=2), generic(2, cols=3), generic(3, cols=4)])
    report(src / "other.pdf", "o")
    out = tmp_path / "out"
    assert cli.main(["extract", str(src), "-o", str(out)]) == 0
    assert (out / "r.table-3.csv").is_file()
    (out / "r.table-9.csv").write_text("not ours\n")  # not thaitab's: kept
    tables_pdf(src / "r.pdf", [generic(4, cols=2)])
    assert cli.main(["extract", str(src), "-o", str(out)]) == 0
    assert sorted(p.name for p in out.glob("r.*")) == ["r.csv", "r.table-9.csv", "r.xlsx"]
    assert {c["output"] for c in cells(out) if c["source_path"] == "r.pdf"} == {"r.csv"}
    # with Excel off, the workbook of the older version goes too
    tables_pdf(src / "r.pdf", [generic(5, cols=2)])
    assert cli.main(["extract", str(src), "-o", str(out), "--no-excel"]) == 0
    assert sorted(p.name for p in out.glob("r.*")) == ["r.csv", "r.table-9.csv"]


def test_removing_older_outputs_touches_only_this_files_thaitab_outputs(tmp_path):
    ours = "\ufeffsource_file,page_start,page_end,table,x\r\n"
    for name in ("a.table-2.csv", "a.table-3.csv", "a.table-x.csv", "ab.table-2.csv"):
        (tmp_path / name).write_text(ours, encoding="utf-8")
    (tmp_path / "a.table-4.csv").write_text("mine,not,thaitab's\n")
    removed = remove_older_outputs(Task(0, "in/a.pdf", "a.pdf", str(tmp_path)),
                                   [tmp_path / "a.csv", tmp_path / "a.table-2.csv"])
    assert [p.name for p in removed] == ["a.table-3.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a.table-2.csv", "a.table-4.csv", "a.table-x.csv", "ab.table-2.csv"]


def test_an_input_named_like_another_files_table_fails_rather_than_overwrite(tmp_path):
    src = archive(tmp_path / "in", ["a.pdf", "a.table-2.pdf"])
    out = tmp_path / "out"
    assert extract(src, out) == 1
    entries = {e["path"]: e for e in manifest(out)}
    assert entries["a.pdf"]["status"] == "ok"
    assert "table CSVs of" in entries["a.table-2.pdf"]["error"]


# -- 5. and 6. Dask ----------------------------------------------------------


def _slow(real, seconds):
    def process(path, options=None):
        time.sleep(seconds)
        return real(path, options)
    return process


def test_dask_client_sleeps_while_files_run(tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    from thaitab.batch import cluster

    monkeypatch.setattr(batch, "process_pdf", _slow(batch.process_pdf, 2.0))
    src = archive(tmp_path / "in", ["a.pdf", "b.pdf"])
    settings = batch.BatchSettings(out=tmp_path / "out", executor="dask", scheduler="x", timeout=60)
    tasks = batch.plan_tasks([(src / "a.pdf", Path(".")), (src / "b.pdf", Path("."))], settings)
    ticks, done = [], []
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as lc:
        settings.scheduler = lc.scheduler_address
        job = batch.Job(settings.options, False, False)
        cluster.run_dask(tasks, job, settings, lambda t, o: done.append(o.status), lambda: ticks.append(1))
    assert done == ["ok", "ok"]
    # two seconds of waiting: a tick a second at most, and one per finished file
    assert len(ticks) <= 2.0 / cluster.TICK_SECONDS + 4


def test_dask_scheduler_without_workers_fails_at_once_in_one_line(tmp_path, monkeypatch, capsys):
    distributed = pytest.importorskip("distributed")
    from thaitab.batch import cluster

    monkeypatch.setattr(cluster, "NO_WORKERS_WAIT", 1.0)
    src = archive(tmp_path / "in", ["a.pdf", "b.pdf"])
    with distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=None) as lc:
        start = time.monotonic()
        rc = extract(src, tmp_path / "out", "--executor", "dask", "--scheduler", lc.scheduler_address)
        took = time.monotonic() - start
    assert rc == 2 and took < 15
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"thaitab: the dask scheduler at {lc.scheduler_address} has no workers (none for 1 s); "
                   f"start some with: dask worker {lc.scheduler_address}"]


# -- 7. progress by pages ----------------------------------------------------


def test_progress_estimates_from_pages_with_a_rate_and_files_in_progress(tmp_path):
    sizes = {"big.pdf": 30_000, "small.pdf": 1_000, "nocount.pdf": 2_000}
    tasks = []
    for i, (name, size) in enumerate(sizes.items()):
        (tmp_path / name).write_bytes(b"x" * size)
        tasks.append(Task(i, str(tmp_path / name), name, str(tmp_path)))
    tasks[0].pages_hint, tasks[1].pages_hint = 90, 10  # nocount: estimated from its size
    now = [100.0]
    stream = io.StringIO()
    progress = batch.Progress(3, 3, stream=stream, live=False, clock=lambda: now[0])
    progress.expect(tasks)
    progress.running = lambda: 2
    assert progress.pages_left() == pytest.approx(100 + 2_000 * 100 / 31_000)
    assert "ETA --" in progress.line()
    now[0] += 30.0
    progress.file_done(tasks[0], batch.Outcome(0, status="ok", pages=90, rows=5))
    line = progress.line()
    assert line.startswith("thaitab: 1/3 files (2 running) | 90 of ~106 pages, 3.0 pages/s | 5 rows |")
    assert line.endswith("30s ETA 5s")  # 16 pages left at 3 pages/s: not 2 more files of 30 s each


def test_manifest_digest_reads_the_declared_page_count(tmp_path):
    pdf = tables_pdf(tmp_path / "three.pdf", [generic(1), generic(2), generic(3)])
    sha, pages = batch.manifest.file_digest(pdf)
    assert pages == 3 and sha == batch.file_sha256(pdf)
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.4 nothing here")
    assert batch.manifest.file_digest(tmp_path / "junk.pdf")[1] == 0


# -- 8. types, nulls, manifest, summary --------------------------------------


def _write_table(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)


def test_dates_are_dates_and_missing_text_is_null(tmp_path):
    header = dataset.ITA_COLUMNS
    row = {c: "" for c in header}
    row.update(source_file="x.pdf", page_start="3", page_end="4", fiscal_year_be="2568", measure="m",
               uses_budget="true", budget_baht="20000.5", period_start="2024-10", period_end="2025-02",
               table="1", method="text", confidence="0.9")
    _write_table(tmp_path / "x.csv", header, [[row[c] for c in header]])
    settings = batch.BatchSettings(out=tmp_path, excel=True)
    tasks = [Task(0, "in/x.pdf", "d/x.pdf", str(tmp_path))]
    counts = combine.write_combined(tmp_path, tasks, [{"status": "partial", "sha256": "s", "tables": "1"}],
                                    settings)
    assert counts.measures_rows == 1
    got = pq.read_table(tmp_path / "all.parquet").to_pylist()[0]
    assert got["period_start"] == dt.date(2024, 10, 1) and got["period_end"] == dt.date(2025, 2, 28)
    assert got["outcome"] is None and got["warnings"] is None  # empty text is null
    assert got["budget_baht"] == 20000.5 and got["uses_budget"] is True and got["page_start"] == 3
    frame = pytest.importorskip("pandas").read_parquet(tmp_path / "all.parquet")
    assert str(frame["fiscal_year_be"].dtype) == "Int64"
    sheet = xlsx_values(tmp_path / "all.xlsx")
    cols = sheet["measures"][0]
    assert sheet["measures"][1][cols.index("period_start")].date() == dt.date(2024, 10, 1)
    assert sheet["provenance"][1][:3] == ("d/x.pdf", "s", "partial")  # a partial file counts, and says so
    with open(tmp_path / "all.csv", encoding="utf-8-sig", newline="") as f:
        assert next(csv.DictReader(f))["period_end"] == "2025-02"  # the CSV keeps the ISO month


def test_manifest_has_tables_and_a_time_and_the_summary_names_folders(tmp_path):
    src = tmp_path / "in"
    tables_pdf(src / "two.pdf", [generic(1, cols=2), generic(2, cols=3)])
    report(src / "sub" / "two.pdf", "s")
    out = tmp_path / "out"
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    assert cli.main(["extract", str(src), "-o", str(out)]) == 0
    entries = {e["path"]: e for e in manifest(out)}
    assert entries["two.pdf"]["tables"] == "2" and entries["sub/two.pdf"]["tables"] == "1"
    when = dt.datetime.strptime(entries["two.pdf"]["finished"], "%Y-%m-%dT%H:%M:%SZ")
    assert when.replace(tzinfo=dt.timezone.utc) >= before
    finished = entries["two.pdf"]["finished"]
    assert cli.main(["extract", str(src), "-o", str(out)]) == 0
    assert {e["path"]: e for e in manifest(out)}["two.pdf"]["finished"] == finished  # skipped: when it was made

    from thaitab.batch import Outcome, summary

    a = Outcome(0, status="ok", rows=4, lowest=[(0.4, "x/r.pdf", 1, "a"), (0.41, "x/r.pdf", 2, "b"),
                                                (0.42, "x/r.pdf", 3, "c")])
    b = Outcome(1, status="partial", rows=1, lowest=[(0.5, "y/r.pdf", 1, "d")])
    lines = summary([a, b])
    assert lines[1].startswith("1 file partly read")
    assert lines[2] == "lowest confidence: x/r.pdf p.1 0.40 'a'; y/r.pdf p.1 0.50 'd'"


def test_a_partial_file_is_resumed_and_counted_like_an_ok_one(tmp_path):
    from thaitab.batch.work import file_status
    from thaitab.pipeline import FileResult

    class Partial:  # what the pipeline says of a file with pages it could not read
        status = "partial"

    assert file_status(Partial()) == "partial" and file_status(FileResult("x.pdf")) == "ok"
    src = archive(tmp_path / "in", ["a.pdf", "b.pdf"])
    out = tmp_path / "out"
    assert extract(src, out) == 0
    rows = combined(out)
    entries = manifest(out)
    entries[0]["status"] = "partial"
    batch.write_manifest(out / "manifest.csv", entries)
    assert extract(src, out) == 0
    assert [e["status"] for e in manifest(out)] == ["skipped", "skipped"]
    assert combined(out) == rows


def test_outputs_a_dask_worker_made_are_written_here_like_local_ones(tmp_path):
    from thaitab.batch.work import Job, dask_process, write_returned

    src = report(tmp_path / "in" / "r.pdf", "r")
    out = tmp_path / "out"
    task = Task(0, str(src), "r.pdf", str(out))
    outcome, files = dask_process(task, src.read_bytes(), Job(batch.work.Options(profile="ita"), True, False))
    assert [name for name, _ in files] == ["r.csv", "r.xlsx"]
    out.mkdir()
    (out / "r.table-2.csv").write_text("\ufeffsource_file,page_start,page_end,table,x\r\n", encoding="utf-8")
    done = write_returned(task, outcome, files)
    assert done.status == "ok" and done.written == [str(out / "r.csv"), str(out / "r.xlsx")]
    assert sorted(p.name for p in out.iterdir()) == ["r.csv", "r.xlsx"]  # the older table-2 is gone
    assert (out / "r.csv").read_bytes() == files[0][1]
    (out / "r.csv").write_text("my own notes\n")  # not thaitab's: never replaced
    again = write_returned(task, dask_process(task, src.read_bytes(), Job(batch.work.Options(), True, False))[0],
                           files)
    assert again.status == "failed" and "is not a thaitab output" in again.error
    assert (out / "r.csv").read_text() == "my own notes\n"


def test_a_measures_column_outside_the_fixed_schema_is_kept_in_cells_and_said(tmp_path):
    header = dataset.ITA_COLUMNS[:-3] + ["หมายเหตุ"] + dataset.ITA_COLUMNS[-3:]  # a column no profile names
    row = {c: "" for c in header}
    row.update(source_file="x.pdf", page_start="1", page_end="1", measure="m", table="1", method="text",
               confidence="0.9", หมายเหตุ="ดูภาคผนวก")
    _write_table(tmp_path / "x.csv", header, [[row[c] for c in header]])
    counts = combine.write_combined(tmp_path, [Task(0, "x.pdf", "x.pdf", str(tmp_path))],
                                    [{"status": "ok", "tables": "1"}], batch.BatchSettings(out=tmp_path))
    with open(tmp_path / "all.csv", encoding="utf-8-sig", newline="") as f:
        assert next(csv.reader(f)) == dataset.ALL_COLUMNS
    assert [c["value"] for c in cells(tmp_path) if c["column"] == "หมายเหตุ"] == ["ดูภาคผนวก"]
    assert any("cells.* only (หมายเหตุ)" in n for n in counts.notes)


def test_dask_per_file_timeout_still_holds(tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")

    monkeypatch.setattr(batch, "process_pdf", sleep_on_slow(batch.process_pdf, 4))
    src = archive(tmp_path / "in", ["a.pdf", "slow.pdf"])
    out = tmp_path / "out"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as lc:
        rc = extract(src, out, "--executor", "dask", "--scheduler", lc.scheduler_address, "--timeout", "1")
    assert rc == 1
    entries = {e["path"]: e for e in manifest(out)}
    assert entries["slow.pdf"]["error"] == "timed out after 1 s" and entries["a.pdf"]["status"] == "ok"


def test_force_rebuilds_the_combined_files_from_the_outputs_it_redid(tmp_path):
    src = archive(tmp_path / "in", ["a.pdf", "b.pdf"])
    out = tmp_path / "out"
    assert extract(src, out) == 0
    (out / "all.csv").write_text("\ufeffsource_file,stale\r\n", encoding="utf-8")  # as if an older version's
    assert extract(src, out) == 0  # nothing redone: left as it is
    assert (out / "all.csv").read_text(encoding="utf-8-sig").startswith("source_file,stale")
    assert extract(src, out, "--force") == 0  # outputs redone after the build: rebuilt
    assert len(combined(out)) == 3
