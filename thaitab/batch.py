"""Many PDFs at once: worker processes, a manifest, resume, one combined dataset.

``run_batch`` maps the per-file work (:func:`thaitab.pipeline.process_pdf` and
:func:`thaitab.output.write_result`) over the inputs with an executor:

* ``local`` (default): a small process pool of our own. Each worker is a child
  process that handles files one at a time and is replaced after
  ``max_files_per_worker`` files (parsers leak). A worker that dies (segfault,
  OOM kill, ``os._exit``) or runs over the per-file ``timeout`` is killed and
  replaced; only its file fails. ``multiprocessing.Pool`` cannot do that: a task
  whose worker dies is never completed, and a single task cannot be killed.
* ``dask``: the same work on an existing ``dask.distributed`` cluster. The PDF
  bytes are sent to the workers and the results come back, so the workers need
  thaitab installed but no access to the input or output folders.

Beside the per-file outputs a batch writes ``manifest.csv`` (one line per
input, rewritten atomically as files finish, so a killed batch resumes where
it stopped) and ``all.csv`` / ``all.xlsx`` / ``all.parquet``: the measures rows
of every file in input order. The combined rows are always read back from the
per-file CSVs as text, so they are the same bytes whether a file was done in
this run or skipped as unchanged, with one worker or many.
"""
from __future__ import annotations

import contextlib
import csv
import glob
import hashlib
import os
import re
import shutil
import signal
import sys
import tempfile
import time
import warnings
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence, TextIO

from normalize.profiles.ita import OUTPUT_COLUMNS
from thaitab import __version__
from thaitab.output import output_stem, write_result
from thaitab.pipeline import FileResult, Options, process_pdf

__all__ = [
    "BatchError",
    "BatchSettings",
    "COMBINED_STEM",
    "MANIFEST_COLUMNS",
    "MANIFEST_NAME",
    "Outcome",
    "Task",
    "run_batch",
    "warm_up",
]

MANIFEST_NAME = "manifest.csv"
COMBINED_STEM = "all"
MANIFEST_COLUMNS = ["path", "sha256", "version", "pages", "rows", "status", "seconds",
                    "warnings", "error", "options"]
EXECUTORS = ("local", "dask")
DEFAULT_TIMEOUT = 600.0
DEFAULT_MAX_FILES_PER_WORKER = 20

# A <stem>.csv holds the file's first table: the ITA measures (its columns start
# with the profile's OUTPUT_COLUMNS, provenance columns follow) or a generic one.
_GENERIC_PREFIX = ["source_file", "page_start", "page_end", "table"]
_INT_COLUMNS = ("page_start", "page_end", "fiscal_year_be", "table")
_BOOL_COLUMNS = ("uses_budget",)
_FLOAT_COLUMNS = ("budget_baht", "confidence")
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")  # as thaitab.write


class BatchError(Exception):
    """A batch that cannot start (bad settings, missing executor); one line."""


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

    def __post_init__(self) -> None:
        self.out = Path(self.out)
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
        import dataclasses

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
        return ";".join(parts)


@dataclass(slots=True)
class Task:
    """One input file: where it is, what it is called in the outputs."""

    index: int
    path: str  # as found, for reading and log lines
    source_path: str  # relative to its input root, with "/"
    outdir: str  # its per-file output folder
    sha256: str = ""
    clash: str | None = None  # why it cannot be written, if so


@dataclass(slots=True)
class Job:
    """What every worker needs besides the task (picklable)."""

    options: Options
    excel: bool
    csv_excel_safe: bool
    ocr_threads: int = 0  # Tesseract processes per worker; 0: OCR's own default


@dataclass(slots=True)
class Outcome:
    """What became of one file (small, so it travels between processes cheaply)."""

    index: int
    status: str = "failed"  # ok | partial (some pages not read) | failed | skipped
    pages: int = 0
    rows: int = 0
    tables: int = 0
    seconds: float = 0.0  # extraction time, as the log line has always shown it
    total_seconds: float = 0.0  # extraction and writing
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    written: list[str] = field(default_factory=list)
    ocr_pages: int = 0
    # the file's least certain rows: (confidence, file, page, first words)
    lowest: list[tuple[float, str, int, str]] = field(default_factory=list)


# ---------------------------------------------------------------------------
# per-file work (runs in a worker)
# ---------------------------------------------------------------------------


