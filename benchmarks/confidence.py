"""Does the confidence column mean something? (issue 8 figure)

    python benchmarks/confidence.py GOLD_DIR OUT_DIR

Aligns the rows of every OUT_DIR/<stem>.csv with GOLD_DIR/<stem>.gold.json in
document order (files whose row counts differ are aligned by position as far as
they go), counts the text cells that differ from the gold, and prints the share
of those wrong cells that sit in the lowest-confidence 10% of all rows.
Default: ../shared/corpus/dev and a fresh extraction of it.
"""
from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

FIELDS = ("issue", "measure", "steps", "period", "output", "outcome", "responsible")
ROOT = Path(__file__).resolve().parent.parent


def norm(value) -> str:
    """score.py's text normalisation: NFC, lines stripped, spaces collapsed."""
    s = unicodedata.normalize("NFC", str(value or "")).replace("\r\n", "\n")
    lines = [re.sub(r"[ \t]+", " ", ln.strip()) for ln in s.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def main(gold_dir: Path, out_dir: Path) -> None:
    rows = []  # (confidence, wrong cells)
    for gold_path in sorted(gold_dir.glob("*.gold.json")):
        stem = gold_path.name[: -len(".gold.json")]
        csv_path = out_dir / f"{stem}.csv"
        if not csv_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))["rows"]
        with open(csv_path, encoding="utf-8-sig", newline="") as fh:
            out = list(csv.DictReader(fh))
        for g, o in zip(gold, out):
            wrong = sum(norm(g.get(f)) != norm(o.get(f)) for f in FIELDS)
            rows.append((float(o.get("confidence") or 0), wrong))
    total = sum(w for _, w in rows)
    rows.sort(key=lambda r: r[0])
    low = rows[: max(1, round(len(rows) * 0.1))]
    caught = sum(w for _, w in low)
    print(f"confidence: {len(rows)} rows, {total} wrong cells; lowest 10% ({len(low)} rows) hold "
          f"{caught} = {caught / max(total, 1):.1%} of them")


if __name__ == "__main__":
    if len(sys.argv) == 3:
        main(Path(sys.argv[1]), Path(sys.argv[2]))
    else:
        gold = ROOT.parent / "shared" / "corpus" / "dev"
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, "-m", "thaitab", "extract", str(gold), "-o", tmp, "-q"], check=False)
            main(gold, Path(tmp))
