"""extract.guard: thaitab's pdfminer hooks are in place only while thaitab
parses, and the bounded decoder decodes what pdfminer decodes.

pdfminer and pdfplumber used directly in the same process, before, after or
beside (another thread) a thaitab run, behave as without thaitab. (A page over
its budget, end to end: tests/test_hostile.py.)
"""
from __future__ import annotations

import threading
import zlib

import pdfplumber
import pytest
from pdfminer import pdftypes
from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.pdffont import PDFCIDFont
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager

import thaitab.extract.guard
from thaitab.extract.guard import _Budget, _inflate, pdfminer_guard
from thaitab.extract.pdf import InputError, iter_pages, open_pdf
from tests.test_hostile import many_objects_pdf, page_objects, table_content
from tests.pdfs import pdf_bytes

HOOKED = [(pdftypes.PDFStream, "decode"), (PDFPageInterpreter, "render_contents"),
          (PDFPageInterpreter, "process_page"), (PDFLayoutAnalyzer, "render_char"),
          (PDFLayoutAnalyzer, "paint_path"), (PDFLayoutAnalyzer, "render_image"),
          (PDFResourceManager, "get_font"), (PDFCIDFont, "to_unichr")]


def pdfminer_methods() -> list[object]:
    return [owner.__dict__.get(name) for owner, name in HOOKED]


@pytest.fixture
def busy(tmp_path, monkeypatch):
    """A page of 1,500 shapes, over a page budget lowered to 1,000 objects."""
    monkeypatch.setattr(thaitab.extract.guard, "MAX_PAGE_OBJECTS", 1000)
    path = tmp_path / "busy.pdf"
    path.write_bytes(many_objects_pdf(1500))
    return path


def direct_objects(path) -> int:
    """pdfplumber used directly: how many lines the page draws."""
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages[0].lines)


def test_the_hooks_are_in_place_only_inside_the_guard():
    original = pdfminer_methods()
    with pdfminer_guard():
        inside = pdfminer_methods()
        assert all(a is not b for a, b in zip(inside, original))
        with pdfminer_guard():  # nested: the same hooks, still in place when the inner block ends
            assert pdfminer_methods() == inside
        assert pdfminer_methods() == inside
    assert pdfminer_methods() == original


def test_after_thaitab_reads_a_pdf_pdfminer_is_its_own_again(tmp_path, busy):
    from thaitab.pipeline import process_pdf

    original = pdfminer_methods()
    assert direct_objects(busy) == 1500  # no budget outside thaitab
    assert "over 1,000 characters and shapes" in process_pdf(busy).error
    assert pdfminer_methods() == original
    assert direct_objects(busy) == 1500
    good = tmp_path / "good.pdf"
    good.write_bytes(pdf_bytes(page_objects(table_content([["a", "b"], ["1", "2"]]))))
    assert process_pdf(good).error is None
    assert pdfminer_methods() == original


def test_inside_the_guard_pdfplumber_gets_the_page_budget(busy):
    with pdfminer_guard():
        with pytest.raises(Exception, match="over 1,000 characters"):
            direct_objects(busy)
    assert direct_objects(busy) == 1500


def test_left_on_an_exception_and_when_a_generator_is_closed_early(tmp_path, busy):
    original = pdfminer_methods()
    with pytest.raises(InputError):
        with open_pdf(busy) as pdf:
            list(iter_pages(pdf))
    assert pdfminer_methods() == original
    two = tmp_path / "two.pdf"
    objs = page_objects(table_content([["a", "b"]]))
    objs[1] = b"<< /Type /Pages /Kids [3 0 R 3 0 R] /Count 2 >>"
    two.write_bytes(pdf_bytes(objs))
    with pdfplumber.open(two) as pdf:  # a PDF not opened by thaitab
        pages = iter_pages(pdf)
        no, _page, chars = next(pages)
        assert no == 1 and chars
        assert pdfminer_methods() == original  # between pages the hooks are out
        pages.close()
    assert pdfminer_methods() == original


def test_threads_each_get_what_they_asked_for(busy):
    """A thread inside the guard keeps the hooks while another leaves its own
    guard; a thread outside any guard meanwhile gets pdfminer's behaviour."""
    original = pdfminer_methods()
    entered, release = threading.Event(), threading.Event()
    seen: dict[str, object] = {}

    def holder() -> None:
        with pdfminer_guard():
            entered.set()
            release.wait(30)
            try:
                direct_objects(busy)
            except Exception as exc:  # the budget applies in this thread
                seen["holder"] = exc

    t = threading.Thread(target=holder)
    t.start()
    try:
        assert entered.wait(30)
        with pdfminer_guard():
            pass
        assert pdfminer_methods() != original  # the other thread still holds its guard
        seen["outsider"] = direct_objects(busy)  # this thread is in no guard: no budget
    finally:
        release.set()
        t.join(30)
    assert seen["outsider"] == 1500
    assert "over 1,000 characters" in str(seen["holder"])
    assert pdfminer_methods() == original


# ---------------------------------------------------------------------------
# the bounded decoder decodes what pdfminer decodes
# ---------------------------------------------------------------------------


def test_bounded_inflate_matches_pdfminer_on_good_and_damaged_streams():
    import random

    from pdfminer.pdftypes import decompress_corrupted

    def pdfminer_inflate(data: bytes) -> bytes:  # what PDFStream.decode does (non-strict)
        try:
            return zlib.decompress(data)
        except zlib.error:
            try:
                return decompress_corrupted(data)
            except zlib.error:
                return b""

    rng = random.Random(7)
    for _ in range(300):
        raw = bytes(rng.getrandbits(8) if rng.random() < 0.3 else 65 for _ in range(rng.choice([0, 10, 5000, 150_000])))
        comp = bytearray(zlib.compress(raw, rng.choice([1, 9])))
        kind = rng.choice(["ok", "flip", "truncate", "trailing", "checksum"])
        if kind == "flip":
            comp[rng.randrange(len(comp))] ^= 1 << rng.randrange(8)
        elif kind == "truncate":
            comp = comp[: rng.randrange(len(comp))]
        elif kind == "trailing":
            comp += b"garbage after the end"
        elif kind == "checksum":
            comp[-1] ^= 0xFF
        data = bytes(comp)
        assert _inflate(data, 1 << 40, _Budget(None, counting=False)) == pdfminer_inflate(data), kind
