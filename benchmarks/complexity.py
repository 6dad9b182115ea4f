"""Which functions are too complex to read at once (radon's cyclomatic complexity).

    python benchmarks/complexity.py [--limit 25] [--show 20] [FOLDER ...]

Lists every function and method of extract/, normalize/ and thaitab/ (or the
folders given) whose complexity is above ``--show``, most complex first, and
exits 1 when any is above ``--limit`` (a function that needs splitting into
named steps), else 0. CI runs it after the tests. Needs radon (in the test extras).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Iterator, NamedTuple

from _common import REPO
FOLDERS = ("extract", "normalize", "thaitab")
#: above this a function fails the check: it does too much to be read at once
LIMIT = 25
#: above this a function is listed: worth a look when it is next changed
SHOW = 20


class Block(NamedTuple):
    complexity: int
    path: str
    line: int
    name: str


def blocks(folders: list[Path]) -> Iterator[Block]:
    """Every function and method below ``folders`` (a closure counts in its function)."""
    from radon.complexity import cc_visit

    for folder in folders:
        for path in sorted(folder.rglob("*.py")):
            shown = path.relative_to(REPO).as_posix() if path.is_relative_to(REPO) else str(path)
            for b in cc_visit(path.read_text(encoding="utf-8")):
                if hasattr(b, "methods"):  # a class: its methods are listed on their own
                    continue
                name = f"{b.classname}.{b.name}" if b.classname else b.name
                yield Block(b.complexity, shown, b.lineno, name)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folders", nargs="*", type=Path, default=[REPO / f for f in FOLDERS])
    ap.add_argument("--limit", type=int, default=LIMIT, help=f"fail above this (default {LIMIT})")
    ap.add_argument("--show", type=int, default=SHOW, help=f"list above this (default {SHOW})")
    args = ap.parse_args(argv)
    missing = [str(f) for f in args.folders if not f.is_dir()]
    if missing:
        print(f"complexity: not a folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        found = sorted(blocks(args.folders), key=lambda b: (-b.complexity, b.path, b.line))
    except ImportError:
        print('complexity: radon is not installed (pip install -e ".[test]")', file=sys.stderr)
        return 2
    listed = [b for b in found if b.complexity > args.show]
    over = [b for b in listed if b.complexity > args.limit]
    for b in listed:
        mark = "  over the limit" if b.complexity > args.limit else ""
        print(f"{b.complexity:4d}  {b.path}:{b.line}  {b.name}{mark}")
    print(f"complexity: {len(found)} functions, {len(listed)} above {args.show}, "
          f"{len(over)} above the limit {args.limit}" + (f" (worst {found[0].complexity})" if found else ""))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
