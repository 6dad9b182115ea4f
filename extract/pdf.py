"""Open a PDF safely and hand out its pages one at a time.

Each page is parsed, used and closed before the next one is touched, so memory
stays flat however long the report is. Problems a user can act on become an
:class:`InputError` with a one-line reason.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator, Sequence

import pdfplumber

from extract.chars import Char, clean_chars


class InputError(Exception):
    """A PDF that cannot be read, with a one-line reason a user can act on."""


@contextmanager
def open_pdf(path: str | os.PathLike, password: str | None = None):
    """Open ``path`` with pdfplumber, turning low-level failures into InputError."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise InputError("file not found")
    if os.path.isdir(path):
        raise InputError("is a folder, not a PDF")
    if os.path.getsize(path) == 0:
        raise InputError("empty file (0 bytes)")
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise InputError("not a PDF (no %PDF header)")
    try:
        pdf = pdfplumber.open(path, password=password or "")
    except Exception as exc:  # pdfminer raises many types
        raise InputError(_reason(exc)) from None
    try:
        yield pdf
    finally:
        # PDF.close() re-parses every page (pdfplumber #1339); close the stream only
        try:
            pdf.stream.close()
        except Exception:
            pass


def _reason(exc: Exception) -> str:
    name = type(exc).__name__
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if "Password" in name or "password" in text.lower() or "Encrypt" in name:
        return "encrypted PDF: a password is needed (--password)"
    if "PDFSyntaxError" in name or "xref" in text.lower():
        return f"damaged PDF ({text or name})"
    return f"cannot read PDF ({name}{': ' + text if text else ''})"


def page_numbers(n_pages: int, pages: Sequence[int] | None) -> list[int]:
    """1-based page numbers to read, in order, within the document."""
    if pages is None:
        return list(range(1, n_pages + 1))
    return [p for p in pages if 1 <= p <= n_pages]


def iter_pages(pdf, pages: Sequence[int] | None = None) -> Iterator[tuple[int, object, list[Char]]]:
    """Yield (page number, pdfplumber page, clean chars), closing each page after use."""
    for no in page_numbers(len(pdf.pages), pages):
        page = pdf.pages[no - 1]
        try:
            chars = clean_chars(page.chars)
            yield no, page, chars
        finally:
            page.close()
            # pdfplumber keeps every page object in pdf.pages; drop its caches too
            try:
                pdf.pages[no - 1].__dict__.pop("_objects", None)
            except Exception:
                pass
