"""Many PDFs at once: worker processes, a manifest, resume, one combined dataset.

``run_batch`` maps the per-file work (:func:`thaitab.pipeline.process_pdf` and
:func:`thaitab.output.write_result`, see :mod:`thaitab.batch.work`) over the
inputs with an executor: ``local`` (default), a process pool of our own
(:mod:`thaitab.batch.pool`), or ``dask``, an existing ``dask.distributed``
cluster (:mod:`thaitab.batch.cluster`).

Beside the per-file outputs a batch writes ``manifest.csv`` (one line per
input, rewritten atomically as files finish, so a killed batch resumes where
it stopped; :mod:`thaitab.batch.manifest`) and the combined dataset
(:mod:`thaitab.batch.dataset`, :mod:`thaitab.batch.combine`): ``all.csv`` /
``all.xlsx`` / ``all.parquet``, the measures rows of every file in input order
with one fixed schema, and ``cells.csv`` / ``cells.parquet``, every cell of
every table. Progress: :mod:`thaitab.batch.progress`.
"""
from __future__ import annotations

import contextlib
import glob
import os
import re
import time
from pathlib import Path
from typing import Sequence, TextIO

from thaitab import __version__
from thaitab.batch.combine import ALL_STEM, CELLS_STEM, Counts, targets, write_combined
from thaitab.batch.dataset import table_kind, read_header
from thaitab.batch.manifest import (MANIFEST_COLUMNS, MANIFEST_NAME, Manifest, file_digest, file_sha256,
                                    now_utc, read_manifest, write_manifest)
from thaitab.batch.progress import Progress
from thaitab.batch.work import (LABEL_CHARS, USABLE, BatchError, BatchSettings, Job, Outcome, Task, count,
                                finish_task, remove_temp_files, run_task, short_label, size_of, summary)
from thaitab.output import output_stem
from thaitab.pipeline import process_pdf  # noqa: F401  (looked up here by the workers: a seam for tests)

__all__ = [
    "BatchError",
    "BatchSettings",
    "CELLS_STEM",
    "COMBINED_NAMES",
    "COMBINED_STEM",
    "MANIFEST_COLUMNS",
    "MANIFEST_NAME",
    "Outcome",
    "Progress",
    "LABEL_CHARS",
    "Task",
    "count",
    "file_sha256",
    "read_manifest",
    "run_batch",
    "run_task",
    "short_label",
    "finish_task",
    "summary",
    "warm_up",
    "write_manifest",
]

COMBINED_STEM = ALL_STEM
#: the batch's combined files in OUTDIR (all.csv, ..., cells.parquet)
COMBINED_NAMES = tuple(targets(Path(".")))
_TABLE_N = re.compile(r"(.+)\.table-\d+")


def warm_up() -> None:
    """Load pythainlp's dictionary now rather than inside the first file.

    Called in the parent before the local workers are forked, so that every
    worker starts with it loaded (shared copy-on-write; frozen out of the
    garbage collector's way, see :func:`thaitab.pipeline.warm_up`)."""
    from thaitab.pipeline import warm_up as load

    load()


def plan_tasks(pdfs: Sequence[tuple[Path, Path]], settings: BatchSettings) -> list[Task]:
    """Tasks in input order from ``cli.find_pdfs`` pairs (pdf, output sub-folder)."""
    tasks: list[Task] = []
    taken: dict[str, str] = {}
    reserved = {ALL_STEM, CELLS_STEM, Path(MANIFEST_NAME).stem} if settings.combined else set()
    for i, (path, rel) in enumerate(pdfs):
        rel = Path(rel)
        source = (rel / Path(path).name).as_posix()
        task = Task(i, str(path), source, str(settings.out / rel))
        stem = output_stem(str(path))
        key = (rel / stem).as_posix().casefold()
        numbered = _TABLE_N.fullmatch(stem)  # "x.table-2" would be x's second table
        if key in taken:
            task.clash = (f"its outputs would overwrite those of {taken[key]} "
                          f"(same name in the same output folder)")
        elif numbered and (rel / numbered.group(1)).as_posix().casefold() in taken:
            other = taken[(rel / numbered.group(1)).as_posix().casefold()]
            task.clash = f"its outputs would overwrite the table CSVs of {other}; rename the file"
        elif rel == Path(".") and stem.casefold() in reserved:
            task.clash = (f"its outputs would overwrite the batch's {stem}.csv; "
                          f"rename the file or put it in a sub-folder")
        else:
            taken[key] = str(path)
        tasks.append(task)
    return tasks