def warm_up() -> None:
    """Load pythainlp's dictionary now rather than inside the first file.

    Called in the parent before the local workers are forked, so that every
    worker starts with it loaded (shared copy-on-write; frozen out of the
    garbage collector's way, see :func:`thaitab.pipeline.warm_up`)."""
    from thaitab.pipeline import warm_up as load

    load()


def run_task(task: Task, job: Job) -> Outcome:
    """Extract one PDF and write its per-file outputs; never raises."""
    start = time.perf_counter()
    # Python warnings (e.g. "page 3: OCR (...)") go to the manifest, not over the progress line
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = process_pdf(task.path, job.options)
        except Exception as exc:  # process_pdf does not raise; a replacement might
            result = FileResult(task.path, error=f"{type(exc).__name__}: {exc}".splitlines()[0])
    for w in caught:
        text = str(w.message).strip().splitlines()[0] if str(w.message).strip() else ""
        if text and text not in result.warnings:
            result.warnings.append(text)
    return finish_task(task, job, result, start)


_OCR_NOTE = re.compile(r"^page \d+: OCR")
_UNREAD_NOTE = re.compile(r"^page \d+ not read: ")


def _lowest_rows(result: FileResult, n: int = 3) -> list[tuple[float, str, int, str]]:
    """The file's ``n`` rows with the lowest confidence, for the run summary."""
    rows = []
    for table in result.tables:
        for r in table.rows:
            conf = r.get("confidence")
            if isinstance(conf, (int, float)):
                label = next((str(r[k]) for k in ("measure",) + tuple(table.columns[4:6]) if r.get(k)), "")
                rows.append((float(conf), str(r.get("source_file", "")), int(r.get("page_start") or 0),
                             " ".join(label.split())[:40]))
    return sorted(rows)[:n]


def _size(task: Task) -> int:
    try:
        return os.path.getsize(task.path)
    except OSError:
        return 0


def summary(outcomes: Sequence[Outcome]) -> list[str]:
    """What a run found, for people: rows, tables, pages by method, and where
    to look first (the least certain rows with their pages)."""
    done = [o for o in outcomes if o.status in ("ok", "partial")]
    if not done:
        return []
    pages = sum(o.pages for o in done)
    ocr = sum(o.ocr_pages for o in done)
    lines = [f"summary: {sum(o.rows for o in done):,} rows in {sum(o.tables for o in done)} table(s) "
             f"from {pages:,} pages ({pages - ocr:,} text layer, {ocr:,} OCR)"]
    low = sorted(r for o in done for r in o.lowest)[:5]
    if low:
        lines.append("lowest confidence: " + "; ".join(
            f"{name} p.{page} {conf:.2f} {label!r}" for conf, name, page, label in low))
    return lines


def finish_task(task: Task, job: Job, result: FileResult, start: float | None = None) -> Outcome:
    """Write a file's result beside the others; the outcome for the manifest."""
    start = time.perf_counter() - result.seconds if start is None else start
    out = Outcome(task.index, pages=result.pages, rows=result.rows, tables=len(result.tables),
                  seconds=result.seconds, warnings=list(result.warnings),
                  ocr_pages=sum(1 for w in result.warnings if _OCR_NOTE.match(w)),
                  lowest=_lowest_rows(result))
    if result.error:
        out.error = result.error
    elif task.clash:
        out.error = task.clash
    else:
        try:
            written = write_result(result, Path(task.outdir), excel=job.excel,
                                   csv_excel_safe=job.csv_excel_safe)
        except OSError as exc:
            out.error = f"cannot write output: {exc.strerror or exc}"
        except Exception as exc:
            out.error = f"cannot write output: {type(exc).__name__}: {exc}".splitlines()[0]
        else:
            out.status = "partial" if result.unread else "ok"
            out.written = [str(w) for w in written]
    out.total_seconds = time.perf_counter() - start
    return out


def _dask_process(name: str, data: bytes, options: Options) -> FileResult:
    """The dask task: extract a PDF sent as bytes (the worker may be elsewhere)."""
    with tempfile.TemporaryDirectory(prefix="thaitab-") as tmp:
        path = os.path.join(tmp, Path(name).name or "input.pdf")
        with open(path, "wb") as f:
            f.write(data)
        result = process_pdf(path, options)
    result.path = name
    return result


# ---------------------------------------------------------------------------
# the local process pool
# ---------------------------------------------------------------------------


def _mp_context():
    import multiprocessing

    # fork: workers start at once, with the parent's warm dictionary. Where
    # fork is unsafe or missing (macOS, Windows), spawn.
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(method)


