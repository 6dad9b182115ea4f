"""How fast is thaitab, next to pdfplumber itself, and how does a batch scale?

    python benchmarks/bench.py [--perf PDF] [--dev DIR] [--repeat N]

Defaults: ../shared/corpus/perf/*.pdf and ../shared/corpus/dev (relative to
the repository) when present, else the repository's samples/. Prints lines
starting with "bench:"; see benchmarks/README.md for what they mean.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from _common import REPO, SHARED, cpu_seconds, manifest_rows, repo_env  # also: this checkout on sys.path

RSS_LIMIT_MB = 300


def default_perf() -> Path | None:
    for folder in (SHARED / "corpus" / "perf", REPO / "samples"):
        pdfs = sorted(folder.glob("*.pdf"), key=lambda p: (-p.stat().st_size, p.name)) if folder.is_dir() else []
        if pdfs:
            return pdfs[0]  # the largest
    return None


def default_dev() -> Path | None:
    for folder in (SHARED / "corpus" / "dev", REPO / "samples"):
        if folder.is_dir() and any(folder.rglob("*.pdf")):
            return folder
    return None


def best_of(repeat: int, fn) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of the fastest of ``repeat`` runs.

    CPU time (this process and the children it waited for, e.g. Tesseract) is
    what the comparisons use: on a shared machine the wall clock mostly
    measures the neighbours."""
    best = (float("inf"), float("inf"))
    for _ in range(repeat):
        cpu, wall = cpu_seconds(), time.perf_counter()
        fn()
        best = min(best, (cpu_seconds() - cpu, time.perf_counter() - wall))
    return best


def time_thaitab(pdf: Path) -> tuple[int, int]:
    from thaitab.pipeline import process_pdf

    result = process_pdf(pdf)
    if result.error:
        raise SystemExit(f"bench: thaitab failed on {pdf}: {result.error}")
    return result.pages, result.rows


def per_page(pdf: Path, count) -> int:
    """``count(page)`` summed over the pages of ``pdf``, read with pdfplumber alone."""
    import pdfplumber

    n = 0
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            n += count(page)
            page.close()
    return n


def time_extract_tables(pdf: Path) -> int:
    return per_page(pdf, lambda page: len(page.extract_tables()))


def time_chars(pdf: Path) -> int:
    return per_page(pdf, lambda page: len(page.chars))


# The peak is read from /proc/self/status (VmHWM) where there is one: after exec,
# Linux's ru_maxrss keeps the high-water mark of the process that forked it (this
# benchmark, hundreds of MB), so getrusage alone would report the parent's peak.
_PEAK = """
import resource, sys
def peak_kib():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""

_RSS_PIPELINE = _PEAK + """
sys.path.insert(0, sys.argv[2])
from thaitab.pipeline import process_pdf
base = peak_kib()
result = process_pdf(sys.argv[1])
print(base, peak_kib(), result.pages, result.error or "")
"""

_RSS_CLI = _PEAK + """
import tempfile
sys.path.insert(0, sys.argv[2])
from thaitab import cli
with tempfile.TemporaryDirectory() as out:
    rc = cli.main(["extract", sys.argv[1], "-o", out, "--workers", "1", "-q"])
