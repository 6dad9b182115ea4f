#!/usr/bin/env python3
"""The variant matrix: ITA reports rendered every way the corpus generator can, scored per cell.

    python benchmarks/variants.py [--half tuning|validation|both] [--work DIR] [--jobs N]
    python benchmarks/variants.py --write-matrix      # once: records the matrix and its split
    python benchmarks/variants.py --half extra [--extra N] [--where axis=level ...]

The matrix (``benchmarks/variants/axes.json``) crosses the primary axes in full,
producer (LibreOffice from a python-docx document, as a report typed in Word;
Chromium from HTML) x borders (grid, horizontal rules, none) x text-layer quirk
(clean, PUA glyphs, decomposed SARA AM, both, dropped SARA AM, zero-width
spaces, fake bold, and two combinations), with two reports per combination.
The secondary axes (layout: repeated header / a table per page / no repeated
header; page: orientation and font size, i.e. rows per page; header: short,
tall, tall and shaded; merge: the spec's issue runs or runs of two joined, i.e.
merged issue cells over more rows and page breaks; columns: the spec's, no
outcome, responsible moved after steps; font; base dev spec) are dealt over
each producer x borders cell so that every level occurs equally often in it.

The split (``benchmarks/variants/matrix.json``, written once): of the two
reports of each producer x borders x quirk combination, the one whose name has
the smaller SHA-256 hex digest is in the validation half, the other in the
tuning half. So every producer x borders cell has 9 validation reports and
every quirk 6. Nothing is ever tuned on the validation half: read its table,
never its files.

Each report is rendered from a dev spec of the shared corpus by
``../shared/corpus/render.py`` (its environment: ``$THAITAB_RENDER_PYTHON``,
default /work/renderenv/bin/python; a producer whose program, soffice or
chromium, is missing is skipped with a line saying so), extracted with
``thaitab extract`` (this interpreter, this repository's code) and scored with
``../shared/tools/score.py`` against the renderer's gold. Printed per half:
a table per producer x borders cell and per quirk with files, rows
aligned/gold (found), rows (aligned / max(gold, found): a missing and an extra
row both count), cell_exact and ws_exact, and whether the target (rows >=
0.98 and ws_exact >= 0.97) is met; for the tuning half also a table per level
of each secondary axis and each report below target (the validation half
prints its cells' figures only).

``--half extra`` renders reports outside the matrix to explore on when the
tuning half shows nothing of a failure: ``--extra`` (default 2) per primary
combination, named ``var_<producer>_<borders>_<quirk>_x<k>``, every secondary
level drawn by ``random.Random(sha256(name))``, ``--where`` keeping those whose
axes have the given levels. They are in neither half, printed as the tuning
half is, and may be read file by file.
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import itertools
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from ita_wordings import RENDER_PY, SHARED  # noqa: E402  (one place for the shared corpus and its render env)

AXES_PATH = HERE / "variants" / "axes.json"
MATRIX_PATH = HERE / "variants" / "matrix.json"
PRIMARY = ("producer", "borders", "quirk")
CELL = ("producer", "borders")
TARGET_ROWS = 0.98  # issue 13's target for every cell of the validation half
TARGET_WS = 0.97
PRODUCER_PROGRAMS = {"libreoffice": ("soffice",), "chromium": ("chromium", "chromium-browser", "google-chrome")}


# ----------------------------------------------------------------------------- the matrix and its split
def digest(text: str) -> str:
    """SHA-256 hex digest: the one source of order for the split and the dealing."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def variant_name(primary: dict, replica: int) -> str:
    return "var_" + "_".join(primary[a] for a in PRIMARY) + f"_{replica}"


def deal(names: list[str], axis: str, levels: list[str], start: int) -> dict[str, str]:
    """Levels of one secondary axis for the variants of one cell: round robin in
    sha256(axis:name) order, starting at ``start`` (so that an axis with more levels
    than a cell has variants still reaches all of them over the cells)."""
    ordered = sorted(names, key=lambda n: digest(f"{axis}:{n}"))
    return {n: levels[(start + i) % len(levels)] for i, n in enumerate(ordered)}


def split(names: list[str]) -> dict[str, str]:
    """The replicas of one primary combination: the smallest sha256(name) is validation."""
    first = min(names, key=digest)
    return {n: "validation" if n == first else "tuning" for n in names}


