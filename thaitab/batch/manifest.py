"""``manifest.csv``: one line per input, so that a killed batch resumes where it stopped.

Rewritten atomically as files finish. Its ``status`` is ok, partial (some
pages could not be read), failed or skipped (unchanged since the run that made
its outputs; ``finished`` then still says when that was).
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import re
import time
from pathlib import Path
from typing import Iterable

from thaitab.batch.work import BatchError

MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ["path", "sha256", "version", "pages", "tables", "rows", "status", "seconds",
                    "finished", "warnings", "error", "options"]

# "/Count N" of a page tree node; the root's is the document's page count
_COUNT = re.compile(rb"/Count\s+(\d{1,7})\b")
_BLOCK = 1 << 20


def file_sha256(path: str | os.PathLike) -> str:
    return file_digest(path)[0]


def file_digest(path: str | os.PathLike) -> tuple[str, int]:
    """The file's sha256 and the page count it declares (0: not seen), in one read.

    The count is the largest ``/Count`` in the file's plain bytes (the page
    tree's root counts every page); it is only a hint for the progress line's
    estimate: nothing is parsed, so a hostile file costs nothing here, and a
    count inside a compressed object stream is simply not seen."""
    h = hashlib.sha256()
    pages = 0
    tail = b""
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(_BLOCK), b""):
            h.update(block)
            window = tail + block
            for m in _COUNT.finditer(window):
                pages = max(pages, int(m.group(1)))
            tail = window[-24:]
    return h.hexdigest(), pages


def now_utc() -> str:
    """The manifest's ``finished`` time: ISO 8601, UTC, to the second."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


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
                writer.writerow([e.get(c) or "" for c in MANIFEST_COLUMNS])


class Manifest:
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
