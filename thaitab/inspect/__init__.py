"""See what thaitab saw: one annotated picture per page and an HTML index.

``thaitab inspect report.pdf -o DIR`` runs the pipeline once with a trace
(:mod:`thaitab.trace`: what :func:`thaitab.pipeline.process_pdf` decided on each
page) and draws that trace. Every page becomes ``DIR/page-NNN.png``:
the rendered page with the table grid, header rows and their "(ต่อ)" marks,
rows carried over from the page before, merged cells that were filled down,
text left out of the table, OCR'd pages and the Thai repairs made in each
cell, colour-coded, with a legend drawn below the page. ``DIR/index.html``
shows each picture beside the rows extracted from it; each row links to its box
on the picture and each box back to its row.

This module is the command; the work is in :mod:`thaitab.inspect.seen` (what the
trace says to show), :mod:`thaitab.inspect.draw` (the pictures) and
:mod:`thaitab.inspect.index` (the HTML).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Sequence

from thaitab.extract.pdf import InputError, check_pages, open_pdf
from thaitab.inspect.draw import DEFAULT_RESOLUTION, render_page
from thaitab.inspect.index import write_index
from thaitab.inspect.seen import see_open_pdf
from thaitab.pipeline import Options


def inspect_pdf(pdf_path: str | os.PathLike, out_dir: str | os.PathLike, pages: Sequence[int] | None = None,
                *, profile: str = "auto", password: str | None = None,
                resolution: float = DEFAULT_RESOLUTION, notes: list[str] | None = None,
                column_map: dict[str, str] | None = None) -> list[Path]:
    """Write ``out_dir/page-NNN.png`` for every page (or ``pages``) and
    ``out_dir/index.html``; return the PNG paths in page order.

    Raises :class:`extract.pdf.InputError` for a PDF that cannot be read (or
    none of whose ``pages`` exists); pages it does not have are named in ``notes``."""
    out = Path(out_dir)
    written: list[Path] = []
    images: dict[int, tuple[str, int, int, float]] = {}
    options = Options(profile, pages, password, column_map)
    with open_pdf(pdf_path, password) as pdf:
        missing = check_pages(len(pdf.pages), pages)
        if missing and notes is not None:
            notes.append(missing)
        out.mkdir(parents=True, exist_ok=True)
        seen = see_open_pdf(pdf, pdf_path, options)
        for p in seen.pages:
            page = pdf.pages[p - 1]
            try:
                img, scale = render_page(page, seen, p, resolution)
            finally:
                page.close()
            name = f"page-{p:03d}.png"
            tmp = out / (name + ".tmp")
            img.save(tmp, format="PNG", optimize=False)
            os.replace(tmp, out / name)
            images[p] = (name, img.size[0], img.size[1], scale)
            written.append(out / name)
    write_index(seen, out, os.path.basename(os.fspath(pdf_path)), images)
    return written


def register(subparsers) -> argparse.ArgumentParser:
    """Add ``thaitab inspect PDF [--pages 3-5] -o DIR`` to the CLI's subparsers."""
    from thaitab.cli import add_profile_options, parse_pages

    p = subparsers.add_parser(
        "inspect", help="draw what thaitab saw on each page, with an HTML index",
        description="Write DIR/page-NNN.png for each page (table grid, header rows and their (ต่อ) marks, "
                    "rows continued across a page break, merged cells filled down, text outside the table, "
                    "OCR pages, Thai repairs per cell, with a legend) and DIR/index.html showing each page "
                    "beside the rows extracted from it.")
    p.add_argument("pdf", help="a PDF file")
    p.add_argument("-o", "--out", default="inspect", metavar="DIR", help="output folder (default: inspect)")
    p.add_argument("--pages", type=parse_pages, default=None, metavar="RANGE", help="only these pages, e.g. 3-5")
    add_profile_options(p)
    p.add_argument("--password", default=None, help="password for encrypted PDFs")
    p.add_argument("--resolution", type=float, default=DEFAULT_RESOLUTION, metavar="DPI",
                   help=f"picture resolution in dots per inch (default: {DEFAULT_RESOLUTION})")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    """The ``inspect`` command; 0 on success, 1 when the PDF cannot be read
    or the pictures cannot be written (one line naming the path and the reason)."""
    from thaitab.normalize.profiles import ProfileError, get_profile

    try:
        get_profile(getattr(args, "profile", "auto"))
    except ProfileError as exc:
        print(f"thaitab: {exc}", file=sys.stderr)
        return 2
    notes: list[str] = []
    try:
        pngs = inspect_pdf(args.pdf, args.out, args.pages, profile=getattr(args, "profile", "auto"),
                           password=getattr(args, "password", None),
                           resolution=getattr(args, "resolution", DEFAULT_RESOLUTION), notes=notes,
                           column_map=getattr(args, "column_map", None))
    except InputError as exc:
        print(f"thaitab: {args.pdf}: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        out = Path(args.out)
        reason = ("it exists and is not a folder" if out.exists() and not out.is_dir()
                  else exc.strerror or str(exc))
        where = str(exc.filename).removesuffix(".tmp") if exc.filename else out  # never the temporary name
        print(f"thaitab: cannot write {where}: {reason}", file=sys.stderr)
        return 1
    finally:
        for note in notes:
            print(f"thaitab: {args.pdf}: {note}", file=sys.stderr)
    print(f"{len(pngs)} page picture(s) and {Path(args.out) / 'index.html'}")
    return 0
