"""Open a PDF safely and hand out its pages one at a time.

Each page is parsed, used and closed before the next one is touched, so memory
stays flat however long the report is. Problems a user can act on become an
:class:`InputError` with a one-line reason:

* a page over its budget (:mod:`extract.guard`: a decompression bomb, too much
  content, too many objects): "PDF too large to process safely (...)";
* a cross-reference table whose offsets point to the wrong places (pdfminer
  then finds no page) is rebuilt by scanning the file, with a
  :class:`RepairWarning`;
* an encrypted PDF without (or with the wrong) ``password``, a truncated or
  damaged file, a PDF without pages: one line each, no traceback.

The file is read inside :func:`extract.guard.pdfminer_guard` (entered by
:func:`open_pdf` and for each page by :func:`iter_pages`), so thaitab's hooks
are in pdfminer only while thaitab parses.
"""
from __future__ import annotations

import os
import warnings
from contextlib import contextmanager
from typing import Iterator, Sequence

import pdfplumber

from thaitab.extract.chars import Char, clean_chars
from thaitab.extract.fonts import cid_texts, fonts_used, has_cids, wanted_cids
from thaitab.extract.glyph_shapes import UNREAD
from thaitab.extract.misread_marks import repair_misread_marks
from thaitab.extract.guard import ContentTooLarge, page_guard, pdfminer_guard
from thaitab.extract.settings import current


class InputError(Exception):
    """A PDF that cannot be read, with a one-line reason a user can act on."""


class RepairWarning(UserWarning):
    """The PDF was damaged and has been read anyway ("cross-reference table rebuilt")."""


@contextmanager
def open_pdf(path: str | os.PathLike, password: str | None = None):
    """Open ``path`` with pdfplumber, turning low-level failures into InputError.

    The block runs inside :func:`pdfminer_guard`: thaitab's hooks are in pdfminer
    while the PDF is read, and gone when the block is left."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise InputError("file not found")
    if os.path.isdir(path):
        raise InputError("is a folder, not a PDF")
    if not os.path.isfile(path):
        raise InputError("not a regular file (a device or a pipe?)")
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}") from None
    if size == 0:
        raise InputError("empty file (0 bytes)")
    if b"%PDF-" not in head:
        raise InputError("not a PDF (no %PDF header)")
    with pdfminer_guard():
        pdf = _open(path, password)
        try:
            yield pdf
        finally:
            _close(pdf)  # PDF.close() re-parses every page (pdfplumber #1339): the stream only


def _open(path: str, password: str | None):
    """pdfplumber's PDF with its page list read; a rebuilt xref when pdfminer found no page."""
    try:
        pdf = pdfplumber.open(path, password=password or "")
    except Exception as exc:  # pdfminer raises many types
        raise InputError(_reason(exc, password)) from None
    first: BaseException | None = None
    try:
        if pdf.pages:
            return pdf
    except Exception as exc:
        first = exc
    # No page: an empty page tree, or xref offsets that point to the wrong
    # places (pdfminer then reads garbage as the catalog). Scan the file.
    try:
        pdf.__dict__.pop("_pages", None)
        pdf.doc = _rescanned(pdf.stream, password)
        found = len(pdf.pages)
    except Exception as exc:
        _close(pdf)
        raise InputError(_reason(first or exc, password)) from None
    if not found:
        _close(pdf)
        if first is not None:
            raise InputError(_reason(first, password))
        raise InputError("the PDF has no pages")
    warnings.warn("damaged PDF: its cross-reference table was rebuilt by scanning the file",
                  RepairWarning, stacklevel=3)
    return pdf


def _rescanned(stream, password: str | None):
    """A pdfminer document whose xref comes from scanning the whole file."""
    from pdfminer.pdfdocument import PDFDocument, PDFNoValidXRef
    from pdfminer.pdfparser import PDFParser

    class _Rescan(PDFDocument):
        def find_xref(self, parser):  # noqa: ANN001 - pdfminer's signature
            raise PDFNoValidXRef("rescan the file")

    stream.seek(0)
    return _Rescan(PDFParser(stream), password=password or "")


def _close(pdf) -> None:
    try:
        pdf.stream.close()
    except Exception:
        pass


def _cause(exc: BaseException) -> BaseException:
    """The pdfminer exception inside pdfplumber's PdfminerException wrapper."""
    seen = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, ContentTooLarge):
            return exc
        inner = next((a for a in getattr(exc, "args", ()) if isinstance(a, BaseException)), None)
        inner = inner or exc.__cause__ or exc.__context__
        if inner is None or type(exc).__name__ not in ("PdfminerException", "MalformedPDFException"):
            return exc
        exc = inner
    return exc


