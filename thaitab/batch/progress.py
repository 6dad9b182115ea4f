"""The batch's progress: an updating line on a terminal, one log line per file otherwise.

The estimate counts pages, not files: the largest files go first, so a
per-file average would promise far too much time at the start. The pages still
to read are the page counts the PDFs declare (:func:`thaitab.batch.manifest.file_digest`),
and for a file that does not declare one, its size times the pages per byte of
the files that did.
"""
from __future__ import annotations

import os
import re
import shutil
import sys
import time
from typing import Callable, Iterable, TextIO

from thaitab.batch.work import Outcome, Task, count, size_of

_UNREAD_NOTE = re.compile(r"^page \d+ not read: ")


def duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


class Progress:
    """A single updating line on a terminal; plain log lines, one per file, otherwise."""

    def __init__(self, total: int, todo: int, *, stream: TextIO | None = None, live: bool | None = None,
                 quiet: bool = False, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream or sys.stderr
        if live is None:
            isatty = getattr(self.stream, "isatty", None)
            live = bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"
        self.live = live and not quiet
        self.quiet = quiet
        self.clock = clock
        self.total = total
        self.todo = todo  # files to process in this run (not skipped)
        self.done = self.processed = self.pages = self.rows = self.failed = self.skipped = 0
        self.partial = 0
        self.pages_read = 0  # pages of the files processed in this run (the rate's)
        self.start = self.work_start = clock()  # work_start: the rate's clock
        self.running: Callable[[], int] = lambda: 0  # files in progress, from the executor
        self._waiting: dict[int, tuple[int, int]] = {}  # task index -> (declared pages, bytes)
        self._known = [0, 0]  # pages and bytes of the files whose page count is known
        self._shown = ""
        self._last_draw = 0.0

    def expect(self, tasks: Iterable[Task]) -> None:
        """The files this run will read, for the pages estimate."""
        for t in tasks:
            self._waiting[t.index] = (t.pages_hint, size_of(t))
        declared = [(p, b) for p, b in self._waiting.values() if p > 0]
        self._known = [sum(p for p, _ in declared), sum(b for _, b in declared)]

    def pages_left(self) -> float | None:
        """Pages still to read: declared, or estimated from the size at the pages
        per byte of the files that declared theirs (and of the ones read since)."""
        left = float(sum(p for p, _ in self._waiting.values() if p > 0))
        unknown_bytes = sum(b for p, b in self._waiting.values() if p <= 0)
        if unknown_bytes:
            pages, size = self._known
            if not size or not pages:
                return None
            left += unknown_bytes * pages / size
        return left

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
        declared, size = self._waiting.pop(task.index, (1, 0))
        if declared <= 0 and size and out.pages:  # now known: it teaches the pages per byte
            self._known[0] += out.pages
            self._known[1] += size
        if out.status == "skipped":
            self.skipped += 1
            self.rows += out.rows
            if not self.live:
                self.note(f"{task.path}: unchanged since the last run, skipped ({out.rows} rows)")
        elif out.status in ("ok", "partial"):
            self.processed += 1
            self.pages_read += out.pages
            self.rows += out.rows
            self.partial += out.status == "partial"
            if out.status == "partial":
                unread = [w for w in out.warnings if _UNREAD_NOTE.match(w)]
                self.error(f"thaitab: {task.path}: partial: {'; '.join(unread)}")
            if not self.live:
                note = f"; {'; '.join(out.warnings)}" if out.warnings else ""
                self.note(f"{task.path}: {count(out.rows, 'row')} in {count(out.tables, 'table')}, "
                          f"{count(out.pages, 'page')}, {out.seconds:.1f}s -> {', '.join(out.written)}{note}")
        else:
            self.processed += 1
            self.pages_read += out.pages
            self.failed += 1
            self.error(f"thaitab: {task.path}: {out.error}")
        self.draw()

    def line(self) -> str:
        now = self.clock()
        elapsed = now - self.start
        worked = now - self.work_start
        left = self.pages_left()
        rate = self.pages_read / worked if self.pages_read and worked > 0 else None
        files = f"thaitab: {self.done}/{self.total} files"
        running = self.running()
        if running:
            files += f" ({running} running)"
        pages = f"{self.pages:,} pages"
        if left:
            pages = f"{self.pages:,} of ~{self.pages + left:,.0f} pages"
        if rate is not None:
            pages += f", {rate:.1f} pages/s"
        if self.processed >= self.todo:
            eta = "done"
        elif rate and left is not None:
            eta = "ETA " + duration(left / rate)
        else:
            eta = "ETA --"
        parts = [files, pages, f"{self.rows:,} rows", f"{self.failed} failed"]
        if self.partial:
            parts.append(f"{self.partial} partial")
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        parts.append(f"{duration(elapsed)} {eta}")
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
