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
    address = settings.scheduler or ""
    client = connect(address)
    finished: queues.SimpleQueue = queues.SimpleQueue()
    running: dict = {}  # future -> (task, time sent)
    if progress is not None:
        progress.running = lambda: len(running)
    try:
        # as many files in flight as the cluster has threads: a file's clock starts
        # when it is sent, so it must not wait in a queue there
        threads = _threads(client)
        window = max(1, threads)
        next_check = time.monotonic() + WORKER_CHECK_SECONDS
        workerless_since: float | None = None
        todo = deque(tasks)
        while todo or running:
            while todo and len(running) < window:
                task = todo.popleft()
                try:
                    data = Path(task.path).read_bytes()
                except OSError:
                    on_done(task, run_task(task, job))  # worded by the usual checks (not found, ...)
                    continue
                fut = client.submit(dask_process, task, data, job, pure=False)
                running[fut] = (task, time.monotonic())
                fut.add_done_callback(finished.put)
            if not running:
                continue
            now = time.monotonic()
            sleep = min(TICK_SECONDS, max(0.0, next_check - now))
            if settings.timeout is not None:
                first_deadline = min(sent for _, sent in running.values()) + settings.timeout
                sleep = min(sleep, max(0.0, first_deadline - now))
            ready = []
            try:
                ready.append(finished.get(timeout=sleep))
                while True:
                    ready.append(finished.get_nowait())
            except queues.Empty:
                pass
            for fut in ready:
                if fut in running:
                    _collect(fut, *running.pop(fut), job, on_done)
            now = time.monotonic()
            if settings.timeout is not None:
                for fut, (task, sent) in list(running.items()):
                    if now - sent > settings.timeout:
                        # dask cannot stop a running task; its result is ignored
                        running.pop(fut)
                        fut.cancel()
                        on_done(task, Outcome(task.index, error=f"timed out after {settings.timeout:g} s",
                                              total_seconds=now - sent))
            if now >= next_check:
                next_check = now + WORKER_CHECK_SECONDS
                threads = _threads(client)
                window = max(1, threads)
                if threads:
                    workerless_since = None
                elif workerless_since is None:
                    workerless_since = now
                elif now - workerless_since >= NO_WORKERS_WAIT:
                    raise _no_workers(address, round(now - workerless_since))
            on_tick()
    finally:
        for fut in running:
            fut.cancel()
        client.close()


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