def _die_with_parent(parent_pid: int) -> None:
    """Linux: get SIGKILL when the batch process dies, even by SIGKILL itself."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent_pid:
        os._exit(1)


def _share_ocr_threads(threads: int) -> None:
    """Give this worker's OCR its share of the cores (THAITAB_OCR_THREADS, read
    by ``extract.ocr``), unless the user set one. Set here, in the worker, so
    that a batch never changes its caller's environment (a later batch with
    another worker count would inherit it)."""
    if threads > 0 and not os.environ.get("THAITAB_OCR_THREADS"):
        os.environ["THAITAB_OCR_THREADS"] = str(threads)


def _worker_main(conn, inherited, job: Job, parent_pid: int) -> None:
    """A worker: read tasks until told to stop (None) or the parent is gone."""
    for other in inherited:  # the parent's ends of other workers' pipes (fork)
        with contextlib.suppress(Exception):
            other.close()
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _share_ocr_threads(job.ocr_threads)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            break
        if task is None:
            break
        outcome = run_task(task, job)
        try:
            conn.send(outcome)
        except (OSError, ValueError):
            break
    conn.close()


class _Worker:
    __slots__ = ("proc", "conn", "task", "started", "done")

    def __init__(self, proc, conn) -> None:
        self.proc = proc
        self.conn = conn
        self.task: Task | None = None
        self.started = 0.0
        self.done = 0


def _death_reason(exitcode: int | None) -> str:
    if exitcode is None:
        how = "stopped answering"
    elif exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        how = f"was killed by {name}"
        if -exitcode == signal.SIGKILL:
            how += " (out of memory?)"
    else:
        how = f"exited with code {exitcode}"
    return f"worker process died while reading this file: it {how}"


def _remove_temp_files(task: Task) -> None:
    """Temporary files an atomic write left behind when its worker was killed."""
    stem = glob.escape(output_stem(task.path))
    for pattern in (f".{stem}.csv.tmp-*", f".{stem}.table-*.csv.tmp-*", f".{stem}.xlsx.tmp-*"):
        with contextlib.suppress(OSError):
            for p in Path(task.outdir).glob(pattern):
                with contextlib.suppress(OSError):
                    p.unlink()


class LocalPool:
    """Worker processes with recycling, a per-file time limit and crash isolation."""

    def __init__(self, workers: int, job: Job, *, timeout: float | None = None,
                 max_files_per_worker: int = DEFAULT_MAX_FILES_PER_WORKER) -> None:
        self.size = workers
        self.job = job
        self.timeout = timeout
        self.max_files = max_files_per_worker
        self.ctx = _mp_context()
        self.workers: list[_Worker] = []

    def _start(self) -> _Worker:
        parent_end, child_end = self.ctx.Pipe(duplex=True)
        inherited = [w.conn for w in self.workers]
        proc = self.ctx.Process(target=_worker_main, name="thaitab-worker", daemon=True,
                                args=(child_end, inherited, self.job, os.getpid()))
        proc.start()
        child_end.close()  # so that the worker's death reads as EOF here
        w = _Worker(proc, parent_end)
        self.workers.append(w)
        return w

    def _drop(self, w: _Worker, *, kill: bool) -> None:
        if w in self.workers:
            self.workers.remove(w)
        if kill:
            with contextlib.suppress(Exception):
                w.proc.kill()
        else:
            with contextlib.suppress(Exception):
                w.conn.send(None)
        w.proc.join(timeout=None if kill else 5)
        if w.proc.is_alive():
            w.proc.kill()
            w.proc.join()
        with contextlib.suppress(Exception):
            w.conn.close()
        with contextlib.suppress(Exception):
            w.proc.close()

    def run(self, tasks: Iterable[Task], on_done: Callable[[Task, Outcome], None],
            on_tick: Callable[[], None] = lambda: None) -> None:
        from multiprocessing.connection import wait

        queue = deque(tasks)
        try:
            while queue or any(w.task for w in self.workers):
                # hand out work, starting workers as needed
                for w in [w for w in self.workers if w.task is None]:
                    if not queue:
                        break
                    self._assign(w, queue.popleft())
                while queue and len(self.workers) < self.size:
                    self._assign(self._start(), queue.popleft())
                busy = [w for w in self.workers if w.task is not None]
                if not busy:
                    continue
                wait_for = 0.5
                if self.timeout is not None:
                    now = time.monotonic()
                    wait_for = max(0.0, min(wait_for, min(w.started + self.timeout - now for w in busy)))
                by_handle = {}
                for w in busy:
                    by_handle[w.conn] = w
                    by_handle[w.proc.sentinel] = w
                ready = wait(list(by_handle), timeout=wait_for)
                seen: set[int] = set()
                for handle in ready:
                    w = by_handle[handle]
                    if id(w) in seen or w.task is None:
                        continue
                    seen.add(id(w))
                    self._collect(w, on_done)
                if self.timeout is not None:
                    now = time.monotonic()
                    for w in [w for w in self.workers if w.task and now - w.started > self.timeout]:
                        task = w.task
                        w.task = None
                        self._drop(w, kill=True)
                        _remove_temp_files(task)
                        on_done(task, Outcome(task.index, error=f"timed out after {self.timeout:g} s",
                                              total_seconds=self.timeout))
                on_tick()
        finally:
            for w in list(self.workers):
                self._drop(w, kill=w.task is not None)

    def _assign(self, w: _Worker, task: Task) -> None:
        w.task = task
        w.started = time.monotonic()
        try:
            w.conn.send(task)
        except (OSError, ValueError):
            pass  # the worker is gone; _collect sees EOF and reports it

    def _collect(self, w: _Worker, on_done) -> None:
        task = w.task
        assert task is not None
        try:
            if not w.conn.poll():
                if w.proc.is_alive():
                    return  # nothing complete yet
                raise EOFError
            outcome = w.conn.recv()
        except Exception:  # EOF: the worker died; or a result that does not unpickle
            outcome = None
        w.task = None
        if outcome is None:
            w.proc.join(timeout=5)
            reason = _death_reason(w.proc.exitcode)
            self._drop(w, kill=True)
            _remove_temp_files(task)
            on_done(task, Outcome(task.index, error=reason,
                                  total_seconds=time.monotonic() - w.started))
            return
        w.done += 1
        if w.done >= self.max_files:
            self._drop(w, kill=False)  # recycle: a fresh process for the next files
        on_done(task, outcome)


# ---------------------------------------------------------------------------
# executors
# ---------------------------------------------------------------------------


def _run_in_process(tasks: Sequence[Task], job: Job, on_done, on_tick) -> None:
    for task in tasks:
        on_done(task, run_task(task, job))
        on_tick()


def _run_dask(tasks: Sequence[Task], job: Job, settings: BatchSettings, on_done, on_tick) -> None:
    try:
        from distributed import Client, wait as dask_wait
    except ImportError:
        raise BatchError("the dask executor needs dask.distributed: pip install thaitab[dask]") from None
    try:
        client = Client(settings.scheduler, set_as_default=False, timeout="30s")
    except Exception as exc:
        raise BatchError(f"cannot reach the dask scheduler at {settings.scheduler}: "
                         f"{type(exc).__name__}: {exc}".splitlines()[0]) from None
    try:
        try:
            threads = sum(client.nthreads().values())
        except Exception:
            threads = 0
        # as many files in flight as the cluster has threads: a file's clock starts
        # when it is sent, so it must not wait in a queue there
        window = max(1, threads or settings.workers)
        queue = deque(tasks)
        running: dict = {}  # future -> (task, time sent)
        while queue or running:
            while queue and len(running) < window:
                task = queue.popleft()
                try:
                    data = Path(task.path).read_bytes()
                except OSError:
                    on_done(task, run_task(task, job))  # worded by the usual checks (not found, ...)
                    continue
                fut = client.submit(_dask_process, task.path, data, job.options, pure=False)
                running[fut] = (task, time.monotonic())
            if not running:
                continue
            try:
                dask_wait(list(running), timeout=0.5, return_when="FIRST_COMPLETED")
            except Exception:  # TimeoutError: nothing finished yet
                pass
            for fut in [f for f in running if f.done()]:
                task, started = running.pop(fut)
                try:
                    result = fut.result()
                except Exception as exc:
                    name = type(exc).__name__
                    why = (f"dask worker died while reading this file ({name})" if name == "KilledWorker"
                           else f"{name}: {exc}".splitlines()[0])
                    on_done(task, Outcome(task.index, error=why,
                                          total_seconds=time.monotonic() - started))
                    continue
                result.path = task.path
                on_done(task, finish_task(task, job, result))
            if settings.timeout is not None:
                now = time.monotonic()
                for fut, (task, started) in list(running.items()):
                    if now - started > settings.timeout:
                        # dask cannot stop a running task; its result is ignored
                        running.pop(fut)
                        fut.cancel()
                        on_done(task, Outcome(task.index, error=f"timed out after {settings.timeout:g} s",
                                              total_seconds=now - started))
            on_tick()
    finally:
        client.close()


# ---------------------------------------------------------------------------
# the manifest
# ---------------------------------------------------------------------------


def file_sha256(path: str | os.PathLike) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_manifest(path: Path) -> dict[str, dict[str, str]]:
    """Entries of an earlier run by relative path; {} when there is none."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            return {row["path"]: row for row in csv.DictReader(f) if row.get("path")}
    except (OSError, csv.Error, UnicodeDecodeError, KeyError):
        return {}


