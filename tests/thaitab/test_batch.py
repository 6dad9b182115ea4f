"""Batch plumbing: workers, manifest, resume, combined dataset, crash and
timeout isolation. The PDFs are made here, by hand: one page, a grid-ruled
table, Helvetica, ASCII text; ``--profile ita`` maps their "Output"/"Outcome"
headers, so every file gives measures rows."""
from __future__ import annotations

import csv
import hashlib
import io
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from benchmarks._common import output_tree
from thaitab import __version__, batch, cli
from tests.pdfs import escape, write_pdf, xlsx_values

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _no_warm_up(monkeypatch):
    """The test PDFs are ASCII: loading pythainlp's dictionaries (seconds) buys nothing."""
    monkeypatch.setattr(batch, "warm_up", lambda: None)


def make_pdf(path: Path, rows: list[list[str]], title: str = "Report 2024") -> Path:
    """A valid one-page PDF with a title and a ruled table (no PDF library needed)."""
    esc = escape
    ncols = len(rows[0]) if rows else 0
    x0, top, colw, rowh = 50.0, 740.0, 160.0, 24.0
    ops = [f"BT /F1 14 Tf {x0:.1f} {top + 20:.1f} Td ({esc(title)}) Tj ET", "0.8 w"]
    for i in range(len(rows) + 1 if rows else 0):
        y = top - i * rowh
        ops.append(f"{x0:.1f} {y:.1f} m {x0 + ncols * colw:.1f} {y:.1f} l S")
    for j in range(ncols + 1 if rows else 0):
        x = x0 + j * colw
        ops.append(f"{x:.1f} {top:.1f} m {x:.1f} {top - len(rows) * rowh:.1f} l S")
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            ops.append(f"BT /F1 10 Tf {x0 + j * colw + 4:.1f} {top - (i + 1) * rowh + 8:.1f} Td ({esc(text)}) Tj ET")
    content = "\n".join(ops).encode("latin-1")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    return write_pdf(path, objs)


def report(path: Path, tag: str, n: int = 2) -> Path:
    rows = [["Issue", "Measure", "Output", "Outcome"]]
    rows += [[f"Issue {k}", f"Measure {k}", f"Out {tag} {k}", f"Result {tag} {k}"] for k in range(1, n + 1)]
    return make_pdf(path, rows, title=f"Report {tag}")


def archive(root: Path, names: list[str]) -> Path:
    for i, name in enumerate(names):
        report(root / name, name.replace("/", "-").removesuffix(".pdf"), n=1 + i % 3)
    return root


def extract(src: Path, out: Path, *extra: str) -> int:
    return cli.main(["extract", str(src), "-o", str(out), "--profile", "ita", *extra])


