"""Hostile and broken input (issue 7): clear errors, nothing lost, nothing executed.

Every bad input is built here, byte by byte (no PDF library writes them): an
empty file, a non-PDF, truncated and damaged PDFs, encrypted ones (RC4 40-bit
and AES-128, the standard security handler written out by hand), no pages, no
table, a text layer of (cid:N) glyphs, a huge page, a decompression bomb, file
names made to trick a shell, a read-only output folder and a full disk. Each
must end in one line naming the file and the cause (or a warning and an empty
result), never a traceback or a hang, and the other files of a batch finish.
"""
from __future__ import annotations

import csv
import errno
import hashlib
import os
import shutil
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import openpyxl
import pytest

from thaitab import batch, cli, output
from tests.pdfs import pdf_bytes, xlsx_values

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "samples").glob("*.pdf"))


# ---------------------------------------------------------------------------
# a minimal PDF writer
# ---------------------------------------------------------------------------


def stream(data: bytes, extra: bytes = b"") -> bytes:
    """The body of a stream object."""
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _esc(text: str) -> bytes:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("cp1252")


def table_content(rows: list[list[str]], *, title: str = "Report 2024", x0: float = 50.0,
                  top: float = 740.0, colw: float = 160.0, rowh: float = 24.0, size: float = 10.0) -> bytes:
    """A title and a grid-ruled table in Helvetica (WinAnsi text)."""
    ncols = max((len(r) for r in rows), default=0)
    ops = [b"BT /F1 14 Tf %.1f %.1f Td (%s) Tj ET" % (x0, top + 20, _esc(title)), b"0.8 w"]
    if rows:
        for i in range(len(rows) + 1):
            y = top - i * rowh
            ops.append(b"%.1f %.1f m %.1f %.1f l S" % (x0, y, x0 + ncols * colw, y))
        for j in range(ncols + 1):
            x = x0 + j * colw
            ops.append(b"%.1f %.1f m %.1f %.1f l S" % (x, top, x, top - len(rows) * rowh))
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            ops.append(b"BT /F1 %.1f Tf %.1f %.1f Td (%s) Tj ET" % (
                size, x0 + j * colw + 4, top - (i + 1) * rowh + 8, _esc(text)))
    return b"\n".join(ops)


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def page_objects(content: bytes, *, mediabox: bytes = b"0 0 612 792", filters: bytes = b"",
                 font: bytes = HELVETICA) -> list[bytes]:
    """catalog, pages, page, content stream, font: a one-page document."""
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [" + mediabox + b"] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(content, filters),
        font,
    ]


ITA_ROWS = [["Issue", "Measure", "Output", "Outcome"],
            ["Issue 1", "Measure 1", "Out 1", "Result 1"],
            ["Issue 2", "Measure 2", "Out 2", "Result 2"]]


def table_pdf(rows: list[list[str]] = ITA_ROWS, **kw) -> bytes:
    return pdf_bytes(page_objects(table_content(rows, **kw)))


# -- the standard security handler (PDF 1.7, 7.6.3), written out ------------

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def encrypted_pdf(objects: list[bytes], user: str, owner: str = "owner-secret", *,
                  aes: bool = False) -> bytes:
    """``objects`` encrypted with RC4 40-bit (V1 R2) or AES-128 (V4 R4 AESV2).

    Only stream data is encrypted: the objects of :func:`page_objects` have no
    strings outside their content stream."""
    file_id = hashlib.md5(b"thaitab hostile test").digest()
    perms = -4  # every permission
    p_bytes = struct.pack("<i", perms)
    upw, opw = (user.encode("latin-1") + _PAD)[:32], (owner.encode("latin-1") + _PAD)[:32]
    n = 16 if aes else 5
    # O: RC4 of the padded user password with a key from the owner password
    okey = hashlib.md5(opw).digest()
    if aes:
        for _ in range(50):
            okey = hashlib.md5(okey).digest()
    okey = okey[:n]
    o_value = _rc4(okey, upw)
    if aes:
        for i in range(1, 20):
            o_value = _rc4(bytes(b ^ i for b in okey), o_value)
    # the file key
    key = hashlib.md5(upw + o_value + p_bytes + file_id).digest()
    if aes:
        for _ in range(50):
            key = hashlib.md5(key[:n]).digest()
    key = key[:n]
    # U
    if aes:
        u_value = _rc4(key, hashlib.md5(_PAD + file_id).digest())
        for i in range(1, 20):
            u_value = _rc4(bytes(b ^ i for b in key), u_value)
        u_value += b"\x00" * 16
    else:
        u_value = _rc4(key, _PAD)

    def encrypt(num: int, data: bytes) -> bytes:
        k = hashlib.md5(key + struct.pack("<i", num)[:3] + b"\x00\x00" + (b"sAlT" if aes else b"")).digest()
        k = k[:min(n + 5, 16)]
        if not aes:
            return _rc4(k, data)
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        iv = hashlib.md5(b"iv%d" % num).digest()
        pad = 16 - len(data) % 16
        enc = Cipher(algorithms.AES(k), modes.CBC(iv)).encryptor()
        return iv + enc.update(data + bytes([pad]) * pad) + enc.finalize()

    out = []
    for num, body in enumerate(objects, 1):
        head, sep, rest = body.partition(b"\nstream\n")
        if sep:
            data = rest[: -len(b"\nendstream")]
            enc = encrypt(num, data)
            head = head.replace(b"/Length %d " % len(data), b"/Length %d " % len(enc))
            body = head + sep + enc + b"\nendstream"
        out.append(body)
    if aes:
        enc_dict = (b"<< /Filter /Standard /V 4 /R 4 /Length 128 /P %d /O <%s> /U <%s> "
                    b"/CF << /StdCF << /CFM /AESV2 /AuthEvent /DocOpen /Length 16 >> >> "
                    b"/StmF /StdCF /StrF /StdCF >>") % (perms, o_value.hex().encode(), u_value.hex().encode())
    else:
        enc_dict = b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P %d /O <%s> /U <%s> >>" % (
            perms, o_value.hex().encode(), u_value.hex().encode())
    out.append(enc_dict)
    trailer = b"/Encrypt %d 0 R /ID [<%s> <%s>] " % (len(out), file_id.hex().encode(), file_id.hex().encode())
    return pdf_bytes(out, trailer=trailer)