def write_manifest(path: Path, entries: Iterable[dict[str, str]]) -> None:
    from thaitab.write import atomic_path

    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
            writer.writerow(MANIFEST_COLUMNS)
            for e in entries:
                writer.writerow([e.get(c, "") for c in MANIFEST_COLUMNS])


class _Manifest:
    """The manifest in memory, saved after files finish (atomically; adaptive rate
    so that rewriting a huge manifest never costs more than ~10% of the run)."""

    def __init__(self, path: Path | None, n: int) -> None:
        self.path = path
        self.entries: list[dict[str, str] | None] = [None] * n
        self.dirty = False
        self.next_save = 0.0

    def set(self, index: int, entry: dict[str, str]) -> None:
        self.entries[index] = entry
        self.dirty = True

    def save(self, force: bool = False) -> None:
        if self.path is None or not self.dirty:
            return
        now = time.monotonic()
        if not force and now < self.next_save:
            return
        try:
            write_manifest(self.path, [e for e in self.entries if e is not None])
        except OSError as exc:
            raise BatchError(f"cannot write {self.path}: {exc.strerror or exc}") from None
        took = time.monotonic() - now
        self.dirty = False
        self.next_save = now + min(2.0, 10 * took)


# ---------------------------------------------------------------------------
# progress
# ---------------------------------------------------------------------------


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