def build_matrix(axes: dict) -> list[dict]:
    """Every variant of the matrix with its levels and half (a pure function of axes.json)."""
    prim = [list(axes["primary"][a]) for a in PRIMARY]
    sec = dict(axes["secondary"], base={b: {} for b in axes["bases"]})
    variants: list[dict] = []
    for ci, cell in enumerate(itertools.product(*prim[:2])):
        cell_vars = []
        for quirk in prim[2]:
            primary = dict(zip(PRIMARY, (*cell, quirk)))
            group = [dict(primary, name=variant_name(primary, r + 1)) for r in range(axes["replicas"])]
            halves = split([v["name"] for v in group])
            for v in group:
                v["half"] = halves[v["name"]]
            cell_vars += group
        names = [v["name"] for v in cell_vars]
        for axis, levels in sec.items():
            dealt = deal(names, axis, list(levels), ci * len(names))
            for v in cell_vars:
                v[axis] = dealt[v["name"]]
        variants += cell_vars
    return variants


def extra_variants(axes: dict, per_combination: int, where: dict[str, str]) -> list[dict]:
    """Reports outside the matrix (see the module's docstring), in neither half."""
    sec = dict(axes["secondary"], base={b: {} for b in axes["bases"]})
    out = []
    for combo in itertools.product(*(list(axes["primary"][a]) for a in PRIMARY)):
        for k in range(per_combination):
            name = "var_" + "_".join(combo) + f"_x{k + 1}"
            rnd = random.Random(digest(name))
            v = dict(zip(PRIMARY, combo), name=name, half="extra")
            v.update({axis: rnd.choice(sorted(levels)) for axis, levels in sec.items()})
            if all(v.get(a) == level for a, level in where.items()):
                out.append(v)
    return out


def load_axes() -> dict:
    return json.loads(AXES_PATH.read_text(encoding="utf-8"))


def load_matrix(axes: dict) -> list[dict]:
    """The recorded matrix; it must be what axes.json gives (the split is never redone)."""
    if not MATRIX_PATH.exists():
        raise SystemExit(f"{MATRIX_PATH} is missing: write it once with --write-matrix")
    recorded = json.loads(MATRIX_PATH.read_text(encoding="utf-8"))["variants"]
    if recorded != build_matrix(axes):
        raise SystemExit(f"{MATRIX_PATH} does not match {AXES_PATH.name}: the matrix changed since it was "
                         "split; write it again with --write-matrix (and say so where its figures are quoted)")
    return recorded


def write_matrix(axes: dict) -> None:
    variants = build_matrix(axes)
    doc = {
        "about": "Written by benchmarks/variants.py --write-matrix from axes.json. Split: of the reports of each "
                 "producer x borders x quirk combination, the one whose name has the smallest SHA-256 hex digest "
                 "is in the validation half (never tuned on), the rest in the tuning half. Secondary axes: dealt "
                 "round robin over each producer x borders cell in sha256('axis:name') order.",
        "counts": {h: sum(v["half"] == h for v in variants) for h in ("tuning", "validation")},
        "variants": variants,
    }
    MATRIX_PATH.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {MATRIX_PATH}: {doc['counts']}")


# ----------------------------------------------------------------------------- a variant's spec
def join_issue_runs(rows: list[dict], k: int) -> None:
    """Runs of consecutive rows with one issue, joined k at a time under the first run's
    issue: merged issue cells over more rows (and more often over a page break)."""
    runs: list[list[dict]] = []
    for r in rows:
        if runs and runs[-1][0].get("issue") == r.get("issue"):
            runs[-1].append(r)
        else:
            runs.append([r])
    for i, run in enumerate(runs):
        lead = runs[i - i % k][0].get("issue")
        for r in run:
            r["issue"] = lead


def arrange_columns(cols: list[str], level: dict) -> list[str]:
    """The columns a level keeps, in its order (``move``: a column put right after another)."""
    cols = [c for c in cols if c not in set(level.get("drop", []))]
    for col, after in level.get("move", {}).items():
        if col in cols and after in cols:
            cols.remove(col)
            cols.insert(cols.index(after) + 1, col)
    return cols


def make_spec(base: dict, variant: dict, axes: dict, header_sets: dict[str, dict]) -> dict:
    """The base dev spec rendered as the variant says (content unchanged but for the
    issue runs a merge level joins; the gold comes from the renderer)."""
    spec = copy.deepcopy(base)
    spec["stem"] = variant["name"]
    spec["render"].update(axes["base_render"])
    levels = [axes["primary"][a][variant[a]] for a in PRIMARY]
    levels += [axes["secondary"][a][variant[a]] for a in axes["secondary"]]
    for level in levels:
        spec["render"].update(level.get("render", {}))
        if "headers_from" in level:
            spec["headers"] = dict(header_sets[level["headers_from"]])
        if "join_issue_runs" in level:
            join_issue_runs(spec["rows"], level["join_issue_runs"])
        if "drop" in level or "move" in level:
            spec["columns"] = arrange_columns(spec["columns"], level)
    spec["headers"] = {c: spec["headers"][c] for c in spec["columns"]}
    spec["col_widths"] = {c: spec["col_widths"][c] for c in spec["columns"] if c in spec["col_widths"]}
    return spec


