"""Do two exports of the same document give the same cells? (issue 4 figure)

    python benchmarks/export_agreement.py A.pdf B.pdf [A2.pdf B2.pdf ...]

Runs thaitab on each PDF and compares the multisets of non-empty cell texts
(all tables, provenance columns left out, white space collapsed) with the
multiset Jaccard index: sum of minimum counts / sum of maximum counts. The same
figure for pdfplumber's plain ``extract_tables()`` is printed beside it.
Default pairs: the Word 2010 and Word 2016 exports in ../shared/realworld.
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from thaitab.normalize.records import PROVENANCE  # noqa: E402
from thaitab.pipeline import process_pdf  # noqa: E402

SKIP = {"source_file", "source_path", "page_start", "page_end", *PROVENANCE}
WS = re.compile(r"\s+")


def _norm(text: object) -> str:
    return WS.sub(" ", str(text or "")).strip()


def thaitab_cells(path: Path) -> Counter:
    result = process_pdf(path)
    if result.error:
        raise SystemExit(f"{path}: {result.error}")
    cells: Counter = Counter()
    for table in result.tables:
        for row in table.rows:
            for key, value in row.items():
                if key not in SKIP and value not in (None, "") and isinstance(value, str):
                    text = _norm(value)
                    if text:
                        cells[text] += 1
    return cells


def plumber_cells(path: Path) -> Counter:
    cells: Counter = Counter()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                for row in table:
                    for value in row:
                        text = _norm(value)
                        if text:
                            cells[text] += 1
            page.close()
    return cells


def jaccard(a: Counter, b: Counter) -> float:
    keys = a.keys() | b.keys()
    inter = sum(min(a[k], b[k]) for k in keys)
    union = sum(max(a[k], b[k]) for k in keys)
    return inter / union if union else 1.0


def main(paths: list[Path]) -> None:
    for a, b in zip(paths[::2], paths[1::2]):
        ours = jaccard(thaitab_cells(a), thaitab_cells(b))
        base = jaccard(plumber_cells(a), plumber_cells(b))
        print(f"agreement {a.stem} ~ {b.stem}: thaitab {ours:.3f} | pdfplumber extract_tables {base:.3f}")


if __name__ == "__main__":
    if len(sys.argv) > 2:
        main([Path(p) for p in sys.argv[1:]])
    else:
        rw = ROOT.parent / "shared" / "realworld"
        main([rw / "hangdong-manpower-plan-2561-w2010.pdf", rw / "hangdong-manpower-plan-2561-w2016.pdf",
              rw / "hangdong-strategy-2560-w2010.pdf", rw / "hangdong-strategy-2560-w2016.pdf"])