class Progress:
    """A single updating line on a terminal; plain log lines, one per file, otherwise."""

    def __init__(self, total: int, todo: int, *, stream: TextIO | None = None, live: bool | None = None,
                 quiet: bool = False) -> None:
        self.stream = stream or sys.stderr
        if live is None:
            isatty = getattr(self.stream, "isatty", None)
            live = bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"
        self.live = live and not quiet
        self.quiet = quiet
        self.total = total
        self.todo = todo  # files to process in this run (not skipped)
        self.done = self.processed = self.pages = self.rows = self.failed = self.skipped = 0
        self.partial = 0  # files some of whose pages could not be read
        self.start = self.work_start = time.monotonic()  # work_start: the ETA's clock
        self._shown = ""
        self._last_draw = 0.0

    def _print(self, line: str) -> None:
        if self.live and self._shown:
            self.stream.write("\r\x1b[K")
            self._shown = ""
        self.stream.write(line + "\n")
        self.stream.flush()
        if self.live:
            self.draw(force=True)

    def note(self, line: str) -> None:
        if not self.quiet:
            self._print(line)

    def error(self, line: str) -> None:
        self._print(line)

    def file_done(self, task: Task, out: Outcome) -> None:
        self.done += 1
        self.pages += out.pages
        if out.status == "skipped":
            self.skipped += 1
            self.rows += out.rows
            if not self.live:
                self.note(f"{task.path}: unchanged since the last run, skipped ({out.rows} rows)")
        elif out.status in ("ok", "partial"):
            self.processed += 1
            self.rows += out.rows
            if out.status == "partial":
                self.partial += 1
                unread = [w for w in out.warnings if _UNREAD_NOTE.match(w)]
                self.error(f"thaitab: {task.path}: partial: {'; '.join(unread)}")
            if not self.live:
                note = f"; {'; '.join(out.warnings)}" if out.warnings else ""
                self.note(f"{task.path}: {out.rows} rows in {out.tables} table(s), {out.pages} pages, "
                          f"{out.seconds:.1f}s -> {', '.join(out.written)}{note}")
        else:
            self.processed += 1
            self.failed += 1
            self.error(f"thaitab: {task.path}: {out.error}")
        self.draw()

    def line(self) -> str:
        now = time.monotonic()
        elapsed = now - self.start
        left = self.todo - self.processed
        if left <= 0:
            eta = "done"
        elif self.processed:
            eta = "ETA " + _duration((now - self.work_start) / self.processed * left)
        else:
            eta = "ETA --"
        parts = [f"thaitab: {self.done}/{self.total} files", f"{self.pages:,} pages", f"{self.rows:,} rows",
                 f"{self.failed} failed"]
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        parts.append(f"{_duration(elapsed)} {eta}")
        return " | ".join(parts)

    def draw(self, force: bool = False) -> None:
        if not self.live:
            return
        now = time.monotonic()
        if not force and now - self._last_draw < 0.1:
            return
        self._last_draw = now
        width = shutil.get_terminal_size((100, 20)).columns - 1
        text = self.line()[:max(10, width)]
        self.stream.write("\r\x1b[K" + text)
        self.stream.flush()
        self._shown = text

    def close(self) -> None:
        """Leave the last progress line on screen; later notes go below it."""
        if self.live:
            self.draw(force=True)
            self.stream.write("\n")
            self.stream.flush()
            self._shown = ""
            self.live = False


