"""How well are scanned tables without column rules read? (OCR of horizontal-rule
and unruled layouts)

    python benchmarks/scan_layouts.py [DEV_DIR] [--dpi 200]

The dev corpus has no scan of a table without column rules, so this makes them:
every text-layer report of DEV_DIR whose tables thaitab finds without column
rules (``borders`` "horizontal" or "none") is rendered to images (pypdfium2, at
``--dpi``), each page turned a little (±0.4°) and blurred (Gaussian, 0.6 px) as
a scanner does, and saved as an image-only PDF beside a copy of its gold file.
``thaitab extract`` then reads them (all by OCR) and ../shared/tools/score.py
scores them; its per-file and ``overall:`` lines are printed.
Default DEV_DIR: ../shared/corpus/dev next to the repository.
"""
from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from thaitab.extract.pdf import open_pdf  # noqa: E402
from thaitab.pipeline import page_tables  # noqa: E402


def without_column_rules(path: Path) -> bool:
    """Does thaitab read every table of this PDF's text layer without column rules?"""
    with open_pdf(path) as pdf:
        kinds = {pt.borders for pt in page_tables(pdf, None, notes=[]) if pt.rows}
    return bool(kinds) and kinds <= {"horizontal", "none"}


def render_scan(src: Path, dst: Path, dpi: float, rng: random.Random) -> None:
    """An image-only PDF of ``src``: each page rendered, turned and blurred."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    doc = pdfium.PdfDocument(str(src))
    try:
        pages = []
        for i in range(len(doc)):
            img = doc[i].render(scale=dpi / 72).to_pil().convert("L")
            img = img.rotate(rng.uniform(-0.4, 0.4), fillcolor=255, resample=Image.BICUBIC)
            pages.append(img.filter(ImageFilter.GaussianBlur(0.6)))
    finally:
        doc.close()
    pages[0].save(dst, save_all=True, append_images=pages[1:], resolution=dpi)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dev", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "dev"))
    ap.add_argument("--dpi", type=float, default=200.0)
    args = ap.parse_args()
    dev = Path(args.dev)
    score = ROOT.parent / "shared" / "tools" / "score.py"
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        scans, out = Path(tmp) / "scans", Path(tmp) / "out"
        scans.mkdir()
        for pdf in sorted(dev.glob("*.pdf")):
            gold = pdf.with_suffix(".gold.json")
            if gold.exists() and without_column_rules(pdf):
                render_scan(pdf, scans / pdf.name, args.dpi, rng)
                shutil.copy(gold, scans / gold.name)
                print(f"scan: {pdf.name}")
        subprocess.run([sys.executable, "-m", "thaitab", "extract", str(scans), "-o", str(out), "-q"],
                       check=False, cwd=ROOT)
        if score.exists():
            lines = subprocess.run([sys.executable, str(score), str(scans), str(out)], capture_output=True,
                                   text=True, check=False).stdout.splitlines()
            for line in lines:
                if not line.startswith("per-field"):
                    print(line)


if __name__ == "__main__":
    main()
