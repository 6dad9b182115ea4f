"""Run the fuzz properties of tests/test_fuzz.py with a large number of inputs.

    .venv/bin/python benchmarks/fuzz.py [--total 100000] [--jobs N]

Sets ``THAITAB_FUZZ_EXAMPLES`` so that the properties together try at least
``--total`` inputs, runs them in ``--jobs`` pytest processes (default: one per
CPU), adds up the inputs Hypothesis reports as tried and prints one line::

    fuzz: 100,012 inputs over 13 properties in 61.3 s (2 jobs) -- ok

The exit code is pytest's (1 when a property failed: the output shows the
falsifying example; pin it with ``@example`` on that property), or 3 when
fewer inputs than ``--total`` were tried.

``--long`` also times the parsers on long hostile cells (informative only).
"""
from __future__ import annotations

import argparse
import math
import os
import re
import subprocess
import sys
import time

from _common import REPO as ROOT  # also: this checkout on sys.path

TEST_FILE = "tests/test_fuzz.py"


def properties() -> list[str]:
    """The Hypothesis tests of tests/test_fuzz.py, by name."""
    import tests.test_fuzz as fuzz

    return [name for name, fn in vars(fuzz).items()
            if name.startswith("test_") and callable(fn) and hasattr(fn, "hypothesis")]


def run(total: int, jobs: int, extra: list[str]) -> int:
    names = properties()
    per_test = max(1, math.ceil(total / len(names)))
    jobs = max(1, min(jobs, len(names)))
    groups = [names[i::jobs] for i in range(jobs)]
    env = dict(os.environ, THAITAB_FUZZ_EXAMPLES=str(per_test))
    start = time.monotonic()
    procs = []
    for group in groups:
        cmd = [sys.executable, "-m", "pytest", *(f"{TEST_FILE}::{name}" for name in group), "-q",
               "-p", "no:cacheprovider", "--hypothesis-show-statistics", *extra]
        procs.append(subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT, text=True))
    outputs = [p.communicate()[0] for p in procs]
    seconds = time.monotonic() - start
    codes = [p.returncode for p in procs]
    tried = sum(int(n) for out in outputs for n in re.findall(r"(\d+) passing, \d+ failing", out))
    failed = any(c != 0 for c in codes)
    if failed:
        for out in outputs:
            # the pytest report without Hypothesis' statistics
            print(out.split("= Hypothesis Statistics =")[0].rstrip())
    verdict = "FAILED" if failed else ("ok" if tried >= total else f"only {tried:,} of {total:,}")
    print(f"fuzz: {tried:,} inputs over {len(names)} properties ({per_test:,} each) in {seconds:.1f} s "
          f"({jobs} job{'s' if jobs > 1 else ''}) -- {verdict}")
    if failed:
        return max(codes)
    return 0 if tried >= total else 3


def long_cells() -> None:
    """Time the parsers on long, repetitive cells (quadratic behaviour shows here)."""
    from thaitab.normalize import thai
    from thaitab.normalize.dates import parse_period
    from thaitab.normalize.numbers import parse_amount, split_budget_note

    thai.repair("ด าเนิน ส านัก")  # load the dictionaries first
    cases = [
        ("repair", thai.repair, "ด า", "x"),
        ("repair", thai.repair, "ำ", "x"),
        ("split_budget_note", split_budget_note, " ", "x", "(งบประมาณ "),
        ("parse_amount", parse_amount, "1 ,", "x"),
        ("parse_period", lambda t: parse_period(t, 2568), "ต. ค. ", "x"),
    ]
    for n in (3_000, 9_000):
        for name, fn, unit, tail, *head in cases:
            lead = head[0] if head else ""
            text = lead + unit * (n // len(unit)) + tail
            t = time.perf_counter()
            fn(text)
            shown = (f"{lead!r} + " if lead else "") + f"{unit!r} * {n // len(unit)} + {tail!r}"
            print(f"fuzz: long cell {name}({shown}): {len(text):,} chars, {time.perf_counter() - t:.2f} s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--total", type=int, default=100_000, help="inputs to try in all (default: 100,000)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="pytest processes (default: CPUs)")
    ap.add_argument("--long", action="store_true", help="also time long hostile cells (informative)")
    args, extra = ap.parse_known_args(argv)
    code = run(args.total, args.jobs, extra)
    if args.long:
        long_cells()
    return code


if __name__ == "__main__":
    sys.exit(main())
