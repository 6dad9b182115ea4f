#!/usr/bin/env python3
"""ITA reports with header wordings thaitab has never seen: are columns named by meaning?

    python benchmarks/ita_wordings.py [--half tuning|validation|both] [--work DIR]

The wording sets live in ``benchmarks/ita_wordings.json``, split once into a
tuning half and a validation half (nothing is tuned on validation). Each set is
rendered from a dev spec of the shared corpus with its headers swapped (and
maybe another column order, or without the outcome column) by the corpus's
``render.py``; thaitab extracts the PDFs and ``score.py`` scores them. Also
printed: per report, how many columns were named right, kept under their own
header, or named wrong (the last must be 0).

Needs the shared corpus (/work/shared or $THAITAB_SHARED), its render
environment ($THAITAB_RENDER_PYTHON, default /work/renderenv/bin/python) and
Chromium for rendering (LibreOffice too with THAITAB_PRODUCER="").
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import subprocess
import sys
import tempfile
from difflib import SequenceMatcher
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("THAITAB_SHARED", "/work/shared"))
RENDER_PY = os.environ.get("THAITAB_RENDER_PYTHON", "/work/renderenv/bin/python")
# every report printed by Chromium unless $THAITAB_PRODUCER says otherwise ("" keeps the
# base spec's producer): LibreOffice is not installed on every machine that runs this
PRODUCER = os.environ.get("THAITAB_PRODUCER", "chromium")


def make_spec(base: dict, wording: dict, control: bool = False) -> dict:
    """The base spec with the set's headers (``control``: with the base's own
    headers, all else the same: what the extraction alone scores)."""
    spec = copy.deepcopy(base)
    drop = set(wording.get("drop", []))
    cols = [c for c in wording.get("columns", spec["columns"]) if c not in drop and c in spec["columns"]]
    spec["stem"] = f"itaw{'c' if control else ''}_{wording['id']}_{base['stem'].split('_')[1]}"
    spec["columns"] = cols
    spec["headers"] = {c: (base["headers"] if control else wording["headers"])[c] for c in cols}
    spec["col_widths"] = {c: spec["col_widths"][c] for c in cols}
    for row in spec["rows"]:
        for c in drop:
            row[c] = ""
    if PRODUCER:
        spec["render"]["producer"] = PRODUCER
    return spec


def check_vocabulary(sets: list[dict]) -> None:
    """No header of a set may be a whole word of a shipped profile's vocabulary."""
    from thaitab.normalize.profiles import shipped
    from thaitab.normalize.profiles.evidence import header_key

    vocab = {w for p in shipped().values() for c in p.columns for w in c.header}
    for s in sets:
        for field, text in s["headers"].items():
            if header_key(text) in vocab:
                raise SystemExit(f"{s['id']}: header {text!r} ({field}) is a whole vocabulary word")


def naming(pdf: Path, spec: dict) -> tuple[int, int, int, list[str]]:
    """(right, kept, wrong, notes) for the columns of one rendered report."""
    from thaitab.normalize.profiles.evidence import header_key
    from thaitab.pipeline import process_pdf

    by_key = {header_key(h): f for f, h in spec["headers"].items()}
    result = process_pdf(pdf)
    right = kept = wrong = 0
    notes = []
    for t in result.tables[:1]:
        for nm in t.mapping:
            field = by_key.get(header_key(nm.header))
            if field is None:  # a header the extraction cut or mangled: the spec header most like it
                field = max(by_key.items(), key=lambda kv: SequenceMatcher(None, kv[0], header_key(nm.header))
                            .ratio())[1]
                notes.append(f"header read as {nm.header!r}")
            if nm.concept is None:
                kept += 1
                notes.append(f"kept {nm.header!r}")
            elif nm.concept == field:
                right += 1
            else:
                wrong += 1
                notes.append(f"WRONG {nm.header!r} → {nm.concept} (is {field})")
        if t.profile != "ita":
            notes.append(f"profile {t.profile}")
    return right, kept, wrong, notes


def run_half(name: str, sets: list[dict], work: Path, control: bool = False) -> None:
    if control:
        name += "-control"
    spec_dir, pdf_dir, out_dir = work / name / "specs", work / name / "pdf", work / name / "out"
    for d in (spec_dir, pdf_dir, out_dir):
        d.mkdir(parents=True, exist_ok=True)
    specs = {}
    for s in sets:
        base = json.loads((SHARED / "corpus/specs/dev" / f"{s['base']}.json").read_text(encoding="utf-8"))
        spec = make_spec(base, s, control)
        specs[spec["stem"]] = spec
        (spec_dir / f"{spec['stem']}.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    missing = [st for st in specs if not (pdf_dir / f"{st}.pdf").exists()]
    if missing:
        subprocess.run([RENDER_PY, str(SHARED / "corpus/render.py"),
                        *[str(spec_dir / f"{st}.json") for st in missing], "--out", str(pdf_dir)], check=True)
    subprocess.run([sys.executable, "-m", "thaitab.cli", "extract", str(pdf_dir), "-o", str(out_dir), "-q",
                    "--force"], check=False, cwd=ROOT)
    totals = [0, 0, 0]
    for stem, spec in specs.items():
        r, k, w, notes = naming(pdf_dir / f"{stem}.pdf", spec)
        totals = [totals[0] + r, totals[1] + k, totals[2] + w]
        print(f"{name} {stem}: columns named right {r}, kept {k}, wrong {w}"
              + (f" ({'; '.join(notes)})" if notes else ""))
    print(f"{name}: columns named right {totals[0]}, kept under their own header {totals[1]}, wrong {totals[2]}")
    score = subprocess.run([sys.executable, str(SHARED / "tools/score.py"), str(pdf_dir), str(out_dir)],
                           capture_output=True, text=True)
    lines = score.stdout.strip().splitlines()
    for line in lines[:-1]:
        print(f"  {line}")
    print(f"{name} {lines[-1] if lines else score.stderr.strip()}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--half", choices=("tuning", "validation", "both"), default="both")
    ap.add_argument("--control", action="store_true",
                    help="also render each set with its base report's own headers (what extraction alone scores)")
    ap.add_argument("--work", type=Path, default=None, help="keep renders here (default: a temporary folder)")
    args = ap.parse_args()
    data = json.loads((HERE / "ita_wordings.json").read_text(encoding="utf-8"))
    check_vocabulary(data["tuning"] + data["validation"])
    halves = ["tuning", "validation"] if args.half == "both" else [args.half]
    with tempfile.TemporaryDirectory(prefix="ita_wordings") as tmp:
        work = args.work or Path(tmp)
        for half in halves:
            run_half(half, data[half], work)
            if args.control:
                run_half(half, data[half], work, control=True)


if __name__ == "__main__":
    main()
