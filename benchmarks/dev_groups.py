"""The dev-corpus figures of the README, by kind of report (issue 16).

    python benchmarks/dev_groups.py [GOLD_DIR OUT_DIR]

Runs the scorer beside the corpus (``GOLD_DIR/../../tools/score.py``, i.e.
``../shared/tools/score.py``) with ``--json`` and adds its per-file
counts up by the report's ``variant`` in its gold file: scanned, else by
``borders`` (grid, horizontal, none). Prints one line per group and one for all
reports, in the README's columns (rows, cell_exact, ws_exact, cer, derived).
Default: ../shared/corpus/dev and a fresh ``thaitab extract`` of it.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GROUPS = {"grid": "ruled grids, text layer", "horizontal": "horizontal rules only", "none": "no rules",
          "scanned": "scanned, OCR"}


def group_of(gold: dict) -> str:
    variant = gold.get("variant", {})
    return "scanned" if variant.get("scanned") else variant.get("borders", "grid")


def line(name: str, files: list[dict]) -> str:
    def total(key: str) -> int:
        return sum(f[key] for f in files)

    cells, chars = total("cells"), total("gold_chars")
    return (f"{name} ({len(files)}): rows {total('rows_aligned')}/{total('rows_expected')} "
            f"cell_exact {total('cells_exact') / cells:.3f} ws_exact {total('cells_ws_exact') / cells:.3f} "
            f"cer {total('edit_distance') / chars:.4f} derived {total('derived_exact') / total('derived_cells'):.3f}")


def main(gold_dir: Path, out_dir: Path) -> None:
    score = gold_dir.resolve().parent.parent / "tools" / "score.py"  # shared/corpus/dev -> shared/tools
    proc = subprocess.run([sys.executable, str(score), str(gold_dir), str(out_dir), "--json"],
                          capture_output=True, text=True, check=True)
    files = json.loads(proc.stdout)["files"]
    by_group: dict[str, list[dict]] = {}
    for f in files:
        gold = json.loads((gold_dir / f"{f['stem']}.gold.json").read_text(encoding="utf-8"))
        by_group.setdefault(group_of(gold), []).append(f)
    print(line(f"all {len(files)} reports", files).replace(f" ({len(files)})", "", 1))
    for key, name in GROUPS.items():
        if key in by_group:
            print(line(name, by_group[key]))


if __name__ == "__main__":
    if len(sys.argv) == 3:
        main(Path(sys.argv[1]), Path(sys.argv[2]))
    else:
        gold = SHARED / "corpus" / "dev"
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, "-m", "thaitab", "extract", str(gold), "-o", tmp, "-q"], check=False)
            main(gold, Path(tmp))
