"""The per-file work of a batch: settings, tasks, running one file, its outcome.

Everything here runs in a worker (a local child process or a Dask worker) or
is small enough to travel to one; the parent-side machinery lives in the other
modules of :mod:`thaitab.batch`.
"""
from __future__ import annotations

import contextlib
import dataclasses
import glob
import os
import re
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from thaitab.extract.settings import Settings, changed, resolve, use
from thaitab.output import is_thaitab_output, output_stem, write_result
from thaitab.pipeline import FileResult, Options

EXECUTORS = ("local", "dask")
DEFAULT_TIMEOUT = 600.0
DEFAULT_MAX_FILES_PER_WORKER = 20
#: file statuses whose outputs are complete enough to use (combined outputs, resume);
#: "partial": some pages could not be read, the rest were (reported, not redone)
USABLE = ("ok", "partial", "skipped")


class BatchError(Exception):
    """A batch that cannot start or go on (bad settings, no executor, no workers); one line."""


@dataclass(slots=True)
class BatchSettings:
    """How to run a batch; validated on creation."""

    out: Path
    options: Options = field(default_factory=Options)
    workers: int = 0  # 0: os.cpu_count()
    timeout: float | None = DEFAULT_TIMEOUT  # seconds per file; None or 0: no limit
    max_files_per_worker: int = DEFAULT_MAX_FILES_PER_WORKER
    excel: bool = True
    csv_excel_safe: bool = False
    force: bool = False
    combined: bool = True  # manifest.csv and all.*; off for a single file
    executor: str = "local"
    scheduler: str | None = None  # dask scheduler address
    quiet: bool = False
    progress: bool | None = None  # None: an updating line when stderr is a terminal
    # the tolerances (extract.settings) every file is read with; None: those in force now
    extract_settings: Settings | None = None

    def __post_init__(self) -> None:
        self.out = Path(self.out)
        try:
            self.extract_settings = resolve(self.extract_settings)
        except (TypeError, ValueError) as exc:
            raise BatchError(str(exc)) from None
        if not self.workers:
            self.workers = os.cpu_count() or 1
        if self.workers < 1:
            raise BatchError(f"workers must be at least 1, not {self.workers}")
        if self.timeout is not None and self.timeout < 0:
            raise BatchError(f"timeout must be 0 (none) or more seconds, not {self.timeout:g}")
        if not self.timeout:
            self.timeout = None
        if self.max_files_per_worker < 1:
            raise BatchError("max files per worker must be at least 1")
        if self.executor not in EXECUTORS:
            raise BatchError(f"executor must be one of {', '.join(EXECUTORS)}, not {self.executor!r}")
        if self.executor == "dask" and not self.scheduler:
            raise BatchError("the dask executor needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")

    def options_key(self) -> str:
        """What changes the outputs of a file, for the manifest (never the password)."""

        def text(value) -> str:
            if value is None:
                return "default"
            if isinstance(value, (list, tuple)):
                return ",".join(map(str, value))
            return str(value)

        parts = [f"{f.name}={text(getattr(self.options, f.name))}"
                 for f in dataclasses.fields(self.options) if f.name != "password"]
        parts += [f"excel={'yes' if self.excel else 'no'}",
                  f"csv_excel_safe={'yes' if self.csv_excel_safe else 'no'}"]
        # only the settings a user changed: a default run keeps the key it always had
        parts += [f"{name}={text(value)}" for name, value in changed(self.extract_settings).items()]
        return ";".join(parts)

    def job(self) -> "Job":
        """What each worker needs to do a file as these settings say."""
        return Job(self.options, self.excel, self.csv_excel_safe, settings=self.extract_settings)


@dataclass(slots=True)
class Task:
    """One input file: where it is, what it is called in the outputs."""

    index: int
    path: str  # as found, for reading and log lines
    source_path: str  # relative to its input root, with "/"
    outdir: str  # its per-file output folder
    sha256: str = ""
    clash: str | None = None  # why it cannot be written, if so
    pages_hint: int = 0  # the page count the PDF declares (0: unknown), for progress


@dataclass(slots=True)
class Job:
    """What every worker needs besides the task (picklable)."""

    options: Options
    excel: bool
    csv_excel_safe: bool
    ocr_threads: int = 0  # Tesseract processes per worker; 0: OCR's own default
    # the tolerances, sent with every file: a worker (a fresh process, a Dask
    # thread) does not share the parent's context
    settings: Settings | None = None


