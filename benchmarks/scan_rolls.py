"""How well is a long scanned table without any rules read? (issue 15 figures)

    python benchmarks/scan_rolls.py [--rows 320] [--per-page 32] [--dpi 200] [--keep DIR]

Makes a roll-call: a borderless table (number, name, position, unit) of
``--rows`` rows in Thai, drawn with Pillow (libraqm shaping) page by page,
each page in another TLWG Thai family (fonts-thai-tlwg) and stored in another
image codec (JBIG2, CCITT G4, DCT, JPX, Flate: ``tests/scans.py``), turned a
little and blurred as a scanner does. ``thaitab``'s ``process_pdf`` reads it
(every page by OCR) and the rows are compared with what was drawn:

* rows: the share of drawn rows that come back as one row whose cells, each
  against the drawn cell, have a character error rate under 0.2;
* cer: Levenshtein distance of all cells read against all cells drawn
  (row by row in order, spaces ignored), over the characters drawn;
* OCR seconds per page.

Names come from pythainlp's name lists with a fixed seed, so the table is the
same each run. The fonts used are printed; a family that is not installed is
skipped.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.scans import scanned_pdf  # noqa: E402
from thaitab.pipeline import Options, process_pdf  # noqa: E402

FAMILIES = ("Garuda", "Loma", "Norasi", "Laksaman", "Kinnari", "Waree", "Umpush", "Sawasdee")
CODECS = ("jbig2", "ccitt", "dct", "jpx", "flate")
HEADER = ["ลำดับ", "ชื่อ - สกุล", "ตำแหน่ง", "สังกัด"]
POSITIONS = ["นักวิชาการเงินและบัญชี", "เจ้าพนักงานธุรการ", "นักจัดการงานทั่วไป", "นายช่างโยธา",
             "นักวิเคราะห์นโยบายและแผน", "ผู้อำนวยการกองคลัง", "พนักงานจ้างทั่วไป", "ครูผู้ดูแลเด็ก",
             "นักพัฒนาชุมชน", "เจ้าพนักงานป้องกันฯ"]
UNITS = ["กองคลัง", "สำนักปลัด", "กองช่าง", "กองการศึกษา", "กองสาธารณสุขฯ", "กองสวัสดิการสังคม"]
PROVENANCE = {"source_file", "page_start", "page_end", "table", "method", "confidence", "warnings"}


def font_file(family: str) -> str | None:
    from thaitab.extract.ocr.digits import thai_font_files

    for f in thai_font_files():
        name = Path(f).stem.lower()
        if name.startswith(family.lower()) and not any(s in name for s in ("bold", "oblique", "italic")):
            return f
    return None


def roll(n: int, seed: int = 15) -> list[list[str]]:
    from pythainlp.corpus import thai_family_names, thai_female_names, thai_male_names

    rng = random.Random(seed)
    first = sorted(thai_female_names() | thai_male_names())
    last = sorted(thai_family_names())
    titles = ["นาย", "นาง", "นางสาว"]
    return [[str(i + 1), f"{rng.choice(titles)}{rng.choice(first)} {rng.choice(last)}",
             rng.choice(POSITIONS), rng.choice(UNITS)] for i in range(n)]


SIZE_PT = 12  # the text size (as 16 pt TH Sarabun, the usual size of such lists)


def columns(rows: list[list[str]], font_paths: list[str], dpi: int) -> list[int]:
    """Left edges of the columns (pixels), the same on every page as in a
    real document: each column as wide as its longest text in the widest of
    the fonts, then a gutter of 18 pt."""
    from PIL import Image, ImageDraw, ImageFont

    px = dpi / 72.0
    d = ImageDraw.Draw(Image.new("L", (10, 10)))
    widths = [0.0] * len(HEADER)
    for path in font_paths:
        font = ImageFont.truetype(path, int(SIZE_PT * px))
        for c in range(len(HEADER)):
            widths[c] = max(widths[c], max(d.textlength(r[c], font=font) for r in rows + [HEADER]))
    cols = [int(45 * px)]
    for w in widths[:-1]:
        cols.append(int(cols[-1] + w + 18 * px))
    return cols


def draw_page(rows: list[list[str]], font_path: str, dpi: int, title: str, rng: random.Random,
              cols: list[int]):
    """One A4 page: a title, the header and the rows, no rules at all."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    W, H = int(8.27 * dpi), int(11.69 * dpi)
    px = dpi / 72.0
    font = ImageFont.truetype(font_path, int(SIZE_PT * px))
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    tw = d.textlength(title, font=font)
    d.text(((W - tw) / 2, 50 * px), title, font=font, fill=0)
    line = 18 * px
    y = 90 * px
    for c, text in enumerate(HEADER):
        d.text((cols[c], y), text, font=font, fill=0)
    y += 1.5 * line
    for row in rows:
        for c, text in enumerate(row):
            d.text((cols[c], y), text, font=font, fill=0)
        y += line
    img = img.rotate(rng.uniform(-0.4, 0.4), resample=Image.BICUBIC, fillcolor=255)
    return img.filter(ImageFilter.GaussianBlur(0.6))