# ----------------------------------------------------------------------------- render, extract, score
def missing_producers(producers: list[str]) -> list[str]:
    return [p for p in producers if not any(shutil.which(x) for x in PRODUCER_PROGRAMS.get(p, (p,)))]


def render(spec_paths: list[Path], pdf_dir: Path, jobs: int) -> list[str]:
    """Render specs with render.py in ``jobs`` parallel processes; returns its FAILED lines."""
    chunks = [spec_paths[i::jobs] for i in range(jobs) if spec_paths[i::jobs]]
    procs = [subprocess.Popen([RENDER_PY, str(SHARED / "corpus/render.py"), *map(str, c), "--out", str(pdf_dir)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for c in chunks]
    failed = []
    for p in procs:
        _, err = p.communicate()
        failed += [ln for ln in err.splitlines() if ln.startswith("FAILED")]
    return failed


def extract(pdf_dir: Path, out_dir: Path, jobs: int) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, "-m", "thaitab", "extract", str(pdf_dir), "-o", str(out_dir), "-q", "--force",
                    "--workers", str(jobs)], check=False, cwd=ROOT, env=env)


def score(pdf_dir: Path, out_dir: Path) -> dict[str, dict]:
    """score.py's per-file figures by stem."""
    r = subprocess.run([sys.executable, str(SHARED / "tools/score.py"), str(pdf_dir), str(out_dir), "--json"],
                       capture_output=True, text=True, check=True)
    return {f["stem"]: f for f in json.loads(r.stdout)["files"]}


# ----------------------------------------------------------------------------- tables
SUMS = ("rows_expected", "rows_found", "rows_aligned", "cells", "cells_exact", "cells_ws_exact")


def totals(files: list[dict]) -> dict:
    t = {k: sum(f[k] for f in files) for k in SUMS}
    t["files"] = len(files)
    t["rows"] = t["rows_aligned"] / max(t["rows_expected"], t["rows_found"], 1)
    t["cell_exact"] = t["cells_exact"] / t["cells"] if t["cells"] else 0.0
    t["ws_exact"] = t["cells_ws_exact"] / t["cells"] if t["cells"] else 0.0
    t["ok"] = t["rows"] >= TARGET_ROWS and t["ws_exact"] >= TARGET_WS
    return t


def table(title: str, keys: list[str], variants: list[dict], scores: dict[str, dict]) -> list[str]:
    """One line per level (combination) of ``keys``: files, rows, cell_exact, ws_exact, target."""
    groups: dict[tuple, list[dict]] = {}
    for v in variants:
        if v["name"] in scores:
            groups.setdefault(tuple(v[k] for k in keys), []).append(scores[v["name"]])
    lines = [f"{title}", f"  {' x '.join(keys):34} files  rows aligned/gold (found)    rows  cell_exact  ws_exact"]
    for key, files in groups.items():
        t = totals(files)
        lines.append(f"  {' x '.join(key):34} {t['files']:5}  {t['rows_aligned']:4}/{t['rows_expected']:<4} "
                     f"({t['rows_found']:4})       {t['rows']:.3f}  {t['cell_exact']:10.3f}  {t['ws_exact']:8.3f}"
                     f"{'' if t['ok'] else '  below target'}")
    return lines


def report(half: str, variants: list[dict], scores: dict[str, dict], axes: dict) -> None:
    cells = table(f"{half}: producer x borders", list(CELL), variants, scores)
    quirks = table(f"{half}: quirk", ["quirk"], variants, scores)
    print("\n".join(cells + quirks))
    below = sum(ln.endswith("below target") for ln in cells[2:] + quirks[2:])
    n = len(cells) + len(quirks) - 4
    if half != "validation":  # the validation half shows its cells' figures and nothing that points at its files
        for axis in (*axes["secondary"], "base"):
            print("\n".join(table(f"{half}: {axis} (informative)", [axis], variants, scores)))
        print(f"{half}: reports below target")
        for v in variants:
            t = totals([scores[v["name"]]]) if v["name"] in scores else None
            if t and not t["ok"]:
                print(f"  {v['name']} ({', '.join(f'{a}={v[a]}' for a in (*axes['secondary'], 'base'))}): rows "
                      f"{t['rows_aligned']}/{t['rows_expected']} (found {t['rows_found']}) cell_exact "
                      f"{t['cell_exact']:.3f} ws_exact {t['ws_exact']:.3f}")
    t = totals(list(scores.values()))
    print(f"variants {half}: cells below target {below}/{n} (rows >= {TARGET_ROWS}, ws_exact >= {TARGET_WS}); "
          f"files {t['files']} rows {t['rows_aligned']}/{t['rows_expected']} (found {t['rows_found']}) "
          f"cell_exact {t['cell_exact']:.3f} ws_exact {t['ws_exact']:.3f}")