def manifest(out: Path) -> list[dict[str, str]]:
    with open(out / "manifest.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def combined(out: Path) -> list[dict[str, str]]:
    with open(out / "all.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def tree(out: Path) -> dict[str, object]:
    """Every output by relative path: bytes, xlsx cell values, manifest without timings."""
    return output_tree(out, {".xlsx": xlsx_values})


NAMES = ["a.pdf", "b.pdf", "sub/a.pdf", "sub/deeper/c.pdf"]


def test_manifest_combined_and_equal_names(tmp_path, capsys):
    src = archive(tmp_path / "in", NAMES)
    out = tmp_path / "out"
    assert extract(src, out, "--workers", "2") == 0

    entries = manifest(out)
    assert list(entries[0]) == batch.MANIFEST_COLUMNS
    assert [e["path"] for e in entries] == ["a.pdf", "b.pdf", "sub/a.pdf", "sub/deeper/c.pdf"]
    for e, name in zip(entries, NAMES):
        assert e["sha256"] == hashlib.sha256((src / name).read_bytes()).hexdigest()
        assert e["version"] == __version__
        assert e["status"] == "ok" and e["error"] == "" and e["pages"] == "1"
        assert float(e["seconds"]) >= 0
    assert [e["rows"] for e in entries] == ["1", "2", "3", "1"]

    rows = combined(out)
    assert [r["source_path"] for r in rows] == ["a.pdf", "b.pdf", "b.pdf", "sub/a.pdf", "sub/a.pdf",
                                                "sub/a.pdf", "sub/deeper/c.pdf"]
    assert [r["source_file"] for r in rows][:4] == ["a.pdf", "b.pdf", "b.pdf", "a.pdf"]
    assert rows[3]["output"] == "Out sub-a 1"  # equal names kept apart
    assert list(rows[0])[:2] == ["source_file", "source_path"]
    # per-file outputs mirror the folders
    assert (out / "a.csv").is_file() and (out / "sub" / "a.csv").is_file()
    assert (out / "sub" / "deeper" / "c.xlsx").is_file()

    values = xlsx_values(out / "all.xlsx")
    assert values["measures"][0][:2] == ("source_file", "source_path")
    assert len(values["measures"]) == 1 + len(rows)
    assert values["measures"][1][2] == 1  # page_start typed as a number in Excel
    assert [r[0] for r in values["provenance"][1:]] == [e["path"] for e in entries]
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    frame = pd.read_parquet(out / "all.parquet")
    assert list(frame["source_path"]) == [r["source_path"] for r in rows]
    assert str(frame["page_start"].dtype) == "Int64"
    err = capsys.readouterr().err
    assert "a.pdf: 1 row in 1 table, 1 page" in err  # the per-file log line (not a terminal)
    assert "4 files: 4 ok" in err


def test_workers_1_and_2_and_in_process_give_identical_outputs(tmp_path):
    src = archive(tmp_path / "in", ["x.pdf", "y.pdf", "z/x.pdf", "z/w.pdf", "v.pdf"])
    assert extract(src, tmp_path / "one", "--workers", "1") == 0
    assert extract(src, tmp_path / "two", "--workers", "2", "--max-files-per-worker", "1") == 0
    assert extract(src, tmp_path / "inproc", "--workers", "1", "--timeout", "0") == 0
    one = (tmp_path / "one" / "all.csv").read_bytes()
    assert one == (tmp_path / "two" / "all.csv").read_bytes()
    assert one == (tmp_path / "inproc" / "all.csv").read_bytes()
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_resume_skips_ok_files_and_force_redoes_them(tmp_path, capsys):
    src = archive(tmp_path / "in", NAMES)
    out = tmp_path / "out"
    assert extract(src, out, "--workers", "2") == 0
    first = tree(out)
    first_csv = (out / "all.csv").read_bytes()
    capsys.readouterr()

    assert extract(src, out, "--workers", "2") == 0
    assert [e["status"] for e in manifest(out)] == ["skipped"] * 4
    assert (out / "all.csv").read_bytes() == first_csv
    assert tree(out) == first
    assert "unchanged since the last run, skipped" in capsys.readouterr().err

    # a changed file is redone, the others are not; a skipped entry stays skippable
    report(src / "b.pdf", "b-new", n=1)
    assert extract(src, out) == 0
    assert [e["status"] for e in manifest(out)] == ["skipped", "ok", "skipped", "skipped"]
    assert [r["output"] for r in combined(out) if r["source_path"] == "b.pdf"] == ["Out b-new 1"]

    # outputs gone: redone
    (out / "sub" / "a.xlsx").unlink()
    assert extract(src, out) == 0
    assert [e["status"] for e in manifest(out)] == ["skipped", "skipped", "ok", "skipped"]

    # other options: redone
    assert extract(src, out, "--pages", "1") == 0
    assert {e["status"] for e in manifest(out)} == {"ok"}

    assert extract(src, out, "--pages", "1", "--force") == 0
    assert [e["status"] for e in manifest(out)] == ["ok"] * 4


def test_corrupt_file_fails_alone(tmp_path, capsys):
    src = archive(tmp_path / "in", ["a.pdf", "c.pdf"])
    (src / "b.pdf").write_bytes(b"%PDF-1.4\nthis is not really a PDF\n")
    (src / "empty.pdf").write_bytes(b"")
    out = tmp_path / "out"
    assert extract(src, out, "--workers", "2") == 1
    entries = {e["path"]: e for e in manifest(out)}
    assert entries["a.pdf"]["status"] == entries["c.pdf"]["status"] == "ok"
    assert entries["b.pdf"]["status"] == "failed" and entries["b.pdf"]["error"]
    assert entries["empty.pdf"]["error"] == "empty file (0 bytes)"
    assert {r["source_path"] for r in combined(out)} == {"a.pdf", "c.pdf"}
    assert "thaitab: " + str(src / "b.pdf") + ": " in capsys.readouterr().err

    # a failed file is tried again on the next run; the others are skipped
    assert extract(src, out) == 1
    statuses = {e["path"]: e["status"] for e in manifest(out)}
    assert statuses == {"a.pdf": "skipped", "b.pdf": "failed", "c.pdf": "skipped", "empty.pdf": "failed"}


def _exit_on_crash(real):
    def process(path, options=None):
        if Path(path).name.startswith("crash"):
            os._exit(7)  # what a segfault or the OOM killer looks like from outside
        return real(path, options)
    return process


def sleep_on_slow(real, seconds: float = 60):
    """``real``, but a file whose name starts with "slow" first sleeps ``seconds``."""
    def process(path, options=None):
        if Path(path).name.startswith("slow"):
            time.sleep(seconds)
        return real(path, options)
    return process


@pytest.mark.parametrize("workers", ["1", "2"])
def test_worker_crash_takes_down_only_its_file(tmp_path, monkeypatch, workers):
    monkeypatch.setattr(batch, "process_pdf", _exit_on_crash(batch.process_pdf))
    src = archive(tmp_path / "in", ["a.pdf", "crash.pdf", "d.pdf", "e.pdf"])
    out = tmp_path / "out"
    assert extract(src, out, "--workers", workers, "--max-files-per-worker", "2") == 1
    entries = {e["path"]: e for e in manifest(out)}
    assert entries["crash.pdf"]["status"] == "failed"
    assert "worker process died" in entries["crash.pdf"]["error"]
    assert "exited with code 7" in entries["crash.pdf"]["error"]
    assert [entries[n]["status"] for n in ("a.pdf", "d.pdf", "e.pdf")] == ["ok"] * 3
    assert {r["source_path"] for r in combined(out)} == {"a.pdf", "d.pdf", "e.pdf"}


@pytest.mark.parametrize("workers", ["1", "2"])
def test_timeout_fails_the_slow_file_only(tmp_path, monkeypatch, workers):
    monkeypatch.setattr(batch, "process_pdf", sleep_on_slow(batch.process_pdf))
    src = archive(tmp_path / "in", ["a.pdf", "slow.pdf", "z.pdf"])
    out = tmp_path / "out"
    start = time.monotonic()
    assert extract(src, out, "--workers", workers, "--timeout", "1") == 1
    assert time.monotonic() - start < 20
    entries = {e["path"]: e for e in manifest(out)}
    assert entries["slow.pdf"]["status"] == "failed"
    assert entries["slow.pdf"]["error"] == "timed out after 1 s"
    assert entries["a.pdf"]["status"] == entries["z.pdf"]["status"] == "ok"


def test_single_pdf_gets_no_batch_files(tmp_path):
    pdf = report(tmp_path / "one.pdf", "one")
    out = tmp_path / "out"
    assert extract(pdf, out) == 0
    assert sorted(p.name for p in out.iterdir()) == ["one.csv", "one.xlsx"]


def test_generic_tables_stay_per_file_and_reserved_names_fail(tmp_path):
    src = archive(tmp_path / "in", ["a.pdf", "all.pdf", "sub/all.pdf"])
    make_pdf(src / "notable.pdf", [], title="Just a title")
    out = tmp_path / "out"
    assert extract(src, out) == 1
    entries = {e["path"]: e for e in manifest(out)}
    assert entries["all.pdf"]["status"] == "failed" and "all.csv" in entries["all.pdf"]["error"]
    assert entries["sub/all.pdf"]["status"] == "ok"
    assert entries["notable.pdf"]["status"] == "ok" and entries["notable.pdf"]["warnings"] == "no table found"
    assert {r["source_path"] for r in combined(out)} == {"a.pdf", "sub/all.pdf"}

    out2 = tmp_path / "generic"
    cli.main(["extract", str(src), "-o", str(out2), "--profile", "generic", "--no-excel"])
    assert combined(out2) == []  # only the measures table goes into all.*
    assert not (out2 / "all.xlsx").exists()
    assert "Out a 1" in (out2 / "a.csv").read_text(encoding="utf-8-sig")


def test_killed_batch_resumes_to_the_same_outputs(tmp_path):
    names = [f"r{i:02d}.pdf" if i % 3 else f"d{i}/r{i:02d}.pdf" for i in range(10)]
    src = archive(tmp_path / "in", names)
    clean, resumed = tmp_path / "clean", tmp_path / "resumed"
    assert extract(src, clean, "--workers", "2") == 0

    runner = tmp_path / "slow_run.py"
    runner.write_text(textwrap.dedent("""
        import sys, time
        from thaitab import batch, cli
        batch.warm_up = lambda: None
        real = batch.process_pdf
        def slow(path, options=None):
            time.sleep(0.4)
            return real(path, options)
        batch.process_pdf = slow
        sys.exit(cli.main(sys.argv[1:]))
    """))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    proc = subprocess.Popen([sys.executable, str(runner), "extract", str(src), "-o", str(resumed),
                             "--profile", "ita", "--workers", "2"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if (resumed / "manifest.csv").exists() and \
                    sum(e["status"] == "ok" for e in manifest(resumed)) >= 3:
                break
            assert proc.poll() is None, "the batch ended before it could be killed"
            time.sleep(0.05)
        else:
            pytest.fail("the batch did not get going")
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    done = sum(e["status"] == "ok" for e in manifest(resumed))
    assert 3 <= done < len(names)
    assert not (resumed / "all.csv").exists()

    assert extract(src, resumed, "--workers", "2") == 0
    statuses = [e["status"] for e in manifest(resumed)]
    assert statuses.count("skipped") >= done
    assert tree(resumed) == tree(clean)
    assert (resumed / "all.csv").read_bytes() == (clean / "all.csv").read_bytes()
    assert not list(resumed.rglob(".*.tmp-*"))


def test_progress_line_on_a_terminal():
    stream = io.StringIO()
    progress = batch.Progress(3, 3, stream=stream, live=True)
    task = batch.Task(0, "a.pdf", "a.pdf", ".")
    progress.file_done(task, batch.Outcome(0, status="ok", pages=4, rows=10, total_seconds=1))
    progress.file_done(task, batch.Outcome(1, error="damaged PDF (xref)"))
    progress.close()
    text = stream.getvalue()
    assert "\r\x1b[K" in text
    assert "thaitab: a.pdf: damaged PDF (xref)\n" in text  # failures stay on screen
    last = text.rstrip("\n").rsplit("\r\x1b[K", 1)[-1]
    assert last.startswith("thaitab: 2/3 files | 4 pages")
    assert "| 10 rows | 1 failed |" in last
    assert "ETA" in last
    assert "rows in" not in text  # no per-file lines on a terminal


def test_dask_missing_is_a_clear_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)
    src = archive(tmp_path / "in", ["a.pdf", "b.pdf"])
    rc = extract(src, tmp_path / "out", "--executor", "dask", "--scheduler", "tcp://127.0.0.1:1")
    assert rc == 2
    assert 'pip install "thaitab[dask]"' in capsys.readouterr().err
    assert extract(src, tmp_path / "out", "--executor", "dask") == 2  # no --scheduler


def test_dask_executor_on_a_local_cluster(tmp_path):
    distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed")
    src = archive(tmp_path / "in", ["a.pdf", "sub/b.pdf"])
    local = tmp_path / "local"
    assert extract(src, local, "--workers", "1") == 0
    out = tmp_path / "dask"
    with distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
        assert extract(src, out, "--executor", "dask", "--scheduler", cluster.scheduler_address) == 0
    assert [e["status"] for e in manifest(out)] == ["ok", "ok"]
    assert (out / "all.csv").read_bytes() == (local / "all.csv").read_bytes()
    assert (out / "sub" / "b.csv").read_bytes() == (local / "sub" / "b.csv").read_bytes()


def test_outputs_in_an_unknown_layout_are_redone(tmp_path):
    src = archive(tmp_path / "in", ["a.pdf", "b.pdf"])
    out = tmp_path / "out"
    assert extract(src, out) == 0
    (out / "a.csv").write_text("\ufeffsource_file,old,layout\r\n1,2,3\r\n", encoding="utf-8")
    assert extract(src, out) == 0
    assert [e["status"] for e in manifest(out)] == ["ok", "skipped"]
    assert [r["source_path"] for r in combined(out)] == ["a.pdf", "b.pdf", "b.pdf"]


def test_run_summary_names_pages_by_method_and_the_least_certain_rows():
    from thaitab.batch import Outcome, summary

    a = Outcome(0, status="ok", pages=4, rows=5, tables=1, ocr_pages=4,
                lowest=[(0.45, "scan.pdf", 3, "มาตรการเผยแพร่")])
    b = Outcome(1, status="ok", pages=17, rows=7, tables=1, lowest=[(0.88, "text.pdf", 1, "มาตรการ")])
    lines = summary([a, b, Outcome(2, status="failed")])
    assert lines[0] == "summary: 12 rows in 2 tables from 21 pages (17 text layer, 4 OCR)"
    assert lines[1].startswith("lowest confidence: scan.pdf p.3 0.45")
    assert summary([Outcome(0, status="failed")]) == []


def _note_ocr_threads(real):
    def process(path, options=None):
        result = real(path, options)
        result.warnings.append(f"ocr threads {os.environ.get('THAITAB_OCR_THREADS')}")
        return result
    return process


def test_workers_share_the_cores_for_ocr_without_changing_the_callers_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("THAITAB_OCR_THREADS", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    monkeypatch.setattr(batch, "process_pdf", _note_ocr_threads(batch.process_pdf))
    src = archive(tmp_path / "in", ["a.pdf", "b.pdf"])
    assert extract(src, tmp_path / "two", "--workers", "2") == 0
    assert [e["warnings"] for e in manifest(tmp_path / "two")] == ["ocr threads 2"] * 2  # 4 cores, 2 workers
    assert "THAITAB_OCR_THREADS" not in os.environ  # a later batch starts afresh
    assert extract(src, tmp_path / "one", "--workers", "1") == 0
    assert [e["warnings"] for e in manifest(tmp_path / "one")] == ["ocr threads 4"] * 2
    monkeypatch.setenv("THAITAB_OCR_THREADS", "1")  # the user's choice wins
    assert extract(src, tmp_path / "pinned", "--workers", "2") == 0
    assert [e["warnings"] for e in manifest(tmp_path / "pinned")] == ["ocr threads 1"] * 2