def cer(a: str, b: str) -> int:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance("".join(a.split()), "".join(b.split()))


def score(truth: list[list[str]], got: list[list[str]]) -> tuple[float, float]:
    """(rows found, cer): rows aligned in order by their number cell, then by text."""
    from rapidfuzz.distance import Levenshtein

    joined_truth = ["|".join(r) for r in truth]
    joined_got = ["|".join(r) for r in got]
    # align the two row sequences (an edit script over whole rows)
    ops = Levenshtein.opcodes(joined_truth, joined_got)
    found = 0
    errors = 0
    total = sum(len("".join("".join(r).split())) for r in truth)
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            found += i2 - i1
            continue
        t = ["".join(truth[i]) for i in range(i1, i2)]
        g = ["".join(got[j]) for j in range(j1, j2)]
        if tag == "replace":
            for k in range(max(len(t), len(g))):
                a = truth[i1 + k] if k < len(t) else []
                b = got[j1 + k] if k < len(g) else []
                errors += cer("".join(a), "".join(b))
                if a and b and len(a) == len(b) and all(
                        cer(x, y) <= 0.2 * max(len("".join(x.split())), 1) for x, y in zip(a, b)):
                    found += 1
        elif tag == "delete":
            errors += sum(len("".join(s.split())) for s in t)
        else:
            errors += sum(len("".join(s.split())) for s in g)
    return found / max(len(truth), 1), errors / max(total, 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=320)
    ap.add_argument("--per-page", type=int, default=32)
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--keep", type=Path, help="write the PDF here too")
    args = ap.parse_args()
    fonts = [(f, p) for f in FAMILIES if (p := font_file(f))]
    if not fonts:
        sys.exit("no TLWG Thai font installed (fonts-thai-tlwg)")
    truth = roll(args.rows)
    rng = random.Random(1)
    cols = columns(truth, [p for _, p in fonts], args.dpi)
    if cols[-1] > 8.27 * args.dpi * 0.85:  # the last column, about 0.1 of the width, must fit
        sys.exit("the table does not fit the page")
    pages = []
    for k in range(0, len(truth), args.per_page):
        no = k // args.per_page
        family, path = fonts[no % len(fonts)]
        codec = CODECS[no % len(CODECS)]
        img = draw_page(truth[k:k + args.per_page], path, args.dpi, "บัญชีรายชื่อผู้เข้าร่วมประชุม", rng, cols)
        pages.append((img, codec))
        print(f"page {no + 1}: {family}, {codec}")
    data = scanned_pdf(pages, dpi=args.dpi)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "roll.pdf"
        pdf.write_bytes(data)
        if args.keep:
            args.keep.write_bytes(data)
        t0, c0 = time.perf_counter(), os.times()
        result = process_pdf(pdf, Options(profile="generic"))
        secs, c1 = time.perf_counter() - t0, os.times()
        # CPU of this process and of the Tesseract processes it ran
        cpu = sum(c1[:4]) - sum(c0[:4])
    got = []
    for table in result.tables:
        cols = [c for c in table.columns if c not in PROVENANCE]
        got.extend([str(r.get(c, "") or "") for c in cols] for r in table.rows)
    rows, c = score(truth, got)
    print(f"status {result.status}, {len(result.tables)} table(s), {len(got)} rows read of {len(truth)}"
          + (f"; error: {result.error}" if result.error else ""))
    for w in result.warnings:
        if "not read" in w:
            print("  " + w)
    print(f"rows {rows:.3f} cer {c:.4f} ocr {secs / len(pages):.2f} s/page wall, {cpu / len(pages):.2f} s/page CPU "
          f"({len(pages)} pages, {secs:.1f} s)")


if __name__ == "__main__":
    main()
