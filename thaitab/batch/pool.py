"""The local executor: a small process pool of our own.

Each worker is a child process that handles files one at a time and is
replaced after ``max_files_per_worker`` files (parsers leak). A worker that
dies (segfault, OOM kill, ``os._exit``) or runs over the per-file ``timeout``
is killed and replaced; only its file fails. ``multiprocessing.Pool`` cannot
do that: a task whose worker dies is never completed, and a single task cannot
be killed.
"""
from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections import deque
from typing import Callable, Iterable, Sequence

from thaitab.batch.work import (DEFAULT_MAX_FILES_PER_WORKER, Job, Outcome, Task, remove_temp_files,
                                run_task)

#: longest wait between two looks at the workers when nothing happens (the
#: progress line's clock); a finished file or a dead worker wakes us at once
TICK_SECONDS = 0.5


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

    @property
    def running(self) -> int:
        """Files in progress now."""
        return sum(1 for w in self.workers if w.task is not None)

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
        """Do every task; ``on_done`` as each finishes, fails, dies or times out,
        ``on_tick`` at least every :data:`TICK_SECONDS`."""
        queue = deque(tasks)
        try:
            while queue or any(w.task for w in self.workers):
                self._hand_out(queue)
                busy = [w for w in self.workers if w.task is not None]
                if not busy:
                    continue
                for w in self._wait(busy):
                    self._collect(w, on_done)
                self._stop_overdue(on_done)
                on_tick()
        finally:
            for w in list(self.workers):
                self._drop(w, kill=w.task is not None)

    def _hand_out(self, queue: deque) -> None:
        """Give idle workers the next tasks, starting workers up to the pool's size."""
        for w in [w for w in self.workers if w.task is None]:
            if not queue:
                break
            self._assign(w, queue.popleft())
        while queue and len(self.workers) < self.size:
            self._assign(self._start(), queue.popleft())

    def _wait(self, busy: list[_Worker]) -> list[_Worker]:
        """The busy workers that answered or died, waiting at most a tick or
        until the first per-file deadline; each once."""
        from multiprocessing.connection import wait

        wait_for = TICK_SECONDS
        if self.timeout is not None:
            now = time.monotonic()
            wait_for = max(0.0, min(wait_for, min(w.started + self.timeout - now for w in busy)))
        by_handle = {}
        for w in busy:
            by_handle[w.conn] = w
            by_handle[w.proc.sentinel] = w
        ready: list[_Worker] = []
        for handle in wait(list(by_handle), timeout=wait_for):
            w = by_handle[handle]
            if w not in ready:
                ready.append(w)
        return ready

    def _stop_overdue(self, on_done: Callable[[Task, Outcome], None]) -> None:
        """Kill the workers whose file ran over the time limit; the file fails."""
        if self.timeout is None:
            return
        now = time.monotonic()
        for w in [w for w in self.workers if w.task and now - w.started > self.timeout]:
            task = w.task
            w.task = None
            self._drop(w, kill=True)
            remove_temp_files(task)
            on_done(task, Outcome(task.index, error=f"timed out after {self.timeout:g} s",
                                  total_seconds=self.timeout))

    def _assign(self, w: _Worker, task: Task) -> None:
        w.task = task
        w.started = time.monotonic()
        try:
            w.conn.send(task)
        except (OSError, ValueError):
            pass  # the worker is gone; _collect sees EOF and reports it

    def _collect(self, w: _Worker, on_done) -> None:
        task = w.task
        if task is None:
            return
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
            remove_temp_files(task)
            on_done(task, Outcome(task.index, error=reason,
                                  total_seconds=time.monotonic() - w.started))
            return
        w.done += 1
        if w.done >= self.max_files:
            self._drop(w, kill=False)  # recycle: a fresh process for the next files
        on_done(task, outcome)


def run_in_process(tasks: Sequence[Task], job: Job, on_done, on_tick) -> None:
    """One file after the other in this process (one worker, no time limit)."""
    for task in tasks:
        on_done(task, run_task(task, job))
        on_tick()
