"""What the benchmarks share: where the repository and the shared corpus are,
running thaitab from this checkout (in this process or a fresh one), CPU time,
and reading a batch's manifest back.

Importing it puts the checkout first on ``sys.path``, so a benchmark runs
without thaitab being installed.
"""
from __future__ import annotations

import csv
import os
import resource
import sys
from pathlib import Path
from typing import Callable, Mapping

REPO = Path(__file__).resolve().parents[1]
#: the shared corpus and tools beside the repository ($THAITAB_SHARED to put it elsewhere)
SHARED = Path(os.environ.get("THAITAB_SHARED") or REPO.parent / "shared")

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def repo_env(**extra: str) -> dict[str, str]:
    """The environment for a child process that imports thaitab from this
    checkout (PYTHONPATH first), with ``extra`` variables set."""
    path = os.pathsep.join([str(REPO)] + ([os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else []))
    return dict(os.environ, PYTHONPATH=path, **extra)


def thaitab_cmd() -> list[str]:
    """``thaitab`` as a command (run it with :func:`repo_env`)."""
    return [sys.executable, "-m", "thaitab.cli"]


def cpu_seconds(children_only: bool = False) -> float:
    """CPU seconds (user and system) of this process and the children it waited for,
    or of those children only."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = kids.ru_utime + kids.ru_stime
    if not children_only:
        me = resource.getrusage(resource.RUSAGE_SELF)
        total += me.ru_utime + me.ru_stime
    return total


def manifest_rows(out: Path) -> list[dict[str, str]]:
    """The lines of ``out/manifest.csv`` in order (OSError when there is none)."""
    with open(Path(out) / "manifest.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


#: manifest columns that differ between two runs of the same batch
RUN_COLUMNS = ("seconds", "finished", "status")


def output_tree(out: Path, readers: Mapping[str, Callable[[Path], object]] | None = None) -> dict[str, object]:
    """Every file of a batch's output folder by relative path, to compare two runs:
    its bytes (or ``readers[suffix](path)``), the manifest without :data:`RUN_COLUMNS`."""
    out = Path(out)
    found: dict[str, object] = {}
    for p in sorted(out.rglob("*")):
        if not p.is_file():
            continue
        rel = p.relative_to(out).as_posix()
        if rel == "manifest.csv":
            found[rel] = [{k: v for k, v in e.items() if k not in RUN_COLUMNS} for e in manifest_rows(out)]
        elif readers and p.suffix in readers:
            found[rel] = readers[p.suffix](p)
        else:
            found[rel] = p.read_bytes()
    return found
