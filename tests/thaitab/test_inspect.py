"""``thaitab inspect``: page pictures and the HTML index.

The small PDFs are made here by hand (grid-ruled tables, Helvetica, ASCII
text). One sample report of the repo is used for real Thai pages. The browser
test opens index.html in headless Chromium (Debian package ``chromium``) and is
skipped when it is not installed.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from thaitab import inspect as ti
from thaitab.inspect import draw
from thaitab.inspect.seen import see
from tests.pdfs import escape, write_pdf

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "samples" / "dev01_lopburi_2568.pdf"
HEADER = ["Issue", "Measure", "Output", "Outcome"]
EVIL = "<script>alert('x')</script> & \"quoted\""
WIDTHS = [90.0, 220.0, 130.0, 100.0]  # points; the measure column holds EVIL on one line


def make_pdf(path: Path, pages: list[list[list[str]]], title: str = "Report 2024") -> Path:
    """A valid PDF, one grid-ruled table per page, a title on the first page and a
    page number at the foot of every page (no PDF library needed)."""
    esc = escape
    contents = []
    for p, rows in enumerate(pages):
        ncols = len(rows[0])
        x0, top, rowh = 40.0, 700.0, 24.0
        widths = WIDTHS[:ncols]
        xs = [x0 + sum(widths[:j]) for j in range(ncols + 1)]
        ops = ["0.8 w"]
        if p == 0:
            ops.append(f"BT /F1 14 Tf {x0:.1f} {top + 30:.1f} Td ({esc(title)}) Tj ET")
        ops.append(f"BT /F1 10 Tf 300 40 Td ({p + 1}) Tj ET")
        for i in range(len(rows) + 1):
            y = top - i * rowh
            ops.append(f"{x0:.1f} {y:.1f} m {xs[-1]:.1f} {y:.1f} l S")
        for x in xs:
            ops.append(f"{x:.1f} {top:.1f} m {x:.1f} {top - len(rows) * rowh:.1f} l S")
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                if text:
                    ops.append(f"BT /F1 9 Tf {xs[j] + 4:.1f} {top - (i + 1) * rowh + 8:.1f} Td "
                               f"({esc(text)}) Tj ET")
        contents.append("\n".join(ops).encode("latin-1"))
    n = len(pages)
    font = 3 + 2 * n
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(n))
            + b"] /Count %d >>" % n]
    for i, content in enumerate(contents):
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                    b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + 2 * i, font))
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    return write_pdf(path, objs)


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, Path, list[Path]]:
    """A two-page report: the header repeats on page 2 and the row cut by the
    page break carries on there (its two leading cells empty)."""
    root = tmp_path_factory.mktemp("small")
    pdf = make_pdf(root / "small.pdf", [
        [HEADER, ["Issue 1", "Measure A", "Output A", "Outcome A"],
         ["Issue 2", EVIL, "Output B", "Outcome B starts"]],
        [HEADER, ["", "", "Output B goes on", "and ends"], ["Issue 3", "Measure C", "Output C", "Outcome C"]],
    ])
    out = root / "out"
    pngs = ti.inspect_pdf(pdf, out, profile="generic")
    return pdf, out, pngs


def page_px(pdf: Path, page: int, resolution: float = draw.DEFAULT_RESOLUTION) -> tuple[int, int]:
    with pdfplumber.open(pdf) as doc:
        return doc.pages[page - 1].to_image(resolution=resolution).original.size


def near(img: Image.Image, rgb: tuple[int, int, int], tol: int = 12) -> int:
    """How many pixels of ``img`` are within ``tol`` of ``rgb``."""
    return sum(n for n, px in img.getcolors(1 << 24)
               if all(abs(a - b) <= tol for a, b in zip(px[:3], rgb)))


def over_white(rgba: tuple[int, int, int, int]) -> tuple[int, int, int]:
    a = rgba[3] / 255
    return tuple(round(c * a + 255 * (1 - a)) for c in rgba[:3])


# --------------------------------------------------------------------------- pictures
def test_one_png_per_page_with_page_size_plus_legend(small):
    pdf, out, pngs = small
    assert [p.name for p in pngs] == ["page-001.png", "page-002.png"]
    for n, png in enumerate(pngs, 1):
        assert png.is_file()
        w, h = page_px(pdf, n)
        with Image.open(png) as img:
            assert img.format == "PNG"
            assert img.width == w
            assert h + 20 <= img.height <= h + 200  # the legend strip below the page


def test_pictures_are_colour_coded(small):
    _pdf, out, _ = small
    with Image.open(out / "page-001.png") as one, Image.open(out / "page-002.png") as two:
        one, two = one.convert("RGB"), two.convert("RGB")
        # header rows on both pages: the first table's header, then the repeated one
        assert near(one, over_white(draw.HEADER)) > 500
        assert near(two, over_white(draw.HEADER_REPEAT)) > 500
        # the row carried over the page break is filled on page 2 only (the legend
        # swatch is small: count well above it)
        assert near(two, over_white(draw.CONTINUED)) > 2000
        assert near(one, over_white(draw.CONTINUED)) < 2000
        # title and page number are text outside the table
        assert near(one, over_white(draw.OUTSIDE), tol=6) > 300


def test_what_was_seen(small):
    pdf, _out, _ = small
    seen = see(pdf, profile="generic")
    assert seen.pages == [1, 2]
    assert any("Report 2024" in ln.text for ln in seen.page_tables[1][0].outside)
    assert [rv.record["Measure"] for rv in seen.rows] == ["Measure A", EVIL, "Measure C"]
    cut = seen.rows[1]
    assert sorted(cut.boxes) == [1, 2]  # one box on each side of the page break
    assert "row continued from page 1" in cut.record["warnings"]
    assert all(0.0 <= rv.confidence <= 1.0 for rv in seen.rows)
    assert cut.confidence < seen.rows[0].confidence


# --------------------------------------------------------------------------- HTML
def test_index_links_rows_to_images_and_boxes(small):
    _pdf, out, _ = small
    doc = (out / "index.html").read_text(encoding="utf-8")
    assert '<img src="page-001.png"' in doc and '<img src="page-002.png"' in doc
    assert '<a href="page-002.png">' in doc
    for name in re.findall(r'src="([^"]+)"', doc):
        assert not name.startswith(("/", "http", "file:")) and (out / name).is_file()
    assert "Measure A" in doc and "Output B goes on" in doc and "Measure C" in doc
    # every row has an anchor; its link goes to its box, and the box back to it
    for anchor in ("row-1-1", "row-1-2", "row-1-3"):
        assert f'id="{anchor}"' in doc
    assert 'id="box-1-2-p1"' in doc and 'id="box-1-2-p2"' in doc
    assert 'href="#box-1-2-p2"' in doc and 'href="#row-1-2"' in doc
    for left, top, width, height in re.findall(
            r"left:([\d.]+)%;top:([\d.]+)%;width:([\d.]+)%;height:([\d.]+)%", doc):
        assert 0 <= float(left) and float(left) + float(width) <= 100.01
        assert 0 <= float(top) and float(top) + float(height) <= 100.01


def test_index_escapes_pdf_text(small):
    _pdf, out, _ = small
    doc = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in doc
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quoted&quot;" in doc
    # the only scripts are thaitab's own: one, at the end
    assert doc.count("<script>") == 1 and doc.rstrip().endswith("</script></body></html>")


def test_sample_report_pages(tmp_path):
    out = tmp_path / "lopburi"
    pngs = ti.inspect_pdf(SAMPLE, out, pages=[1, 2])
    assert [p.name for p in pngs] == ["page-001.png", "page-002.png"]
    for n, png in enumerate(pngs, 1):
        with Image.open(png) as img:
            assert img.width == page_px(SAMPLE, n)[0]
    doc = (out / "index.html").read_text(encoding="utf-8")
    assert "เทศบาลเมืองลพบุรี" in doc
    assert "มาตรการส่งเสริมคุณธรรมและความโปร่งใสของเทศบาลเมืองลพบุรี" in doc
    assert 'id="box-1-1-p1"' in doc and 'id="box-1-1-p2"' in doc  # the first row spans both pages
    assert 'id="page-1"' in doc and 'id="page-2"' in doc and 'id="page-3"' not in doc


# --------------------------------------------------------------------------- command
def test_register_and_run(tmp_path, small, capsys):
    pdf, _out, _ = small
    parser = argparse.ArgumentParser(prog="thaitab")
    ti.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["inspect", str(pdf), "--pages", "2", "-o", str(tmp_path / "o")])
    assert args.pages == [2] and args.func is ti.run
    assert ti.run(args) == 0
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["index.html", "page-002.png"]
    assert "index.html" in capsys.readouterr().out


def test_run_reports_unreadable_pdf(tmp_path, capsys):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf")
    parser = argparse.ArgumentParser(prog="thaitab")
    ti.register(parser.add_subparsers(dest="command"))
    assert ti.run(parser.parse_args(["inspect", str(bad), "-o", str(tmp_path / "o")])) == 1
    assert "bad.pdf" in capsys.readouterr().err


# --------------------------------------------------------------------------- browser
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="headless browser test needs Chromium (apt-get install chromium)")
def test_index_in_headless_chromium(small, tmp_path):
    _pdf, out, _ = small
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
           f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000",
           "--dump-dom", (out / "index.html").resolve().as_uri()]
    dom = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout
    body = re.search(r"<body[^>]*>", dom)
    assert body, dom[:500]
    # set by the page's own script once every image has loaded with real pixels
    assert 'data-images-loaded="yes"' in body.group(0)
    assert 'data-images="2"' in body.group(0)
    assert "Measure A" in dom and "Measure C" in dom
    # the untrusted text stayed text: no script element came from the PDF
    assert "<script>alert" not in dom and "&lt;script&gt;alert" in dom
    assert len(re.findall(r'<a class="box"', dom)) == 4