# -- the other hostile inputs -------------------------------------------------

CID_FONT = [  # objects 5.. of a page whose font has no ToUnicode: pdfminer reads (cid:N)
    b"<< /Type /Font /Subtype /Type0 /BaseFont /NoUnicode /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
    b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoUnicode "
    b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 500 >>",
    b"<< /Type /FontDescriptor /FontName /NoUnicode /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
    b"/Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>",
]


def cid_pdf() -> bytes:
    """A ruled table whose every glyph is a (cid:N) to pdfminer (no ToUnicode, Identity-H)."""
    cells = [["<%s>" % "".join("%04X" % (40 + (i * 7 + j * 3 + k) % 60) for k in range(8))
              for j in range(4)] for i in range(3)]
    ops = [b"0.8 w"]
    for i in range(4):
        ops.append(b"50 %d m 690 %d l S" % (740 - 24 * i, 740 - 24 * i))
    for j in range(5):
        ops.append(b"%d 740 m %d 668 l S" % (50 + 160 * j, 50 + 160 * j))
    for i, row in enumerate(cells):
        for j, hexs in enumerate(row):
            ops.append(b"BT /F1 10 Tf %d %d Td %s Tj ET" % (54 + 160 * j, 740 - 24 * (i + 1) + 8, hexs.encode()))
    objs = page_objects(b"\n".join(ops))[:4] + CID_FONT
    return pdf_bytes(objs)


