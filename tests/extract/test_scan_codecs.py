"""Every way a page can be a scan is seen as one, and a file whose scanned
pages give nothing is never reported ``ok``."""
from __future__ import annotations

import pytest

Image = pytest.importorskip("PIL.Image")
ImageDraw = pytest.importorskip("PIL.ImageDraw")
pytest.importorskip("pypdfium2")

from thaitab.extract import ocr  # noqa: E402
from thaitab.extract.pdf import iter_pages, open_pdf  # noqa: E402
from tests.scans import CODECS, scanned_pdf  # noqa: E402
from thaitab.pipeline import process_pdf  # noqa: E402


def _page_image():
    """A page-sized image with some ink (boxes standing in for text lines)."""
    img = Image.new("L", (827, 1169), 255)
    d = ImageDraw.Draw(img)
    for k in range(12):
        d.rectangle((80, 150 + 60 * k, 80 + 300 + 20 * (k % 5), 170 + 60 * k), fill=0)
    return img


def _reasons(path):
    with open_pdf(path) as pdf:
        return [ocr.page_needs_ocr(chars, page) for _, page, chars in iter_pages(pdf)]


@pytest.mark.parametrize("strips", [1, 6])
def test_a_page_image_in_any_codec_needs_ocr(tmp_path, strips):
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf([(_page_image(), c) for c in CODECS], strips=strips))
    assert _reasons(path) == ["no text layer"] * len(CODECS)


def test_a_header_typed_over_a_scanned_body_does_not_make_it_text(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf([(_page_image(), "jbig2"), (_page_image(), "dct")],
                                 header="Scanned 2024-01-05 page"))
    assert _reasons(path) == ["text layer only in the margins"] * 2


def test_pages_that_cannot_be_read_make_the_file_partial(tmp_path, monkeypatch):
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf([(_page_image(), c) for c in CODECS]))
    # whatever OCR makes of boxes, a page that gives no table is named, with why
    monkeypatch.setattr(ocr, "ocr_unavailable", lambda: None)
    monkeypatch.setattr(ocr, "ocr_page_tables", lambda page, no, **kw: [])
    result = process_pdf(path)
    assert result.rows == 0
    assert result.status == "partial"
    assert [no for no, _ in result.unread] == [1, 2, 3, 4, 5]
    assert all("OCR found no table" in why for _, why in result.unread)
    assert any(w.startswith("page 3 not read: ") for w in result.warnings)


def test_a_page_whose_image_fails_is_named_and_the_others_still_read(tmp_path, monkeypatch):
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf([(_page_image(), c) for c in ("ccitt", "flate")]))

    def flaky(page, no, **kw):
        if no == 1:
            raise ValueError("cannot decode the image")
        return []

    monkeypatch.setattr(ocr, "ocr_unavailable", lambda: None)
    monkeypatch.setattr(ocr, "ocr_page_tables", flaky)
    result = process_pdf(path)
    assert result.error is None and result.status == "partial"
    assert result.unread[0][0] == 1 and "cannot decode the image" in result.unread[0][1]
    assert result.unread[1][0] == 2


def test_missing_ocr_with_nothing_read_is_an_error_naming_the_page(tmp_path, monkeypatch):
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf([(_page_image(), "jbig2")]))
    monkeypatch.setattr(ocr, "ocr_unavailable", lambda: "install tesseract-ocr and tesseract-ocr-tha")
    result = process_pdf(path)
    assert result.status == "error"
    assert result.error.startswith("page 1 needs OCR (no text layer)")


def test_every_codec_gives_rows_or_names_its_pages_with_real_ocr(tmp_path):
    """No monkeypatching: each page either gives rows or is named unread."""
    if ocr.ocr_unavailable():
        pytest.skip(f"OCR not available: {ocr.ocr_unavailable()}")
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf([(_page_image(), c) for c in CODECS]))
    result = process_pdf(path)
    read = {r["page_start"] for t in result.tables for r in t.rows}
    unread = {no for no, _ in result.unread}
    assert read | unread == set(range(1, len(CODECS) + 1))
    assert result.status != "ok" or result.rows


def test_a_batch_says_partial_in_the_manifest_and_exits_3(tmp_path, monkeypatch, capsys):
    """Forked workers keep the monkeypatches: every scanned page gives no table."""
    import csv

    from thaitab import cli

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(scanned_pdf([(_page_image(), "jbig2"), (_page_image(), "ccitt")]))
    monkeypatch.setattr(ocr, "ocr_unavailable", lambda: None)
    monkeypatch.setattr(ocr, "ocr_page_tables", lambda page, no, **kw: [])
    out = tmp_path / "out"
    assert cli.main(["extract", str(folder), "-o", str(out), "--workers", "1"]) == 3
    with open(out / "manifest.csv", encoding="utf-8-sig", newline="") as f:
        [row] = list(csv.DictReader(f))
    assert row["status"] == "partial"
    assert "page 1 not read: " in row["warnings"] and "page 2 not read: " in row["warnings"]
    err = capsys.readouterr().err
    assert "scan.pdf: partial: page 1 not read" in err


def test_rows_beside_an_unread_page_say_so():
    from types import SimpleNamespace

    from thaitab.pipeline import FileResult, note_unread_rows

    rows = [{"warnings": ""}, {"warnings": "read by OCR"}]
    far = [{"warnings": ""}]
    result = FileResult("x.pdf", tables=[SimpleNamespace(page_start=1, page_end=3, rows=rows),
                                         SimpleNamespace(page_start=9, page_end=9, rows=far)],
                        unread=[(4, "needs OCR")])
    note_unread_rows(result)
    assert rows[0]["warnings"] == "page 4 not read: rows may be missing"
    assert rows[1]["warnings"] == "read by OCR; page 4 not read: rows may be missing"
    assert far[0]["warnings"] == ""