def _reason(exc: BaseException, password: str | None = None) -> str:
    exc = _cause(exc)
    if isinstance(exc, ContentTooLarge):
        return exc.reason()
    name = type(exc).__name__
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if name == "PDFPasswordIncorrect" or "password" in text.lower():
        if password:
            return "encrypted PDF: the password is wrong (--password)"
        return "encrypted PDF: a password is needed (--password)"
    if "Encrypt" in name:
        return f"encrypted PDF: cannot decrypt it ({text or name})"
    if isinstance(exc, MemoryError):
        return "PDF too large to process safely (out of memory)"
    if isinstance(exc, RecursionError):
        return "damaged PDF (objects nested too deeply)"
    if name in ("PSEOF", "EOFError") or "unexpected eof" in text.lower():
        return "damaged PDF: the file ends too early (truncated?)"
    if "PDFSyntaxError" in name or "xref" in text.lower() or name.startswith(("PS", "PDF")):
        return f"damaged PDF ({text or name})"
    return f"cannot read PDF ({name}{': ' + text if text else ''})"


def page_numbers(n_pages: int, pages: Sequence[int] | None) -> list[int]:
    """1-based page numbers to read, in order, within the document."""
    if pages is None:
        return list(range(1, n_pages + 1))
    return [p for p in pages if 1 <= p <= n_pages]


def page_span(pages: Sequence[int]) -> str:
    """[3, 4, 5, 9] → "pages 3-5, 9"; [7] → "page 7"."""
    runs: list[list[int]] = []
    for p in sorted(set(pages)):
        if runs and p == runs[-1][1] + 1:
            runs[-1][1] = p
        else:
            runs.append([p, p])
    text = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)
    return ("page " if len(runs) == 1 and runs[0][0] == runs[0][1] else "pages ") + text


def check_pages(n_pages: int, pages: Sequence[int] | None) -> str | None:
    """Asked-for pages the document does not have, said once, never silently.

    None when every page asked for exists; a note naming the others ("pages
    18-30 do not exist: the PDF has 17 pages") when some do. Raises
    :class:`InputError` when none does: reading nothing is not a result."""
    if pages is None:
        return None
    missing = [p for p in pages if not 1 <= p <= n_pages]
    if not missing:
        return None
    span = page_span(missing)
    verb = "does" if span.startswith("page ") else "do"
    note = f"{span} {verb} not exist: the PDF has {n_pages} page{'' if n_pages == 1 else 's'}"
    if len(missing) == len(pages):
        raise InputError(note)
    return note


def iter_pages(pdf, pages: Sequence[int] | None = None) -> Iterator[tuple[int, object, list[Char]]]:
    """Yield (page number, pdfplumber page, clean chars), closing each page after use.

    Each page is read inside :func:`pdfminer_guard` (also when ``pdf`` was not
    opened by :func:`open_pdf`); between pages, pdfminer is left as it was.
    Raises :class:`InputError` for a page over the size limits or one pdfminer
    cannot parse, and when none of ``pages`` exists (:func:`check_pages`)."""
    check_pages(len(pdf.pages), pages)
    font_cache: dict[int, object] = {}  # font programs read once per document
    votes: dict = {}  # the misread marks' votes, carried from page to page
    for no in page_numbers(len(pdf.pages), pages):
        page = pdf.pages[no - 1]
        try:
            with pdfminer_guard():
                chars = page_chars(page, no, font_cache, votes)
            yield no, page, chars
        finally:
            page.close()
            # pdfplumber keeps every page object in pdf.pages; drop its caches too
            try:
                pdf.pages[no - 1].__dict__.pop("_objects", None)
            except Exception:
                pass


def page_chars(page, no: int, font_cache: dict, votes: dict | None = None) -> list[Char]:
    """The clean chars of page ``no``: laid out within the page's budget,
    "(cid:N)" glyphs read from their font (:mod:`extract.fonts`) or, a few, from
    the page image, marks the text layer calls digits named
    (:mod:`extract.misread_marks`, ``votes`` kept for the document); what
    nothing reads is :data:`extract.glyph_shapes.UNREAD`."""
    try:
        with page_guard(no), fonts_used() as used:
            raw = page.chars  # pdfminer lays the page out here
    except Exception as exc:
        cause = _cause(exc)
        if isinstance(cause, ContentTooLarge):
            raise InputError(cause.reason()) from None
        raise InputError(f"page {no}: {_reason(exc)}") from None
    cids = cid_texts(page, font_cache, wanted_cids(raw), used) if has_cids(raw) else None
    chars = clean_chars(raw, cids)
    misread = repair_misread_marks(chars, votes)
    if cids is not None:
        for ch in chars:  # a font outside the page's resources: unread, marked
            if ch.text.startswith("(cid:"):
                ch.text = UNREAD
    if cids is not None or misread:
        _read_unread_from_image(page, chars)
    return chars


def _read_unread_from_image(page, chars: list[Char]) -> None:
    """Read a page's few unread glyphs from their words on the page image; a
    page mostly unread is left to OCR whole (:func:`extract.ocr.page_needs_ocr`)."""
    unread = sum(ch.text == UNREAD for ch in chars)
    if not unread:
        return
    from thaitab.extract.glyph_ocr import read_unread
    from thaitab.extract.ocr import MAX_CID_SHARE

    few = current().pdf.few_unread_glyphs
    if unread < few or unread <= MAX_CID_SHARE * sum(1 for ch in chars if ch.text.strip()):
        read_unread(page, chars)