@dataclass(slots=True)
class Outcome:
    """What became of one file (small, so it travels between processes cheaply)."""

    index: int
    status: str = "failed"  # ok | partial | failed | skipped
    pages: int = 0
    rows: int = 0
    tables: int = 0  # tables found (the measures tables of a report share one output)
    seconds: float = 0.0  # extraction time, as the log line has always shown it
    total_seconds: float = 0.0  # extraction and writing
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    written: list[str] = field(default_factory=list)
    ocr_pages: int = 0
    # the file's least certain rows: (confidence, source path, page, first words)
    lowest: list[tuple[float, str, int, str]] = field(default_factory=list)


def process_pdf_now():
    """The per-file function, looked up on :mod:`thaitab.batch` at call time so
    that one substitution there (tests, another engine) reaches every executor."""
    from thaitab import batch

    return batch.process_pdf


def run_task(task: Task, job: Job) -> Outcome:
    """Extract one PDF and write its per-file outputs; never raises."""
    start = time.perf_counter()
    # Python warnings (e.g. "page 3: OCR (...)") go to the manifest, not over the progress line
    with use(job.settings):  # the job's tolerances, whatever this worker's context holds
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                result = process_pdf_now()(task.path, job.options)
            except Exception as exc:  # process_pdf does not raise; a replacement might
                result = FileResult(task.path, error=f"{type(exc).__name__}: {exc}".splitlines()[0])
        for w in caught:
            text = str(w.message).strip().splitlines()[0] if str(w.message).strip() else ""
            if text and text not in result.warnings:
                result.warnings.append(text)
        return finish_task(task, job, result, start)


def dask_process(task: Task, data: bytes, job: Job) -> tuple[Outcome, list[tuple[str, bytes]]]:
    """The dask task: extract a PDF sent as bytes and make its per-file outputs
    there, in a temporary folder (the worker may be elsewhere, without the output
    folder); they come back as (file name, bytes) for :func:`write_returned`."""
    with tempfile.TemporaryDirectory(prefix="thaitab-") as tmp:
        path = os.path.join(tmp, "in", Path(task.path).name or "input.pdf")
        os.makedirs(os.path.dirname(path))
        with open(path, "wb") as f:
            f.write(data)
        there = dataclasses.replace(task, path=path, outdir=os.path.join(tmp, "out"))
        outcome = run_task(there, job)
        files = [(Path(w).name, Path(w).read_bytes()) for w in outcome.written]
    return outcome, files


def write_returned(task: Task, outcome: Outcome, files: list[tuple[str, bytes]]) -> Outcome:
    """Write the per-file outputs a Dask worker made (:func:`dask_process`) into
    the task's folder: each atomically, a foreign file never replaced, the
    older version's leftovers removed, as :func:`finish_task` does locally."""
    from thaitab.output import check_target
    from thaitab.write import atomic_path

    if outcome.status not in ("ok", "partial"):
        outcome.written = []
        return outcome
    outdir = Path(task.outdir)
    targets = [outdir / name for name, _ in files]
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        for target in targets:
            check_target(target)
        for target, (_, data) in zip(targets, files):
            with atomic_path(target) as tmp:
                tmp.write_bytes(data)
        remove_older_outputs(task, targets)
    except OSError as exc:
        outcome.status, outcome.written = "failed", []
        outcome.error = f"cannot write output: {exc.strerror or exc}"
        return outcome
    outcome.written = [str(t) for t in targets]
    return outcome


_OCR_NOTE = re.compile(r"^page \d+: OCR")


def lowest_rows(result: FileResult, name: str, n: int = 3) -> list[tuple[float, str, int, str]]:
    """The file's ``n`` rows with the lowest confidence, for the run summary;
    ``name`` is the file's path relative to its input folder (names repeat)."""
    rows = []
    for table in result.tables:
        for r in table.rows:
            conf = r.get("confidence")
            if isinstance(conf, (int, float)):
                label = next((str(r[k]) for k in ("measure",) + tuple(table.columns[4:6]) if r.get(k)), "")
                rows.append((float(conf), name, int(r.get("page_start") or 0), short_label(label)))
    return sorted(rows)[:n]


def count(n: int, noun: str) -> str:
    """"1 row", "2 rows", "1,204 pages"."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


#: How much of a row's text the summary quotes, in characters.
LABEL_CHARS = 40


def short_label(text: str, limit: int = LABEL_CHARS) -> str:
    """The first words of ``text``, at most ``limit`` characters, ending at a
    word boundary ("…" when cut). Thai has no spaces between words: the words
    come from the dictionary tokenizer, so a Thai word is never cut in half."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    from thaitab.extract.thai.words import tokenize

    out = ""
    for word in tokenize(text, keep_whitespace=True):
        if len(out) + len(word) > limit - 1:
            break
        out += word
    return (out.rstrip() or text[:limit - 1]) + "…"


