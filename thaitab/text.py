"""``thaitab text``: the repaired text of every page, in reading order."""
from __future__ import annotations

import os
from typing import Sequence

from thaitab.extract.lines import group_lines
from thaitab.extract.pdf import check_pages, iter_pages, open_pdf
from thaitab.normalize import thai


def page_text(chars) -> str:
    """Lines top to bottom; within a line, glyph clusters left to right."""
    return "\n".join(line.text for line in group_lines(chars))


def pdf_text(path: str | os.PathLike, pages: Sequence[int] | None = None, password: str | None = None,
             notes: list[str] | None = None) -> str:
    """Repaired text of the PDF's pages, separated by form feeds.

    Pages asked for that the PDF does not have are named in ``notes``; none
    of them existing raises :class:`extract.pdf.InputError`."""
    out = []
    with open_pdf(path, password) as pdf:
        missing = check_pages(len(pdf.pages), pages)
        if missing and notes is not None:
            notes.append(missing)
        for _, _, chars in iter_pages(pdf, pages):
            out.append(thai.repair(page_text(chars)))
    return "\f".join(out) + ("\n" if out else "")