def zero_page_pdf() -> bytes:
    return pdf_bytes([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def bomb_pdf(megabytes: int = 500, layers: int = 2) -> bytes:
    """A page whose content stream inflates to ``megabytes`` MB of zeros: a few KB on disk.

    Two layers of FlateDecode ([/FlateDecode /FlateDecode]) shrink 500 MB to ~1 KB."""
    comp = zlib.compressobj(9)
    block = bytes(1 << 20)
    data = b"".join(comp.compress(block) for _ in range(megabytes)) + comp.flush()
    for _ in range(layers - 1):
        data = zlib.compress(data, 9)
    filters = b"/Filter [" + b"/FlateDecode " * layers + b"]"
    return pdf_bytes(page_objects(data, filters=filters))


def broken_xref_pdf() -> bytes:
    """A good PDF whose xref offsets all point to the wrong places (pdfminer rescans)."""
    good = table_pdf()
    head, _, tail = good.partition(b"xref\n")
    lines = tail.split(b"\n")
    lines = [b"%010d 00000 n " % 7 if line.endswith(b" n ") else line for line in lines]
    return head + b"xref\n" + b"\n".join(lines)


def truncated_pdf() -> bytes:
    good = table_pdf()
    return good[: len(good) // 2]


def many_objects_pdf(n: int) -> bytes:
    """One page with ``n`` separately drawn short lines."""
    return pdf_bytes(page_objects(b"\n".join(b"%d %d m %d %d l S" % (i % 500, i % 700, i % 500 + 3, i % 700)
                                             for i in range(n))))


def nested_forms_pdf(depth: int = 30) -> bytes:
    """Forms that draw the next form twice, ``depth`` deep: 2**depth runs of an empty form."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /XObject << /X 5 0 R >> >> >>",
            stream(b"/X Do")]
    for i in range(depth):
        if i < depth - 1:
            objs.append(stream(b"/X Do /X Do", b"/Type /XObject /Subtype /Form /BBox [0 0 1 1] "
                                               b"/Resources << /XObject << /X %d 0 R >> >> " % (6 + i)))
        else:
            objs.append(stream(b"q Q", b"/Type /XObject /Subtype /Form /BBox [0 0 1 1] "))
    return pdf_bytes(objs)


def big_page_pdf(rows: int = 200) -> bytes:
    """A 20,000 x 20,000 pt page (beyond Acrobat's 14,400) with a table of ``rows`` rows."""
    body = [["Issue", "Measure", "Output", "Outcome"]]
    body += [[f"Issue {i}", f"Measure {i} " + "word " * 6, f"Out {i}", f"Result {i}"] for i in range(rows)]
    content = table_content(body, top=19000.0, x0=9000.0, colw=260, rowh=14, size=6)
    return pdf_bytes(page_objects(content, mediabox=b"0 0 20000 20000"))


def slow_pdf(megabytes: int = 12) -> bytes:
    """Content of ``megabytes`` MB of no-op operators (q Q): under the content limit, but
    most of a minute of pdfminer parsing. The batch --timeout stops it sooner."""
    data = zlib.compress(b"q Q\n" * (megabytes << 18), 9)
    return pdf_bytes(page_objects(data, filters=b"/Filter /FlateDecode"))


# ---------------------------------------------------------------------------
# running thaitab
# ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _no_warm_up(monkeypatch):
    """The synthetic PDFs are ASCII: loading pythainlp's dictionaries buys nothing."""
    monkeypatch.setattr(batch, "warm_up", lambda: None)


@pytest.fixture(scope="session")
def bomb_bytes() -> bytes:
    return bomb_pdf()


def run_extract(*args: str | os.PathLike) -> int:
    """``thaitab extract`` in this process (workers are forked: monkeypatches hold)."""
    return cli.main(["extract", *map(str, args)])


def lines_about(err: str, path: Path) -> list[str]:
    return [ln for ln in err.splitlines() if ln.startswith(f"thaitab: {path}: ")]


def manifest(out: Path) -> dict[str, dict[str, str]]:
    with open(out / "manifest.csv", encoding="utf-8-sig", newline="") as f:
        return {row["path"]: row for row in csv.DictReader(f)}


def csv_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


# ---------------------------------------------------------------------------
# one bad file at a time: one line naming the file and the cause
# ---------------------------------------------------------------------------

FAILING = {
    "empty.pdf": (lambda: b"", "empty file (0 bytes)"),
    "webpage.pdf": (lambda: b"<!DOCTYPE html><html><body>404 Not Found</body></html>\n",
                    "not a PDF (no %PDF header)"),
    "truncated.pdf": (truncated_pdf, "damaged PDF: the file ends too early (truncated?)"),
    "rc4.pdf": (lambda: encrypted_pdf(page_objects(table_content(ITA_ROWS)), "secret"),
                "encrypted PDF: a password is needed (--password)"),
    "aes.pdf": (lambda: encrypted_pdf(page_objects(table_content(ITA_ROWS)), "secret", aes=True),
                "encrypted PDF: a password is needed (--password)"),
    "nopages.pdf": (zero_page_pdf, "the PDF has no pages"),
    "forms.pdf": (nested_forms_pdf,
                  "PDF too large to process safely (over 100,000 characters and shapes on page 1)"),
}


@pytest.mark.parametrize("name", sorted(FAILING))
def test_a_bad_file_fails_with_one_line(tmp_path, capsys, name):
    build, message = FAILING[name]
    pdf = tmp_path / name
    pdf.write_bytes(build())
    out = tmp_path / "out"
    start = time.monotonic()
    assert run_extract(pdf, "-o", out, "--profile", "ita", "--workers", "1", "--timeout", "60") == 1
    assert time.monotonic() - start < 30
    err = capsys.readouterr().err
    assert lines_about(err, pdf) == [f"thaitab: {pdf}: {message}"]
    assert "Traceback" not in err
    assert not out.exists() or not list(out.iterdir())  # nothing written for it


def test_decompression_bomb_is_refused_quickly_in_little_memory(tmp_path, bomb_bytes):
    """A 1.5 KB file whose page inflates to 500 MB: refused before the bytes are in memory."""
    pdf = tmp_path / "bomb.pdf"
    pdf.write_bytes(bomb_bytes)
    assert len(bomb_bytes) < 4096
    code = ("import resource, sys, time\n"
            "from thaitab.pipeline import process_pdf\n"
            "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "t = time.monotonic()\n"
            "r = process_pdf(sys.argv[1])\n"
            "grew = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before\n"
            "print(r.error); print(grew // 1024); print(time.monotonic() - t)\n")
    proc = subprocess.run([sys.executable, "-c", code, str(pdf)], capture_output=True, text=True, timeout=120,
                          cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)))
    error, grew_mb, seconds = proc.stdout.strip().splitlines()
    assert error == "PDF too large to process safely (over 16 MB content on page 1)"
    assert int(grew_mb) < 150, f"memory grew by {grew_mb} MB"
    assert float(seconds) < 10


@pytest.mark.parametrize("where", ["tounicode", "form", "xref"])
def test_bombs_elsewhere_are_refused_too(tmp_path, where):
    comp = zlib.compressobj(9)
    data = zlib.compress(b"".join(comp.compress(bytes(1 << 20)) for _ in range(100)) + comp.flush(), 9)
    two = b"/Filter [/FlateDecode /FlateDecode] "
    if where == "tounicode":  # a font's ToUnicode CMap (fonts are loaded leniently by pdfminer)
        objs = page_objects(b"BT /F1 12 Tf 100 700 Td (Hello) Tj ET",
                            font=b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>")
        raw = pdf_bytes(objs + [stream(data, two)])
        message = "PDF too large to process safely (over 64 MB decompressed on page 1)"
    elif where == "form":
        objs = page_objects(b"/X1 Do")
        objs[2] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                   b"/Resources << /XObject << /X1 5 0 R >> >> >>")
        objs[4] = stream(data, two + b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] ")
        raw = pdf_bytes(objs)
        message = "PDF too large to process safely (over 16 MB content on page 1)"
    else:  # the cross-reference stream, read when the file is opened
        head = b"%PDF-1.5\n"
        obj = b"1 0 obj\n" + stream(data, two + b"/Type /XRef /Size 2 /W [1 4 2] /Root 1 0 R ") + b"\nendobj\n"
        raw = head + obj + b"startxref\n%d\n%%%%EOF\n" % len(head)
        message = "PDF too large to process safely (over 64 MB decompressed from one stream)"
    pdf = tmp_path / f"{where}.pdf"
    pdf.write_bytes(raw)
    from thaitab.pipeline import process_pdf

    assert process_pdf(pdf).error == message


def test_a_form_run_again_and_again_counts_each_time(tmp_path):
    """A 1 MB form drawn 40 times is 40 MB of content to parse, though stored once."""
    form = zlib.compress(b"%" + b"x" * (1 << 20) + b"\n")
    objs = page_objects(b"/X Do\n" * 40)
    objs[2] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /XObject << /X 5 0 R >> >> >>")
    objs[4] = stream(form, b"/Filter /FlateDecode /Type /XObject /Subtype /Form /BBox [0 0 1 1] ")
    pdf = tmp_path / "again.pdf"
    pdf.write_bytes(pdf_bytes(objs))
    from thaitab.pipeline import process_pdf

    assert process_pdf(pdf).error == "PDF too large to process safely (over 16 MB content on page 1)"


def test_too_many_objects_on_a_page(tmp_path, monkeypatch):
    import thaitab.extract.guard

    monkeypatch.setattr(thaitab.extract.guard, "MAX_PAGE_OBJECTS", 1000)
    pdf = tmp_path / "busy.pdf"
    pdf.write_bytes(many_objects_pdf(1500))
    from thaitab.pipeline import process_pdf

    assert process_pdf(pdf).error == "PDF too large to process safely (over 1,000 characters and shapes on page 1)"
    pdf.write_bytes(many_objects_pdf(900))
    assert process_pdf(pdf).error is None


@pytest.mark.parametrize("aes", [False, True], ids=["rc4-40", "aes-128"])
def test_encrypted_pdf_opens_with_its_password(tmp_path, capsys, aes):
    pdf = tmp_path / "locked.pdf"
    pdf.write_bytes(encrypted_pdf(page_objects(table_content(ITA_ROWS)), "secret", aes=aes))
    out = tmp_path / "out"
    assert run_extract(pdf, "-o", out, "--profile", "ita", "--password", "wrong") == 1
    assert lines_about(capsys.readouterr().err, pdf) == [
        f"thaitab: {pdf}: encrypted PDF: the password is wrong (--password)"]
    for password in ("secret", "owner-secret"):  # the user or the owner password
        assert run_extract(pdf, "-o", out, "--profile", "ita", "--password", password) == 0
        assert [r["output"] for r in csv_rows(out / "locked.csv")] == ["Out 1", "Out 2"]


def test_broken_xref_is_rebuilt_with_a_warning(tmp_path, capsys):
    pdf = tmp_path / "xref.pdf"
    pdf.write_bytes(broken_xref_pdf())
    out = tmp_path / "out"
    assert run_extract(pdf, "-o", out, "--profile", "ita") == 0
    err = capsys.readouterr().err
    assert "damaged PDF: its cross-reference table was rebuilt by scanning the file" in err
    assert [r["output"] for r in csv_rows(out / "xref.csv")] == ["Out 1", "Out 2"]


def test_no_table_is_a_warning_and_an_empty_result(tmp_path, capsys):
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(pdf_bytes(page_objects(table_content([], title="Just a letter"))))
    out = tmp_path / "out"
    assert run_extract(pdf, "-o", out) == 0  # exit 0: the file was read; there is nothing to tabulate
    [line] = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith(f"{pdf}: ")]
    assert line.startswith(f"{pdf}: 0 rows in 0 tables, 1 page") and line.endswith("; no table found")
    assert csv_rows(out / "letter.csv") == []
    assert (out / "letter.csv").read_text(encoding="utf-8-sig").startswith("source_file,")


def test_cid_text_layer_needs_ocr(tmp_path, capsys, monkeypatch):
    """A font without ToUnicode: every glyph is "(cid:N)" to pdfminer. extract.ocr's
    page_needs_ocr says so; without Tesseract the file fails saying OCR is needed."""
    import thaitab.extract.ocr
    from thaitab.extract.pdf import iter_pages, open_pdf

    pdf = tmp_path / "cid.pdf"
    pdf.write_bytes(cid_pdf())
    with open_pdf(pdf) as doc:
        (no, page, chars), = list(iter_pages(doc))
        # nothing names them: each is marked as unread, none passes as "(cid:N)"
        assert sum(c.text == "\u2370" for c in chars) == 96
        assert thaitab.extract.ocr.page_needs_ocr(chars, page) == "(cid:N) glyphs"

    monkeypatch.setattr(thaitab.extract.ocr, "ocr_unavailable", lambda: "install tesseract-ocr and tesseract-ocr-tha")
    out = tmp_path / "out"
    assert run_extract(pdf, "-o", out) == 1
    [line] = lines_about(capsys.readouterr().err, pdf)
    assert "needs OCR ((cid:N) glyphs)" in line and "install tesseract-ocr" in line


def test_cid_text_layer_is_read_with_ocr_when_there_is_tesseract(tmp_path, capsys):
    import thaitab.extract.ocr

    if thaitab.extract.ocr.ocr_unavailable():
        pytest.skip(f"OCR unavailable: {thaitab.extract.ocr.ocr_unavailable()}")
    pdf = tmp_path / "cid.pdf"
    pdf.write_bytes(cid_pdf())
    out = tmp_path / "out"
    assert run_extract(pdf, "-o", out) == 0
    err = capsys.readouterr().err
    assert "page 1: OCR ((cid:N) glyphs)" in err  # the file's warnings say how the page was read


def test_a_huge_page_with_thousands_of_chars_works(tmp_path, capsys):
    pdf = tmp_path / "poster.pdf"
    pdf.write_bytes(big_page_pdf(200))
    out = tmp_path / "out"
    start = time.monotonic()
    assert run_extract(pdf, "-o", out, "--profile", "ita") == 0
    assert time.monotonic() - start < 60
    rows = csv_rows(out / "poster.csv")
    assert len(rows) == 200 and rows[-1]["output"] == "Out 199"


def test_a_slow_file_is_stopped_by_the_timeout_and_the_others_finish(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.pdf").write_bytes(table_pdf())
    (src / "slow.pdf").write_bytes(slow_pdf())
    (src / "z.pdf").write_bytes(table_pdf())
    out = tmp_path / "out"
    assert run_extract(src, "-o", out, "--profile", "ita", "--workers", "2", "--timeout", "3") == 1
    entries = manifest(out)
    assert entries["slow.pdf"]["status"] == "failed" and entries["slow.pdf"]["error"] == "timed out after 3 s"
    assert entries["a.pdf"]["status"] == entries["z.pdf"]["status"] == "ok"


@pytest.mark.parametrize("name", ["empty.pdf", "truncated.pdf", "rc4.pdf", "nopages.pdf"])
def test_text_command_gives_the_same_one_line(tmp_path, capsys, name):
    build, message = FAILING[name]
    pdf = tmp_path / name
    pdf.write_bytes(build())
    assert cli.main(["text", str(pdf)]) == 1
    assert capsys.readouterr().err == f"thaitab: {pdf}: {message}\n"


def test_text_command_refuses_a_bomb(tmp_path, capsys, bomb_bytes):
    pdf = tmp_path / "bomb.pdf"
    pdf.write_bytes(bomb_bytes)
    assert cli.main(["text", str(pdf)]) == 1
    assert capsys.readouterr().err == (f"thaitab: {pdf}: PDF too large to process safely "
                                       f"(over 16 MB content on page 1)\n")


# ---------------------------------------------------------------------------
# file names: nothing executed, nothing written outside OUTDIR
# ---------------------------------------------------------------------------

HOSTILE_NAMES = {
    # input name -> the stem of its outputs
    "$(touch pwned1).pdf": "$(touch pwned1)",
    "`touch pwned2`.pdf": "`touch pwned2`",
    "a; touch pwned3.pdf": "a; touch pwned3",
    "x || touch pwned4 #.pdf": "x || touch pwned4 #",
    "it's \"quoted\" & <b>.pdf": "it's \"quoted\" & <b>",
    "รายงาน ผลการดำเนินงาน 2568.pdf": "รายงาน ผลการดำเนินงาน 2568",
    "name  with   spaces.pdf": "name  with   spaces",
    "-rf.pdf": "_-rf",  # never an option to a command run in OUTDIR
    "--help.pdf": "_--help",
    "..%2F..%2Fescape.pdf": "_..%2F..%2Fescape",  # never hidden, never a path
    "line\nbreak\ttab.pdf": "line_break_tab",
}


def _python_env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))