def file_status(result: FileResult) -> str:
    """"partial" when the pipeline says some pages could not be read, else "ok"."""
    return "partial" if getattr(result, "status", "ok") == "partial" else "ok"


def finish_task(task: Task, job: Job, result: FileResult, start: float | None = None) -> Outcome:
    """Write a file's result beside the others; the outcome for the manifest."""
    start = time.perf_counter() - result.seconds if start is None else start
    out = Outcome(task.index, pages=result.pages, rows=result.rows, tables=len(result.tables),
                  seconds=result.seconds, warnings=list(result.warnings),
                  ocr_pages=sum(1 for w in result.warnings if _OCR_NOTE.match(w)),
                  lowest=lowest_rows(result, task.source_path))
    if result.error:
        out.error = result.error
    elif task.clash:
        out.error = task.clash
    else:
        try:
            written = write_result(result, Path(task.outdir), excel=job.excel,
                                   csv_excel_safe=job.csv_excel_safe)
            remove_older_outputs(task, written)
        except OSError as exc:
            out.error = f"cannot write output: {exc.strerror or exc}"
        except Exception as exc:
            out.error = f"cannot write output: {type(exc).__name__}: {exc}".splitlines()[0]
        else:
            out.status = file_status(result)
            out.written = [str(w) for w in written]
    out.total_seconds = time.perf_counter() - start
    return out


def table_csv_name(stem: str, n: int) -> str:
    """The n-th (1-based) table CSV of a file: ``<stem>.csv``, ``<stem>.table-2.csv``, ..."""
    return f"{stem}.csv" if n == 1 else f"{stem}.table-{n}.csv"


def remove_older_outputs(task: Task, written) -> list[Path]:
    """A file's outputs are replaced as a set: the ``<stem>.table-N.csv`` (and,
    with Excel off, the ``<stem>.xlsx``) an older version of it left are removed.

    Only files thaitab wrote are touched (:func:`thaitab.output.is_thaitab_output`)."""
    outdir = Path(task.outdir)
    stem = output_stem(task.path)
    keep = {Path(w).name for w in written}
    pattern = re.compile(re.escape(stem) + r"\.table-\d+\.csv")
    old = [p for p in outdir.glob(glob.escape(stem) + ".table-*.csv") if pattern.fullmatch(p.name)]
    old.append(outdir / f"{stem}.xlsx")
    removed = []
    for p in old:
        if p.name not in keep and is_thaitab_output(p):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
                removed.append(p)
    return removed


def remove_temp_files(task: Task) -> None:
    """Temporary files an atomic write left behind when its worker was killed."""
    stem = glob.escape(output_stem(task.path))
    for pattern in (f".{stem}.csv.tmp-*", f".{stem}.table-*.csv.tmp-*", f".{stem}.xlsx.tmp-*"):
        with contextlib.suppress(OSError):
            for p in Path(task.outdir).glob(pattern):
                with contextlib.suppress(OSError):
                    p.unlink()


def size_of(task: Task) -> int:
    try:
        return os.path.getsize(task.path)
    except OSError:
        return 0


def summary(outcomes) -> list[str]:
    """What a run found, for people: rows, tables, pages by method, and where
    to look first: the least certain row of each of the five least certain
    files, named by their path below the input folder (file names repeat)."""
    done = [o for o in outcomes if o.status in ("ok", "partial")]
    if not done:
        return []
    pages = sum(o.pages for o in done)
    ocr = sum(o.ocr_pages for o in done)
    lines = [f"summary: {count(sum(o.rows for o in done), 'row')} in {count(sum(o.tables for o in done), 'table')} "
             f"from {count(pages, 'page')} ({pages - ocr:,} text layer, {ocr:,} OCR)"]
    partial = [o for o in done if o.status == "partial"]
    if partial:
        lines.append(f"{count(len(partial), 'file')} partly read (some pages could not be read; see manifest.csv)")
    firsts: dict[str, tuple[float, str, int, str]] = {}
    for r in sorted(r for o in done for r in o.lowest):
        firsts.setdefault(r[1], r)
    low = sorted(firsts.values())[:5]
    if low:
        lines.append("lowest confidence: " + "; ".join(
            f"{name} p.{page} {conf:.2f} {label!r}" for conf, name, page, label in low))
    return lines