# ---------------------------------------------------------------------------
# the combined dataset
# ---------------------------------------------------------------------------


def _read_csv_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, [])
        return header, list(reader)


def _primary_kind(header: list[str]) -> str:
    """What a <stem>.csv holds: the measures table (or its empty placeholder), a generic
    table, or something this version does not write."""
    if header[:len(OUTPUT_COLUMNS)] == list(OUTPUT_COLUMNS):
        return "measures"
    if header[:4] == _GENERIC_PREFIX:
        return "generic"
    return "unknown"


def _combined_columns(headers: list[list[str]]) -> list[str]:
    """The columns of all.*: every measures column in order of first appearance
    (files of one version all have the same), source_path after source_file."""
    cols: list[str] = []
    for header in headers:
        cols.extend(c for c in header if c not in cols)
    cols = cols or list(OUTPUT_COLUMNS)
    return cols[:1] + ["source_path"] + [c for c in cols[1:] if c != "source_path"]


def _outputs_usable(task: Task, excel: bool) -> bool:
    """The per-file outputs of an earlier run are there and in today's layout."""
    stem = Path(task.outdir) / output_stem(task.path)
    csv_path = stem.with_name(stem.name + ".csv")
    if excel and not stem.with_name(stem.name + ".xlsx").is_file():
        return False
    try:
        with open(csv_path, encoding="utf-8-sig", newline="") as f:
            header = next(csv.reader(f), [])
    except (OSError, csv.Error, UnicodeDecodeError):
        return False
    return _primary_kind(header) != "unknown"


def _typed(df, csv_excel_safe: bool):
    """The combined text frame with numbers and booleans typed, for Excel and Parquet.

    Derived from the text alone, so it is the same for a resumed run. A column
    with a value that does not parse stays text."""
    import pandas as pd

    typed = df.copy()
    if csv_excel_safe:  # undo the CSV's formula guard: Excel output is always safe
        for col in typed.columns:
            typed[col] = [v[1:] if v.startswith("'") and v[1:].startswith(_FORMULA_TRIGGERS) else v
                          for v in typed[col]]
    for col in _INT_COLUMNS:
        if col in typed:
            vals = typed[col]
            if all(v == "" or v.lstrip("-").isdigit() for v in vals):
                typed[col] = pd.array([int(v) if v else None for v in vals], dtype="Int64")
    for col in _BOOL_COLUMNS:
        if col in typed:
            vals = typed[col]
            if all(v in ("", "true", "false") for v in vals):
                typed[col] = pd.array([None if v == "" else v == "true" for v in vals], dtype="boolean")
    for col in _FLOAT_COLUMNS:
        if col in typed:
            try:
                typed[col] = pd.array([float(v) if v else None for v in typed[col]], dtype="Float64")
            except ValueError:
                pass
    return typed


