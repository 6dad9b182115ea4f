"""benchmarks/complexity.py: the table CI prints, and its exit code."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "benchmarks" / "complexity.py"


def branches(name: str, n: int) -> str:
    """A function of complexity n + 1 (n if-statements)."""
    body = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(n))
    return f"def {name}(x):\n{body}    return -1\n"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120)


def test_lists_the_complex_functions_most_complex_first_and_fails_above_the_limit(tmp_path):
    (tmp_path / "a.py").write_text(branches("simple", 3) + branches("tangled", 30), encoding="utf-8")
    (tmp_path / "b.py").write_text("class K:\n" + textwrap.indent(branches("method", 22), "    "), encoding="utf-8")
    done = run(str(tmp_path))
    assert done.returncode == 1
    listed = [line.split() for line in done.stdout.splitlines()[:-1]]
    assert [(row[0], row[2]) for row in listed] == [("31", "tangled"), ("23", "K.method")]
    assert "over the limit" in done.stdout.splitlines()[0] and "over" not in done.stdout.splitlines()[1]
    assert done.stdout.splitlines()[-1].startswith("complexity: 3 functions, 2 above 20, 1 above the limit 25")


def test_passes_under_the_limit_and_refuses_a_missing_folder(tmp_path):
    (tmp_path / "a.py").write_text(branches("tangled", 30), encoding="utf-8")
    assert run(str(tmp_path), "--limit", "40").returncode == 0
    missing = run(str(tmp_path / "nope"))
    assert missing.returncode == 2 and "not a folder" in missing.stderr