# ----------------------------------------------------------------------------- a half
def run_half(half: str, variants: list[dict], axes: dict, work: Path, jobs: int) -> None:
    if not variants:
        print(f"variants {half}: nothing to run (no producer installed)")
        return
    spec_dir, pdf_dir, out_dir = (work / half / d for d in ("specs", "pdf", "out"))
    for d in (spec_dir, pdf_dir, out_dir):
        d.mkdir(parents=True, exist_ok=True)
    bases = {b: json.loads((SHARED / "corpus/specs/dev" / f"{b}.json").read_text(encoding="utf-8"))
             for b in axes["bases"]}
    header_sets = {b: s["headers"] for b, s in bases.items()}
    todo = []
    for v in variants:
        text = json.dumps(make_spec(bases[v["base"]], v, axes, header_sets), ensure_ascii=False, indent=1)
        path = spec_dir / f"{v['name']}.json"
        rendered = (pdf_dir / f"{v['name']}.gold.json").exists() and (pdf_dir / f"{v['name']}.pdf").exists()
        if not (rendered and path.exists() and path.read_text(encoding="utf-8") == text):
            path.write_text(text, encoding="utf-8")
            (pdf_dir / f"{v['name']}.gold.json").unlink(missing_ok=True)
            todo.append(path)
    t0 = time.monotonic()
    failed = render(todo, pdf_dir, jobs) if todo else []
    t1 = time.monotonic()
    for line in failed:
        print(f"{half}: render {line}")
    for stale in out_dir.glob("*"):
        if stale.is_file():
            stale.unlink()
    extract(pdf_dir, out_dir, jobs)
    t2 = time.monotonic()
    names = {v["name"] for v in variants}
    scores = {st: f for st, f in score(pdf_dir, out_dir).items() if st in names}
    report(half, variants, scores, axes)
    not_rendered = sorted(names - set(scores))
    if not_rendered:
        print(f"{half}: not rendered ({len(not_rendered)}): {' '.join(not_rendered)}")
    print(f"{half}: {len(todo)} rendered in {t1 - t0:.0f} s, {len(scores)} extracted in {t2 - t1:.0f} s, "
          f"{time.monotonic() - t0:.0f} s in all ({jobs} jobs)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--half", choices=("tuning", "validation", "both", "extra"), default="both")
    ap.add_argument("--extra", type=int, default=2, help="--half extra: reports per primary combination")
    ap.add_argument("--where", action="append", default=[], metavar="AXIS=LEVEL",
                    help="--half extra: keep reports with this level of this axis (repeatable)")
    ap.add_argument("--work", type=Path, default=None,
                    help="keep specs, renders and outputs here; a report whose spec is unchanged is not rendered "
                         "again (default: a temporary folder)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="render and extract processes")
    ap.add_argument("--write-matrix", action="store_true",
                    help=f"write {MATRIX_PATH.name} from {AXES_PATH.name} (the split is made here, once)")
    args = ap.parse_args()
    axes = load_axes()
    if args.write_matrix:
        write_matrix(axes)
        return
    variants = load_matrix(axes)
    absent = missing_producers(list(axes["primary"]["producer"]))
    for p in absent:
        print(f"variants: producer {p} skipped: none of {', '.join(PRODUCER_PROGRAMS.get(p, (p,)))} is installed")
    variants = [v for v in variants if v["producer"] not in absent]
    halves = ["tuning", "validation"] if args.half == "both" else [args.half]
    with tempfile.TemporaryDirectory(prefix="variants") as tmp:
        work = args.work or Path(tmp)
        for half in halves:
            pool = (extra_variants(axes, args.extra, dict(w.split("=", 1) for w in args.where))
                    if half == "extra" else variants)
            run_half(half, [v for v in pool if v["half"] == half and v["producer"] not in absent], axes, work,
                     max(1, args.jobs))


if __name__ == "__main__":
    main()