def write_combined(out: Path, tasks: Sequence[Task], entries: Sequence[dict[str, str] | None],
                   settings: BatchSettings) -> list[str]:
    """all.csv, all.xlsx and all.parquet from the per-file CSVs; notes for the user."""
    import pandas as pd

    from thaitab.write import EXCEL_MAX_ROWS, write_csv, write_parquet, write_xlsx

    notes: list[str] = []
    info: list[dict] = []
    parts: list[tuple[Task, list[str], list[list[str]]]] = []  # measures CSVs in input order
    for task, entry in zip(tasks, entries):
        entry = entry or {}
        ok = entry.get("status") in ("ok", "partial", "skipped")
        n = 0
        if ok:
            path = Path(task.outdir) / f"{output_stem(task.path)}.csv"
            try:
                header, body = _read_csv_rows(path)
            except (OSError, csv.Error, UnicodeDecodeError) as exc:
                notes.append(f"{task.path}: cannot read {path} back for {COMBINED_STEM}.*: {exc}")
                header, body = [], []
            if _primary_kind(header) == "measures":
                parts.append((task, header, body))
                n = len(body)
        info.append({"source_path": task.source_path, "sha256": entry.get("sha256", task.sha256),
                     "result": "ok" if ok else "failed", "pages": entry.get("pages", ""),
                     "measures_rows": n, "warnings": entry.get("warnings", ""),
                     "error": entry.get("error", "")})
    columns = _combined_columns([h for _, h, body in parts if body] or [h for _, h, _ in parts])
    rows: list[list[str]] = []
    for task, header, body in parts:
        where = {c: i for i, c in enumerate(header)}
        pick = [where.get(c) for c in columns]
        pick[1] = None
        for r in body:
            vals = [r[i] if i is not None and i < len(r) else "" for i in pick]
            vals[1] = task.source_path
            rows.append(vals)
    df = pd.DataFrame(rows, columns=columns, dtype=object)
    write_csv(df, out / f"{COMBINED_STEM}.csv")

    xlsx = out / f"{COMBINED_STEM}.xlsx"
    parquet = out / f"{COMBINED_STEM}.parquet"
    typed = _typed(df, settings.csv_excel_safe)
    if not settings.excel:
        _remove_stale(xlsx)
    elif len(df) + 1 > EXCEL_MAX_ROWS:
        _remove_stale(xlsx)
        notes.append(f"{xlsx.name} not written: {len(df):,} rows exceed Excel's limit of "
                     f"{EXCEL_MAX_ROWS - 1:,} rows per sheet (use {COMBINED_STEM}.csv or .parquet)")
    else:
        try:
            for msg in write_xlsx({"measures": typed}, xlsx, info=pd.DataFrame(info)):
                notes.append(f"{xlsx.name}: {msg}")
        except ValueError as exc:
            _remove_stale(xlsx)
            notes.append(f"{xlsx.name} not written: {exc}")
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        _remove_stale(parquet)
        notes.append(f"{parquet.name} not written: pyarrow is not installed (pip install thaitab[parquet])")
    else:
        try:
            write_parquet(typed, parquet)
        except Exception as exc:
            _remove_stale(parquet)
            notes.append(f"{parquet.name} not written: {type(exc).__name__}: {exc}".splitlines()[0])
    return notes


def _remove_leftovers(out: Path, todo: Sequence[Task]) -> None:
    """Temporary files of a batch that was killed while writing (atomic_path names)."""
    for name in (MANIFEST_NAME, f"{COMBINED_STEM}.csv", f"{COMBINED_STEM}.xlsx", f"{COMBINED_STEM}.parquet"):
        for p in out.glob(f".{glob.escape(name)}.tmp-*"):
            with contextlib.suppress(OSError):
                p.unlink()
    for task in todo:
        _remove_temp_files(task)


