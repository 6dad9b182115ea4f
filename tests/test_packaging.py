"""thaitab installs one top-level package (issue 16): the repository's extract/ and
normalize/ folders are thaitab.extract and thaitab.normalize, never a plain
"extract" or "normalize" that could clash with another package of that name."""
from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
MAPPED = {"thaitab": "thaitab", "thaitab.extract": "extract", "thaitab.normalize": "normalize"}


def _setuptools() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _folder(package: str, package_dir: dict[str, str]) -> Path:
    """Where setuptools takes ``package`` from: the longest mapped prefix."""
    parts = package.split(".")
    for n in range(len(parts), 0, -1):
        prefix = ".".join(parts[:n])
        if prefix in package_dir:
            return ROOT / package_dir[prefix] / Path(*parts[n:])
    return ROOT / Path(*parts)


def test_the_layout_folders_install_under_thaitab():
    config = _setuptools()
    assert config["package-dir"] == MAPPED


def test_every_package_folder_is_listed_and_every_listed_one_exists():
    config = _setuptools()
    listed = set(config["packages"])
    for package in listed:
        assert (_folder(package, config["package-dir"]) / "__init__.py").is_file(), package
    found = set()
    for name, folder in MAPPED.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / folder)
            found.add(".".join([name, *rel.parts]))
    assert found == listed, f"pyproject.toml's packages lack {sorted(found - listed)} / list {sorted(listed - found)}"


def _top_level_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_code_imports_a_plain_extract_or_normalize():
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("extract", "normalize", "thaitab", "tests", "benchmarks")
        for path in (ROOT / folder).rglob("*.py")
        if _top_level_imports(path) & {"extract", "normalize"}
    ]
    assert offenders == []


def test_reading_a_report_loads_nothing_outside_thaitab(tmp_path):
    samples = sorted((ROOT / "samples").glob("*.pdf"))
    code = (
        "import sys, thaitab\n"
        f"frame = thaitab.read_pdf({str(samples[0])!r}, pages=[1])\n"
        "clash = sorted(m for m in sys.modules if m.split('.')[0] in ('extract', 'normalize'))\n"
        "print(len(frame.columns), clash)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    n_columns, clash = proc.stdout.split(" ", 1)
    assert int(n_columns) > 0
    assert clash.strip() == "[]"