print(peak_kib(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)
"""


def _mb(kib: str) -> float:
    return int(kib) / (1024 * 1024 if sys.platform == "darwin" else 1024)  # ru_maxrss: bytes on macOS


def peak_rss(pdf: Path) -> tuple[float, float, int, str]:
    """process_pdf in a fresh process: (MB after imports, peak MB, pages, error)."""
    out = subprocess.run([sys.executable, "-c", _RSS_PIPELINE, str(pdf), str(REPO)],
                         capture_output=True, text=True, check=True).stdout.split(None, 3)
    return _mb(out[0]), _mb(out[1]), int(out[2]), (out[3].strip() if len(out) > 3 else "")


def peak_rss_cli(pdf: Path) -> tuple[float, float]:
    """``thaitab extract PDF --workers 1`` in a fresh process: (parent MB, worker MB)."""
    out = subprocess.run([sys.executable, "-c", _RSS_CLI, str(pdf), str(REPO)],
                         capture_output=True, text=True, check=True).stdout.split()
    return _mb(out[0]), _mb(out[1])


def _spin(n: int) -> float:
    start = time.perf_counter()
    x = 0
    for i in range(n):
        x += i
    return time.perf_counter() - start


def parallel_capacity(n: int = 2) -> float:
    """How many CPUs' worth of pure-Python work n processes get right now (ideal: n)."""
    import multiprocessing

    work = 5_000_000
    one = _spin(work)
    with multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn").Pool(n) as pool:
        start = time.perf_counter()
        pool.map(_spin, [work] * n)
        wall = time.perf_counter() - start
    return n * one / wall


@dataclass
class BatchRun:
    """What one batch run did and took."""

    files: int
    pages: int
    seconds: float  # wall clock, process start to exit
    cpu: float  # CPU seconds of the batch, its workers and their Tesseract runs
    failed: int
    ocr_files: set[str]  # inputs (as the manifest names them) with pages read by OCR
    serial_cpu: float  # CPU seconds of the batch process itself: start-up, manifest, all.*


# `python -m thaitab extract ...`, plus the CPU time of the batch process itself
# (not its workers) on stderr: the serial part of the run
_BATCH_CLI = """
import resource, sys
from thaitab import cli
try:
    rc = cli.main(sys.argv[1:])
finally:
    me = resource.getrusage(resource.RUSAGE_SELF)
    sys.stderr.write(f"\\nbench-serial-cpu {me.ru_utime + me.ru_stime:.3f}\\n")
sys.exit(rc)
"""


def bench_batch(inputs: list[Path], workers: int, ocr_threads: int) -> BatchRun:
    """A fresh ``thaitab extract INPUTS -o TMP --workers N`` process, as a user
    runs it: start-up (interpreter, imports, dictionary) included.

    ``ocr_threads`` > 0 pins Tesseract to that many processes per worker
    (THAITAB_OCR_THREADS) in every run, so that a worker count is compared with
    another on the same work; 0 leaves thaitab's default (the cores shared out
    between the workers: a single worker runs as many Tesseracts as cores)."""
    env = repo_env()
    env.pop("THAITAB_OCR_THREADS", None)
    if ocr_threads > 0:
        env["THAITAB_OCR_THREADS"] = str(ocr_threads)
    with tempfile.TemporaryDirectory(prefix="thaitab-bench-") as out:
        cmd = [sys.executable, "-c", _BATCH_CLI, "extract", *map(str, inputs), "-o", out,
               "--workers", str(workers), "--force", "-q"]
        cpu = cpu_seconds()
        start = time.perf_counter()
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
        cpu = cpu_seconds() - cpu
        try:
            entries = manifest_rows(Path(out))
        except OSError:
            raise SystemExit(f"bench: the batch wrote no manifest: {proc.stderr.strip()[-500:]}") from None
    serial = [line.split()[1] for line in proc.stderr.splitlines() if line.startswith("bench-serial-cpu ")]
    return BatchRun(files=len(entries), pages=sum(int(e["pages"] or 0) for e in entries), seconds=seconds,
                    cpu=cpu, failed=sum(e["status"] == "failed" for e in entries),
                    ocr_files={e["path"] for e in entries if ": OCR (" in e["warnings"]},
                    serial_cpu=float(serial[-1]) if serial else float("nan"))


def batch_scaling(label: str, inputs: list[Path], workers: list[int], ocr_threads: int,
                  repeat: int) -> dict[int, BatchRun]:
    """Batch runs with each worker count (fastest of ``repeat``), one line each
    and the speed-up of the most workers over the fewest."""
    pinned = (f"Tesseract {ocr_threads} thread(s) per worker" if ocr_threads > 0
              else "Tesseract threads: thaitab's default (cores / workers)")
    runs: dict[int, BatchRun] = {}
    for n in workers:
        run = min((bench_batch(inputs, n, ocr_threads) for _ in range(max(1, repeat))),
                  key=lambda r: r.seconds)
        runs[n] = run
        print(f"bench: batch {label}: {run.files} files, {run.pages} pages, {n} worker(s), {pinned}: "
              f"{run.seconds:.1f}s, {run.files / run.seconds:.2f} files/s, {run.pages / run.seconds:.1f} pages/s, "
              f"{run.cpu:.1f} CPU-s ({run.serial_cpu:.1f} in the batch process)"
              + (f", {run.failed} failed" if run.failed else ""))
    if len(runs) > 1:
        lo, hi = min(runs), max(runs)
        ratio = (runs[hi].files / runs[hi].seconds) / (runs[lo].files / runs[lo].seconds)
        print(f"bench: batch speed-up {hi} vs {lo} worker(s), {label}: {ratio:.2f}x "
              f"(files/s of fresh `thaitab extract` processes, start-up included; {pinned} in every run); "
              f"CPU-time estimate {amdahl_estimate(runs[lo], hi / lo):.2f}x")
    return runs


def amdahl_estimate(run: BatchRun, factor: float) -> float:
    """The speed-up ``factor`` times the workers of ``run`` would give on idle
    cores if the batch process's own CPU time is serial and the rest (the
    workers, Tesseract) divides evenly (Amdahl). Read from CPU times, so a busy
    machine moves it far less than the measured speed-up beside it."""
    work = max(0.0, run.cpu - run.serial_cpu)
    return run.cpu / (run.serial_cpu + work / factor)


def ocr_seconds_per_page(folder: Path | None) -> None:
    """OCR cost: wall and CPU seconds per page on the scanned PDFs of ``folder``
    (those whose pages all go to OCR), Tesseract's processes included."""
    from thaitab.pipeline import process_pdf

    if not folder or not folder.is_dir():
        return
    for pdf in sorted(folder.glob("*.pdf")):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu0, wall0 = time.process_time(), time.perf_counter()
        result = process_pdf(pdf)
        wall = time.perf_counter() - wall0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        ocr_pages = sum(1 for w in result.warnings if ": OCR (" in w)
        if result.error or not result.pages or ocr_pages < result.pages:
            continue
        cpu = time.process_time() - cpu0 + (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        print(f"bench: OCR {pdf.name}: {ocr_pages} pages, {wall / ocr_pages:.2f} s/page wall, "
              f"{cpu / ocr_pages:.2f} s/page CPU (Tesseract included)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--perf", type=Path, default=default_perf(), help="a long PDF for pages/second and memory")
    parser.add_argument("--dev", type=Path, default=default_dev(), help="a folder of PDFs for the batch run")
    parser.add_argument("--repeat", type=int, default=1, help="best of N timings (default 1)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="batch worker counts (default 1 2)")
    parser.add_argument("--ocr-threads", type=int, default=1,
                        help="Tesseract processes per batch worker in every batch run (default 1, which is "
                             "what a batch with as many workers as cores uses; 0: thaitab's default, "
                             "cores / workers, which gives a single worker all the cores for OCR)")
    args = parser.parse_args(argv)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"bench: machine {os.cpu_count()} CPUs, load average {load:.1f}, 2 busy processes get "
          f"{parallel_capacity(2):.1f} CPUs (a busy machine slows every number, the speed-up most)")

    from thaitab.batch import warm_up

    start = time.perf_counter()
    warm_up()  # pythainlp's dictionary: once per process (a batch: once, before it forks its workers)
    print(f"bench: warm-up (pythainlp dictionary) {time.perf_counter() - start:.1f}s, "
          f"RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

    if args.perf and args.perf.is_file():
        pdf = args.perf
        pages, rows = time_thaitab(pdf)  # also loads what the first file needs
        (a, aw), (b, bw), (c, cw) = (best_of(args.repeat, lambda: time_thaitab(pdf)),
                                     best_of(args.repeat, lambda: time_extract_tables(pdf)),
                                     best_of(args.repeat, lambda: time_chars(pdf)))
        print(f"bench: {pdf.name}: {pages} pages, {rows} rows")
        print(f"bench: thaitab {pages / a:.1f} pages/s | extract_tables {pages / b:.1f} pages/s | "
              f"chars {pages / c:.1f} pages/s | ratio thaitab/extract_tables {a / b:.2f} | "
              f"ratio thaitab/chars {a / c:.2f}  (CPU time)")
        print(f"bench: wall clock: thaitab {pages / aw:.1f} pages/s | extract_tables {pages / bw:.1f} pages/s | "
              f"chars {pages / cw:.1f} pages/s | ratio thaitab/extract_tables {aw / bw:.2f} | "
              f"ratio thaitab/chars {aw / cw:.2f}")
        base, peak, pages, error = peak_rss(pdf)
        verdict = "ok" if peak <= RSS_LIMIT_MB else "OVER"
        print(f"bench: peak RSS process_pdf on {pdf.name} ({pages} pages, fresh process): {peak:.0f} MB "
              f"({base:.0f} MB after imports; limit {RSS_LIMIT_MB} MB: {verdict})"
              + (f" error: {error}" if error else ""))
        ocr_seconds_per_page(args.dev)
        parent, worker = peak_rss_cli(pdf)
        print(f"bench: peak RSS thaitab extract {pdf.name} --workers 1: batch process {parent:.0f} MB, "
              f"worker process {worker:.0f} MB (the worker is forked from the batch process: "
              f"shared pages count in both)")
    else:
        print("bench: no perf PDF (give --perf PDF); skipping pages/s and memory")

    if args.dev and args.dev.is_dir():
        runs = batch_scaling(f"{args.dev.name}/", [args.dev], args.workers, args.ocr_threads, args.repeat)
        # the same without the scans: worker scaling where no file waits on Tesseract
        scanned = next(iter(runs.values())).ocr_files
        pdfs = [p for p in sorted(args.dev.rglob("*.pdf"))
                if p.relative_to(args.dev).as_posix() not in scanned]
        if scanned and len(pdfs) > 1:
            batch_scaling(f"{args.dev.name}/ text-layer files", pdfs, args.workers, args.ocr_threads,
                          args.repeat)
    else:
        print("bench: no folder of PDFs (give --dev DIR); skipping the batch run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