def _remove_stale(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


# ---------------------------------------------------------------------------
# the batch
# ---------------------------------------------------------------------------


def plan_tasks(pdfs: Sequence[tuple[Path, Path]], settings: BatchSettings) -> list[Task]:
    """Tasks in input order from ``cli.find_pdfs`` pairs (pdf, output sub-folder)."""
    tasks: list[Task] = []
    taken: dict[str, str] = {}
    reserved = {COMBINED_STEM, Path(MANIFEST_NAME).stem} if settings.combined else set()
    for i, (path, rel) in enumerate(pdfs):
        rel = Path(rel)
        source = (rel / Path(path).name).as_posix()
        outdir = settings.out / rel
        task = Task(i, str(path), source, str(outdir))
        stem = output_stem(str(path))
        key = (rel / stem).as_posix().casefold()
        if key in taken:
            task.clash = (f"its outputs would overwrite those of {taken[key]} "
                          f"(same name in the same output folder)")
        elif rel == Path(".") and stem.casefold() in reserved:
            task.clash = (f"its outputs would overwrite the batch's {stem}.csv; "
                          f"rename the file or put it in a sub-folder")
        else:
            taken[key] = str(path)
        tasks.append(task)
    return tasks


def run_batch(pdfs: Sequence[tuple[Path, Path]], settings: BatchSettings, *,
              stream: TextIO | None = None) -> int:
    """Process every PDF; 0 when every file succeeded, else 1.

    ``pdfs`` are (pdf path, output sub-folder relative to ``settings.out``)
    pairs as :func:`thaitab.cli.find_pdfs` makes them, in input order.
    """
    out = settings.out
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchError(f"cannot create the output folder {out}: {exc.strerror or exc}") from None
    tasks = plan_tasks(pdfs, settings)
    job = Job(settings.options, settings.excel, settings.csv_excel_safe)
    options_key = settings.options_key()
    manifest = _Manifest(out / MANIFEST_NAME if settings.combined else None, len(tasks))
    previous = read_manifest(out / MANIFEST_NAME) if settings.combined else {}

    todo: list[Task] = []
    skipped: list[tuple[Task, Outcome]] = []
    for task in tasks:
        if settings.combined:
            with contextlib.suppress(OSError):
                task.sha256 = file_sha256(task.path)
        old = previous.get(task.source_path)
        if (old and not settings.force and task.sha256 and not task.clash
                and old.get("status") in ("ok", "skipped") and old.get("sha256") == task.sha256
                and old.get("version") == __version__ and old.get("options") == options_key
                and _outputs_usable(task, settings.excel)):
            entry = dict(old, status="skipped", seconds="0.00")
            manifest.set(task.index, entry)
            skipped.append((task, Outcome(task.index, status="skipped", pages=_int(old.get("pages")),
                                          rows=_int(old.get("rows")))))
        else:
            if old:  # keep what was known until this file is done again
                manifest.set(task.index, old)
            todo.append(task)
    manifest.save(force=True)
    _remove_leftovers(out, todo)

    progress = Progress(len(tasks), len(todo), stream=stream, live=settings.progress, quiet=settings.quiet)
    for task, outcome in skipped:
        progress.file_done(task, outcome)
    progress.draw(force=True)

    outcomes: list[Outcome] = []

    def on_done(task: Task, outcome: Outcome) -> None:
        outcomes.append(outcome)
        manifest.set(task.index, {
            "path": task.source_path, "sha256": task.sha256, "version": __version__,
            "pages": str(outcome.pages), "rows": str(outcome.rows), "status": outcome.status,
            "seconds": f"{outcome.total_seconds:.2f}", "warnings": "; ".join(outcome.warnings),
            "error": outcome.error or "", "options": options_key,
        })
        manifest.save()
        progress.file_done(task, outcome)

    def on_tick() -> None:
        manifest.save()
        progress.draw()

    try:
        if not todo:
            pass
        elif settings.executor == "dask":
            _run_dask(todo, job, settings, on_done, on_tick)
        elif settings.workers == 1 and settings.timeout is None:
            _run_in_process(todo, job, on_done, on_tick)
        else:
            warm_up()
            progress.work_start = time.monotonic()
            size = min(settings.workers, len(todo))
            # the workers share the cores: OCR inside a worker gets its share, not all
            job.ocr_threads = max(1, (os.cpu_count() or 1) // size)
            pool = LocalPool(size, job, timeout=settings.timeout,
                             max_files_per_worker=settings.max_files_per_worker)
            # biggest files first, so that no long file is left running alone at
            # the end (the combined outputs keep input order whatever the order here)
            pool.run(sorted(todo, key=_size, reverse=True), on_done, on_tick)
    finally:
        manifest.save(force=True)
        if progress.live:
            progress.close()
    if not settings.quiet:
        for line in summary(outcomes):
            progress.note(f"thaitab: {line}")

    if settings.combined:
        try:
            notes = write_combined(out, tasks, manifest.entries, settings)
        except OSError as exc:
            progress.error(f"thaitab: cannot write {out / (COMBINED_STEM + '.*')}: {exc.strerror or exc}")
            return 1
        for note in notes:
            progress.note(f"thaitab: {note}")
        progress.note(f"thaitab: {len(tasks)} files: {len(tasks) - progress.failed} ok "
                      f"({progress.skipped} unchanged), {progress.failed} failed; "
                      f"{progress.rows:,} rows -> {out / (COMBINED_STEM + '.csv')}, {out / MANIFEST_NAME}")
    # 1: a file failed; 3: none failed but some pages of a file were not read (partial)
    return 1 if progress.failed else 3 if progress.partial else 0


def _int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0