@pytest.mark.skipif(sys.platform == "win32", reason="these names are not valid on Windows")
def test_hostile_file_names_run_nothing_and_stay_inside_outdir(tmp_path):
    work = tmp_path / "work"
    src = work / "in"
    src.mkdir(parents=True)
    for name in HOSTILE_NAMES:
        (src / name).write_bytes(table_pdf())
    out = work / "out"
    proc = subprocess.run([sys.executable, "-m", "thaitab.cli", "extract", "in", "-o", "out", "--profile", "ita",
                           "--workers", "2"], cwd=work, env=_python_env(), capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert not [p for p in tmp_path.rglob("*pwned*") if not p.name.endswith((".pdf", ".csv", ".xlsx"))]
    produced = sorted(p.relative_to(out).as_posix() for p in out.iterdir())
    expected = sorted([f"{stem}.{ext}" for stem in HOSTILE_NAMES.values() for ext in ("csv", "xlsx")]
                      + ["all.csv", "all.parquet", "all.xlsx", "cells.csv", "cells.parquet", "manifest.csv"])
    if "all.parquet" not in produced:  # pyarrow is optional
        expected.remove("all.parquet")
        expected.remove("cells.parquet")
    assert produced == expected
    for p in out.rglob("*"):
        assert p.resolve().is_relative_to(out.resolve())
    entries = manifest(out)
    assert sorted(entries) == sorted(HOSTILE_NAMES)
    assert {e["status"] for e in entries.values()} == {"ok"}
    rows = csv_rows(out / "all.csv")
    assert sorted({r["source_path"] for r in rows}) == sorted(HOSTILE_NAMES)


def test_a_pdf_whose_name_looks_like_an_option(tmp_path):
    (tmp_path / "-rf.pdf").write_bytes(table_pdf())
    proc = subprocess.run([sys.executable, "-m", "thaitab.cli", "extract", "-o", "out", "--workers", "1",
                           "--timeout", "0", "--", "-rf.pdf"],
                          cwd=tmp_path, env=_python_env(), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["_-rf.csv", "_-rf.xlsx"]


def test_dotdot_in_inputs_never_escapes_outdir(tmp_path, capsys):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.pdf").write_bytes(table_pdf())
    (tmp_path / "top.pdf").write_bytes(table_pdf())
    out = tmp_path / "a" / "out"
    # a file named through "..", and a folder named through ".."
    assert run_extract(tmp_path / "a" / "b" / ".." / ".." / "top.pdf", tmp_path / "a" / "b" / "..",
                       "-o", out) == 0
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert "top.csv" in written and "b/deep.csv" in written
    assert all(p.resolve().is_relative_to(out.resolve()) for p in out.rglob("*"))
    assert not (tmp_path / "top.csv").exists()


@pytest.mark.parametrize("name, stem", [
    ("../../etc/passwd.pdf", "passwd"),
    ("..", "_.."),
    (".hidden.pdf", "_.hidden"),
    ("-", "_-"),
    ("a\x00b.pdf", "ab"),
    ("x" * 300 + ".pdf", "x" * output.MAX_STEM_BYTES),
    ("ก" * 90 + ".pdf", "ก" * (output.MAX_STEM_BYTES // 3)),
    ("bad\udcff.pdf", "bad_"),
])
def test_output_stem_is_a_plain_name(name, stem):
    assert output.output_stem(name) == stem


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_symlinks_in_an_input_folder(tmp_path, capsys):
    """Links to folders are not followed; a link to a file outside the folder is skipped
    with a note; a link to a file inside it is read; a PDF named on the command line is
    read even when it is a link."""
    src, outside = tmp_path / "in", tmp_path / "outside"
    (src / "sub").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.pdf").write_bytes(table_pdf([["Issue", "Measure", "Output", "Outcome"],
                                                    ["s", "s", "SECRET", "s"]]))
    (src / "sub" / "real.pdf").write_bytes(table_pdf())
    (src / "leak.pdf").symlink_to(outside / "secret.pdf")
    (src / "alias.pdf").symlink_to(src / "sub" / "real.pdf")
    (src / "outdir").symlink_to(outside, target_is_directory=True)
    (src / "sub" / "loop").symlink_to(src, target_is_directory=True)
    out = tmp_path / "out"
    assert run_extract(src, "-o", out, "--profile", "ita") == 0
    err = capsys.readouterr().err
    assert f"thaitab: {src / 'leak.pdf'}: skipped: a symbolic link to a file outside {src}" in err
    assert sorted(manifest(out)) == ["alias.pdf", "sub/real.pdf"]
    assert "SECRET" not in (out / "all.csv").read_text(encoding="utf-8-sig")
    assert run_extract(src / "leak.pdf", "-o", tmp_path / "one", "--profile", "ita") == 0
    assert [r["output"] for r in csv_rows(tmp_path / "one" / "leak.csv")] == ["SECRET"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names")
def test_a_name_that_is_not_utf8_fails_with_a_note_and_the_others_finish(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.pdf").write_bytes(table_pdf())
    bad = os.path.join(os.fsencode(src), "ราย".encode("cp874") + b".pdf")  # a TIS-620 name
    with open(bad, "wb") as f:
        f.write(table_pdf())
    out = tmp_path / "out"
    assert run_extract(src, "-o", out, "--profile", "ita") == 1
    err = capsys.readouterr().err
    assert (f"thaitab: {src}/\\xc3\\xd2\\xc2.pdf: skipped: its name is not valid UTF-8 "
            f"(rename it, e.g. convmv -f cp874 -t utf-8)") in err
    assert "Traceback" not in err
    assert list(manifest(out)) == ["good.pdf"]


# ---------------------------------------------------------------------------
# never overwrite a file thaitab did not write
# ---------------------------------------------------------------------------


def report_and_outdir(tmp_path):
    """A one-table report and an existing, empty output folder."""
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(table_pdf())
    out = tmp_path / "out"
    out.mkdir()
    return pdf, out


def two_reports(tmp_path):
    """A folder ``in`` holding two one-table reports, a.pdf and b.pdf."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.pdf").write_bytes(table_pdf())
    (src / "b.pdf").write_bytes(table_pdf())
    return src


def test_a_foreign_csv_is_never_overwritten_without_force(tmp_path, capsys):
    pdf, out = report_and_outdir(tmp_path)
    mine = out / "report.csv"
    mine.write_bytes(b"name,amount\r\nmy own work,1\r\n")
    assert run_extract(pdf, "-o", out, "--profile", "ita") == 1
    assert lines_about(capsys.readouterr().err, pdf) == [
        f"thaitab: {pdf}: cannot write output: {mine} exists and is not a thaitab output; use --force to overwrite"]
    assert mine.read_bytes() == b"name,amount\r\nmy own work,1\r\n"
    assert not (out / "report.xlsx").exists()  # nothing of this file is written
    assert run_extract(pdf, "-o", out, "--profile", "ita", "--force") == 0
    assert [r["output"] for r in csv_rows(mine)] == ["Out 1", "Out 2"]
    # thaitab's own outputs are replaced without --force, whatever the options
    assert run_extract(pdf, "-o", out, "--profile", "generic") == 0
    assert run_extract(pdf, "-o", out, "--profile", "ita", "--csv-excel-safe") == 0


def test_a_foreign_workbook_is_never_overwritten_without_force(tmp_path, capsys):
    pdf, out = report_and_outdir(tmp_path)
    wb = openpyxl.Workbook()
    wb.active["A1"] = "budget I typed by hand"
    wb.save(out / "report.xlsx")
    before = (out / "report.xlsx").read_bytes()
    assert run_extract(pdf, "-o", out) == 1
    assert "report.xlsx exists and is not a thaitab output; use --force to overwrite" in capsys.readouterr().err
    assert (out / "report.xlsx").read_bytes() == before
    assert not (out / "report.csv").exists()
    assert run_extract(pdf, "-o", out, "--force") == 0
    assert output.is_thaitab_output(out / "report.xlsx")


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_a_symlink_in_outdir_is_not_followed_or_replaced(tmp_path, capsys):
    pdf, out = report_and_outdir(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (out / "report.csv").symlink_to(victim)
    assert run_extract(pdf, "-o", out) == 1
    assert "report.csv exists and is not a thaitab output" in capsys.readouterr().err
    assert (out / "report.csv").is_symlink() and victim.read_text() == "precious"
    assert run_extract(pdf, "-o", out, "--force") == 0  # the link is replaced, never written through
    assert not (out / "report.csv").is_symlink() and victim.read_text() == "precious"


@pytest.mark.parametrize("name", ["all.csv", "all.xlsx", "all.parquet", "manifest.csv"])
def test_foreign_batch_files_stop_the_batch_before_it_starts(tmp_path, capsys, name):
    src = two_reports(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / name).write_bytes(b"not thaitab's\n")
    assert run_extract(src, "-o", out) == 2
    assert capsys.readouterr().err == (f"thaitab: {out / name} exists and is not a thaitab output; "
                                       f"use --force to overwrite\n")
    assert sorted(p.name for p in out.iterdir()) == [name]
    assert run_extract(src, "-o", out, "--force") == 0
    assert run_extract(src, "-o", out) == 0  # now they are thaitab's


def test_is_thaitab_output(tmp_path):
    src = two_reports(tmp_path)
    out = tmp_path / "out"
    assert run_extract(src, "-o", out, "--profile", "ita") == 0
    for p in out.iterdir():
        assert output.is_thaitab_output(p), p.name
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.csv").write_bytes(b"\xef\xbb\xbfname,source_file\r\n")
    (other / "y.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (other / "z.parquet").write_bytes(b"PAR1" + bytes(100) + b"PAR1")
    (other / "dir.csv").mkdir()
    for p in other.iterdir():
        assert not output.is_thaitab_output(p), p.name
    assert not output.is_thaitab_output(other / "missing.csv")


# ---------------------------------------------------------------------------
# a folder that cannot be written, a full disk
# ---------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="root (or Windows) ignores a read-only folder's mode; the simulated test covers it")
def test_read_only_output_folder(tmp_path, capsys):
    pdf, out = report_and_outdir(tmp_path)
    out.chmod(0o500)
    try:
        assert run_extract(pdf, "-o", out) == 1
        [line] = lines_about(capsys.readouterr().err, pdf)
        assert line.startswith(f"thaitab: {pdf}: cannot write output: {out / 'report.csv'}: Permission denied")
        assert run_extract(pdf, pdf, "-o", out) == 2  # a batch cannot even write its manifest
        assert capsys.readouterr().err.startswith(f"thaitab: cannot write {out / 'manifest.csv'}: Permission denied")
    finally:
        out.chmod(0o700)


def _fail_for(monkeypatch, err: int, *names: str) -> None:
    """os.replace onto one of ``names`` (in any folder) raises OSError(err)."""
    real = os.replace

    def replace(src, dst, *a, **kw):
        if Path(dst).name in names:
            raise OSError(err, os.strerror(err))
        return real(src, dst, *a, **kw)

    monkeypatch.setattr(os, "replace", replace)


@pytest.mark.parametrize("err", [errno.EACCES, errno.ENOSPC, errno.EROFS])
def test_unwritable_or_full_disk_fails_that_file_only_and_keeps_the_old_output(tmp_path, capsys, monkeypatch, err):
    src = two_reports(tmp_path)
    out = tmp_path / "out"
    assert run_extract(src, "-o", out, "--profile", "ita") == 0
    old_csv, old_xlsx = (out / "a.csv").read_bytes(), (out / "a.xlsx").read_bytes()
    capsys.readouterr()

    (src / "a.pdf").write_bytes(table_pdf(ITA_ROWS[:2]))  # changed: a is done again
    (src / "b.pdf").write_bytes(table_pdf(ITA_ROWS[:2]))
    _fail_for(monkeypatch, err, "a.csv")
    # in this process (workers are forked too, but keep it simple to reason about)
    assert run_extract(src, "-o", out, "--profile", "ita", "--workers", "1", "--timeout", "0") == 1
    [line] = lines_about(capsys.readouterr().err, src / "a.pdf")
    assert line == f"thaitab: {src / 'a.pdf'}: cannot write output: {out / 'a.csv'}: {os.strerror(err)}"
    assert (out / "a.csv").read_bytes() == old_csv and (out / "a.xlsx").read_bytes() == old_xlsx
    assert not list(out.glob(".*.tmp-*"))  # no half-written temporary file left behind
    entries = manifest(out)
    assert entries["a.pdf"]["status"] == "failed" and entries["b.pdf"]["status"] == "ok"
    assert len(csv_rows(out / "b.csv")) == 1


def test_a_full_disk_for_the_manifest_is_one_line(tmp_path, capsys, monkeypatch):
    src = two_reports(tmp_path)
    _fail_for(monkeypatch, errno.ENOSPC, "manifest.csv")
    assert run_extract(src, "-o", tmp_path / "out", "--workers", "1", "--timeout", "0") == 2
    assert capsys.readouterr().err == (f"thaitab: cannot write {tmp_path / 'out' / 'manifest.csv'}: "
                                       f"No space left on device\n")


# ---------------------------------------------------------------------------
# formulas stay text
# ---------------------------------------------------------------------------

FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "-2-3", "@SUM(A1:A2)", '=HYPERLINK("http://x.invalid","y")']


def test_formula_cells_are_text_in_excel_and_guarded_in_csv_on_request(tmp_path):
    import zipfile

    rows = [["Item", "Value"]] + [[f"row {i}", f] for i, f in enumerate(FORMULAS)]
    pdf = tmp_path / "tricks.pdf"
    pdf.write_bytes(table_pdf(rows))
    out = tmp_path / "out"
    assert run_extract(pdf, "-o", out, "--profile", "generic") == 0
    with zipfile.ZipFile(out / "tricks.xlsx") as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        for n in sheets:
            assert b"<f>" not in z.read(n) and b"<f " not in z.read(n)  # not one formula
    wb = openpyxl.load_workbook(out / "tricks.xlsx")
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    col = header.index("Value") + 1
    cells = [ws.cell(row=r, column=col) for r in range(2, 2 + len(FORMULAS))]
    assert [c.value for c in cells] == FORMULAS
    assert {c.data_type for c in cells} == {"s"}
    # CSV: as written by default (Thai cells often start with a "-" bullet) ...
    assert [r["Value"] for r in csv_rows(out / "tricks.csv")] == FORMULAS
    # ... and with an apostrophe in front with --csv-excel-safe; Excel output is the same
    assert run_extract(pdf, "-o", out, "--profile", "generic", "--csv-excel-safe") == 0
    assert [r["Value"] for r in csv_rows(out / "tricks.csv")] == ["'" + f for f in FORMULAS]
    assert [ws.cell(row=r, column=col).value for r in range(2, 2 + len(FORMULAS))] == FORMULAS


def test_formula_cells_in_the_combined_workbook_are_text(tmp_path):
    import zipfile

    rows = [["Issue", "Measure", "Output", "Outcome"]] + [[f, "m", f, "o"] for f in FORMULAS]
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.pdf").write_bytes(table_pdf(rows))
    (src / "b.pdf").write_bytes(table_pdf())
    out = tmp_path / "out"
    assert run_extract(src, "-o", out, "--profile", "ita", "--csv-excel-safe") == 0
    with zipfile.ZipFile(out / "all.xlsx") as z:
        assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    values = xlsx_values(out / "all.xlsx")["measures"]
    col = values[0].index("output")
    assert [r[col] for r in values[1:1 + len(FORMULAS)]] == FORMULAS


# ---------------------------------------------------------------------------
# a folder of bad files and two real reports
# ---------------------------------------------------------------------------

MIXED_FAILED = {  # name -> error in the manifest
    "empty.pdf": "empty file (0 bytes)",
    "webpage.pdf": "not a PDF (no %PDF header)",
    "truncated.pdf": "damaged PDF: the file ends too early (truncated?)",
    "locked/rc4.pdf": "encrypted PDF: a password is needed (--password)",
    "locked/aes.pdf": "encrypted PDF: a password is needed (--password)",
    "nopages.pdf": "the PDF has no pages",
    "bomb.pdf": "PDF too large to process safely (over 16 MB content on page 1)",
    "$(touch pwned).pdf": "empty file (0 bytes)",
}
MIXED_WARNED = {  # name -> a warning in the manifest (status ok)
    "letter.pdf": "no table found",
    "xref.pdf": "damaged PDF: its cross-reference table was rebuilt by scanning the file",
}


@pytest.mark.skipif(len(SAMPLES) < 2, reason="needs two sample PDFs")
def test_bad_files_beside_real_reports(tmp_path, bomb_bytes, monkeypatch):
    import thaitab.extract.ocr

    monkeypatch.setattr(thaitab.extract.ocr, "ocr_unavailable", lambda: "install tesseract-ocr and tesseract-ocr-tha")
    good = sorted(SAMPLES, key=lambda p: p.stat().st_size)[:2]
    clean_src, mixed_src = tmp_path / "clean", tmp_path / "mixed"
    for folder in (clean_src, mixed_src):
        folder.mkdir()
        for p in good:
            shutil.copyfile(p, folder / p.name)
    (mixed_src / "locked").mkdir()
    builders = {
        "empty.pdf": lambda: b"", "webpage.pdf": FAILING["webpage.pdf"][0], "truncated.pdf": truncated_pdf,
        "locked/rc4.pdf": FAILING["rc4.pdf"][0], "locked/aes.pdf": FAILING["aes.pdf"][0],
        "nopages.pdf": zero_page_pdf, "bomb.pdf": lambda: bomb_bytes,
        "$(touch pwned).pdf": lambda: b"", "cid.pdf": cid_pdf,
        "letter.pdf": lambda: pdf_bytes(page_objects(table_content([], title="Just a letter"))),
        "xref.pdf": broken_xref_pdf,
    }
    for name, build in builders.items():
        (mixed_src / name).write_bytes(build())

    clean, mixed = tmp_path / "out-clean", tmp_path / "out-mixed"
    assert run_extract(clean_src, "-o", clean, "--workers", "2") == 0
    assert run_extract(mixed_src, "-o", mixed, "--workers", "2", "--timeout", "120") == 1

    entries = manifest(mixed)
    assert sorted(entries) == sorted([p.name for p in good] + list(builders))
    for name, error in MIXED_FAILED.items():
        assert (entries[name]["status"], entries[name]["error"]) == ("failed", error), name
    assert entries["cid.pdf"]["status"] == "failed"
    assert "needs OCR ((cid:N) glyphs)" in entries["cid.pdf"]["error"]
    for name, warning in MIXED_WARNED.items():
        assert entries[name]["status"] == "ok" and warning in entries[name]["warnings"], name
    for p in good:
        assert entries[p.name]["status"] == "ok"
        stem = p.stem
        assert (mixed / f"{stem}.csv").read_bytes() == (clean / f"{stem}.csv").read_bytes()
        assert xlsx_values(mixed / f"{stem}.xlsx") == xlsx_values(clean / f"{stem}.xlsx")
    # the combined rows: the two reports' and the repaired xref file's
    clean_rows, mixed_rows = csv_rows(clean / "all.csv"), csv_rows(mixed / "all.csv")
    assert [r for r in mixed_rows if r["source_path"] != "xref.pdf"] == clean_rows
    assert not list(tmp_path.rglob("pwned"))
