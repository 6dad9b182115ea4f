"""The dask executor: the per-file work on an existing ``dask.distributed`` cluster.

The PDF bytes are sent to the workers, which make the per-file outputs in a
temporary folder and send their bytes back; the client only writes them (so it
stays idle: its CPU time is a few per cent of the run). The workers need
thaitab installed but no access to the input or output folders.

The client sleeps until a file finishes (a done-callback fills a queue) or the
next per-file deadline or progress tick is due: it never polls in a loop. A
cluster without workers is an error within seconds (:data:`NO_WORKERS_WAIT`),
at the start or when every worker has gone, rather than every file waiting out
its timeout.
"""
from __future__ import annotations

import queue as queues
import time
from collections import deque
from pathlib import Path
from typing import Sequence

from thaitab.batch.work import (BatchError, BatchSettings, Job, Outcome, Task, dask_process, run_task,
                                write_returned)

#: how long a cluster may have no worker before the batch stops with an error
NO_WORKERS_WAIT = 10.0
#: longest sleep without news (the progress line's clock)
TICK_SECONDS = 1.0
#: how often the scheduler is asked how many workers it has
WORKER_CHECK_SECONDS = 2.0


def _no_workers(address: str, waited: float) -> BatchError:
    return BatchError(f"the dask scheduler at {address} has no workers (none for {waited:g} s); "
                      f"start some with: dask worker {address}")


def _threads(client) -> int:
    """Worker threads on the cluster now (0: none, or the scheduler did not answer)."""
    try:
        return sum(client.nthreads().values())
    except Exception:
        return 0


def connect(address: str):
    """A client of the scheduler at ``address`` that has at least one worker."""
    try:
        from distributed import Client
    except ImportError:
        raise BatchError('the dask executor needs dask.distributed: pip install "thaitab[dask]"') from None
    try:
        client = Client(address, set_as_default=False, timeout="10s")
    except Exception as exc:
        raise BatchError(f"cannot reach the dask scheduler at {address}: "
                         f"{type(exc).__name__}: {exc}".splitlines()[0]) from None
    try:
        client.wait_for_workers(1, timeout=NO_WORKERS_WAIT)
    except Exception:
        client.close()
        raise _no_workers(address, NO_WORKERS_WAIT) from None
    return client


def run_dask(tasks: Sequence[Task], job: Job, settings: BatchSettings, on_done, on_tick,
             progress=None) -> None:
    """Map the tasks over the cluster at ``settings.scheduler``; ``on_done`` per file."""
    client = connect(settings.scheduler or "")
    run = _DaskRun(client, settings.scheduler or "", job, settings.timeout, on_done)
    if progress is not None:
        progress.running = lambda: len(run.running)
    try:
        todo = deque(tasks)
        while todo or run.running:
            run.send(todo)
            if not run.running:
                continue
            for fut in run.wait():
                if fut in run.running:
                    _collect(fut, *run.running.pop(fut), job, on_done)
            now = time.monotonic()
            run.stop_overdue(now)
            run.check_workers(now)
            on_tick()
    finally:
        for fut in run.running:
            fut.cancel()
        client.close()


class _DaskRun:
    """The client's side of a run: the files in flight, their clocks, the
    cluster's worker count."""

    def __init__(self, client, address: str, job: Job, timeout: float | None, on_done) -> None:
        self.client = client
        self.address = address
        self.job = job
        self.timeout = timeout
        self.on_done = on_done
        self.finished: queues.SimpleQueue = queues.SimpleQueue()
        self.running: dict = {}  # future -> (task, time sent)
        # as many files in flight as the cluster has threads: a file's clock starts
        # when it is sent, so it must not wait in a queue there
        self.window = max(1, _threads(client))
        self.next_check = time.monotonic() + WORKER_CHECK_SECONDS
        self.workerless_since: float | None = None

    def send(self, todo: deque) -> None:
        """Send files until the window is full; a file that cannot be read here
        fails at once, worded by the usual checks (not found, ...)."""
        while todo and len(self.running) < self.window:
            task = todo.popleft()
            try:
                data = Path(task.path).read_bytes()
            except OSError:
                self.on_done(task, run_task(task, self.job))
                continue
            fut = self.client.submit(dask_process, task, data, self.job, pure=False)
            self.running[fut] = (task, time.monotonic())
            fut.add_done_callback(self.finished.put)

    def wait(self) -> list:
        """The futures done, after sleeping until one is, or the next deadline or tick."""
        now = time.monotonic()
        sleep = min(TICK_SECONDS, max(0.0, self.next_check - now))
        if self.timeout is not None:
            first_deadline = min(sent for _, sent in self.running.values()) + self.timeout
            sleep = min(sleep, max(0.0, first_deadline - now))
        ready = []
        try:
            ready.append(self.finished.get(timeout=sleep))
            while True:
                ready.append(self.finished.get_nowait())
        except queues.Empty:
            pass
        return ready

    def stop_overdue(self, now: float) -> None:
        """Fail the files over the time limit (dask cannot stop a running task; its result is ignored)."""
        if self.timeout is None:
            return
        for fut, (task, sent) in list(self.running.items()):
            if now - sent > self.timeout:
                self.running.pop(fut)
                fut.cancel()
                self.on_done(task, Outcome(task.index, error=f"timed out after {self.timeout:g} s",
                                           total_seconds=now - sent))

    def check_workers(self, now: float) -> None:
        """Every :data:`WORKER_CHECK_SECONDS`: follow the cluster's size; a
        cluster without workers for :data:`NO_WORKERS_WAIT` stops the batch."""
        if now < self.next_check:
            return
        self.next_check = now + WORKER_CHECK_SECONDS
        threads = _threads(self.client)
        self.window = max(1, threads)
        if threads:
            self.workerless_since = None
        elif self.workerless_since is None:
            self.workerless_since = now
        elif now - self.workerless_since >= NO_WORKERS_WAIT:
            raise _no_workers(self.address, round(now - self.workerless_since))


def _collect(fut, task: Task, sent: float, job: Job, on_done) -> None:
    try:
        outcome, files = fut.result()
    except Exception as exc:
        name = type(exc).__name__
        why = (f"dask worker died while reading this file ({name})" if name == "KilledWorker"
               else f"{name}: {exc}".splitlines()[0])
        on_done(task, Outcome(task.index, error=why, total_seconds=time.monotonic() - sent))
        return
    on_done(task, write_returned(task, outcome, files))