def outputs_usable(task: Task, excel: bool) -> bool:
    """The per-file outputs of an earlier run are there and in today's layout."""
    stem = Path(task.outdir) / output_stem(task.path)
    if excel and not stem.with_name(stem.name + ".xlsx").is_file():
        return False
    try:
        header = read_header(stem.with_name(stem.name + ".csv"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return table_kind(header) != "unknown"


def _remove_leftovers(out: Path, todo: Sequence[Task]) -> None:
    """Temporary files of a batch that was killed while writing (atomic_path names)."""
    for name in [MANIFEST_NAME, *targets(out)]:
        for p in out.glob(f".{glob.escape(name)}.tmp-*"):
            with contextlib.suppress(OSError):
                p.unlink()
    for task in todo:
        remove_temp_files(task)


def _resumable(old: dict[str, str] | None, task: Task, settings: BatchSettings, options_key: str) -> bool:
    return bool(old and not settings.force and task.sha256 and not task.clash
                and old.get("status") in USABLE and old.get("sha256") == task.sha256
                and old.get("version") == __version__ and old.get("options") == options_key
                and old.get("tables") not in (None, "")  # written by a version that counts tables
                and outputs_usable(task, settings.excel))


def run_batch(pdfs: Sequence[tuple[Path, Path]], settings: BatchSettings, *,
              stream: TextIO | None = None) -> int:
    """Process every PDF; 0 when every file succeeded, 1 when one failed, 3 when
    none failed but some pages of a file could not be read (partial).

    ``pdfs`` are (pdf path, output sub-folder relative to ``settings.out``)
    pairs as :func:`thaitab.cli.find_pdfs` makes them, in input order.
    """
    out = settings.out
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchError(f"cannot create the output folder {out}: {exc.strerror or exc}") from None
    tasks = plan_tasks(pdfs, settings)
    options_key = settings.options_key()
    manifest = Manifest(out / MANIFEST_NAME if settings.combined else None, len(tasks))
    todo, skipped = _resume(tasks, manifest, settings, options_key)
    manifest.save(force=True)
    _remove_leftovers(out, todo)

    progress = Progress(len(tasks), len(todo), stream=stream, live=settings.progress, quiet=settings.quiet)
    progress.expect(todo)
    for task, outcome in skipped:
        progress.file_done(task, outcome)
    progress.draw(force=True)

    outcomes: list[Outcome] = []

    def on_done(task: Task, outcome: Outcome) -> None:
        outcomes.append(outcome)
        manifest.set(task.index, manifest_entry(task, outcome, options_key))
        manifest.save()
        progress.file_done(task, outcome)

    def on_tick() -> None:
        manifest.save()
        progress.draw()

    try:
        _execute(todo, settings, on_done, on_tick, progress)
    finally:
        manifest.save(force=True)
        progress.running = lambda: 0
        if progress.live:
            progress.close()
    if not settings.quiet:
        for line in summary(outcomes):
            progress.note(f"thaitab: {line}")
    if settings.combined and not _write_combined(out, tasks, manifest, settings, progress):
        return 1
    # 1: a file failed; 3: none failed but some pages of a file were not read (partial)
    return 1 if progress.failed else 3 if progress.partial else 0


def _resume(tasks: Sequence[Task], manifest: Manifest, settings: BatchSettings,
            options_key: str) -> tuple[list[Task], list[tuple[Task, Outcome]]]:
    """Split the tasks into those to do and those an earlier run did with the same
    file, version and options (skipped; their manifest lines kept). A file to do
    again keeps its old line until it is done."""
    previous = read_manifest(settings.out / MANIFEST_NAME) if settings.combined else {}
    todo: list[Task] = []
    skipped: list[tuple[Task, Outcome]] = []
    for task in tasks:
        if settings.combined:
            with contextlib.suppress(OSError):
                task.sha256, task.pages_hint = file_digest(task.path)
        old = previous.get(task.source_path)
        if _resumable(old, task, settings, options_key):
            manifest.set(task.index, dict(old, status="skipped", seconds="0.00"))
            skipped.append((task, Outcome(task.index, status="skipped", pages=_int(old.get("pages")),
                                          rows=_int(old.get("rows")), tables=_int(old.get("tables")))))
        else:
            if old:  # keep what was known until this file is done again
                manifest.set(task.index, old)
            todo.append(task)
    return todo, skipped


def manifest_entry(task: Task, outcome: Outcome, options_key: str) -> dict[str, str]:
    """A finished file's line in manifest.csv."""
    return {
        "path": task.source_path, "sha256": task.sha256, "version": __version__,
        "pages": str(outcome.pages), "tables": str(outcome.tables), "rows": str(outcome.rows),
        "status": outcome.status, "seconds": f"{outcome.total_seconds:.2f}", "finished": now_utc(),
        "warnings": "; ".join(outcome.warnings), "error": outcome.error or "", "options": options_key,
    }


def _execute(todo: Sequence[Task], settings: BatchSettings, on_done, on_tick, progress: Progress) -> None:
    """Do the files with the executor the settings name: Dask, this process (one
    worker, no time limit) or a local pool; ``on_done`` as each finishes."""
    job = settings.job()
    progress.work_start = time.monotonic()
    if not todo:
        return
    if settings.executor == "dask":
        from thaitab.batch.cluster import run_dask

        run_dask(todo, job, settings, on_done, on_tick, progress)
    elif settings.workers == 1 and settings.timeout is None:
        from thaitab.batch.pool import run_in_process

        progress.running = lambda: 1
        run_in_process(todo, job, on_done, on_tick)
    else:
        _run_local_pool(todo, job, settings, on_done, on_tick, progress)


def _run_local_pool(todo: Sequence[Task], job: Job, settings: BatchSettings, on_done, on_tick,
                    progress: Progress) -> None:
    from thaitab.batch.pool import LocalPool

    warm_up()
    progress.work_start = time.monotonic()
    size = min(settings.workers, len(todo))
    # the workers share the cores: OCR inside a worker gets its share, not all
    job.ocr_threads = max(1, (os.cpu_count() or 1) // size)
    pool = LocalPool(size, job, timeout=settings.timeout, max_files_per_worker=settings.max_files_per_worker)
    progress.running = lambda: pool.running
    # biggest files first, so that no long file is left running alone at
    # the end (the combined outputs keep input order whatever the order here)
    pool.run(sorted(todo, key=size_of, reverse=True), on_done, on_tick)


def _write_combined(out: Path, tasks: Sequence[Task], manifest: Manifest, settings: BatchSettings,
                    progress: Progress) -> bool:
    """all.* and cells.*, their notes and the run's last line; False when they cannot be written."""
    try:
        counts = write_combined(out, tasks, manifest.entries, settings)
    except OSError as exc:
        progress.error(f"thaitab: cannot write {out / (ALL_STEM + '.*')}: {exc.strerror or exc}")
        return False
    for note in counts.notes:
        progress.note(f"thaitab: {note}")
    progress.note(last_line(out, len(tasks), progress, counts))
    return True


def last_line(out: Path, n: int, progress: Progress, counts: Counts) -> str:
    """The run in one line: files, and exactly what went where."""
    ok = n - progress.failed
    partial = f"{progress.partial} partial, " if progress.partial else ""
    same = " (unchanged)" if counts.unchanged else ""
    return (f"thaitab: {n} files: {ok} ok ({progress.skipped} unchanged), {partial}{progress.failed} failed; "
            f"{counts.measures_rows:,} measures rows -> {out / (ALL_STEM + '.csv')}; "
            f"{counts.table_rows:,} rows of {counts.tables:,} tables ({counts.cells:,} cells) -> "
            f"{out / (CELLS_STEM + '.parquet')}{same}; {out / MANIFEST_NAME}")


def _int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0
