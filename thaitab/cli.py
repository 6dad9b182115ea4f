"""Command line: ``thaitab extract`` and ``thaitab text``. Thin by design: the
work is in :mod:`thaitab.pipeline`, the files in :mod:`thaitab.write`."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Iterable, Sequence

from thaitab import __version__
from thaitab.pipeline import PROFILES, Options


def parse_pages(text: str | None) -> list[int] | None:
    """"1-3,5" → [1, 2, 3, 5]; None for all pages."""
    if not text:
        return None
    pages: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            a, b = part.split("-", 1)
            lo, hi = int(a), int(b)
            if lo < 1 or hi < lo:
                raise argparse.ArgumentTypeError(f"bad page range {part!r}")
            pages.extend(range(lo, hi + 1))
        else:
            n = int(part)
            if n < 1:
                raise argparse.ArgumentTypeError(f"bad page number {part!r}")
            pages.append(n)
    return pages


def find_pdfs(inputs: Iterable[str]) -> list[tuple[Path, Path]]:
    """(pdf path, output sub-folder relative to OUTDIR) for every input.

    A folder is searched recursively and its sub-folders are mirrored under
    OUTDIR, so equal file names in different folders never collide.
    """
    found: list[tuple[Path, Path]] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() == ".pdf":
                    found.append((f, f.parent.relative_to(p)))
        else:
            found.append((p, Path(".")))
    return found


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thaitab",
        description="Turn Thai government report PDFs into tidy CSV and Excel tables.",
    )
    parser.add_argument("--version", action="version", version=f"thaitab {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="extract the tables of PDFs to CSV and Excel",
                        description="For each PDF write OUTDIR/<stem>.csv and OUTDIR/<stem>.xlsx. "
                                    "Exit code 0 when every file succeeded.")
    ex.add_argument("inputs", nargs="+", metavar="INPUT", help="PDF files or folders of them (searched recursively)")
    ex.add_argument("-o", "--out", default="outputs", metavar="OUTDIR", help="output folder (default: outputs)")
    ex.add_argument("--profile", choices=PROFILES, default="auto",
                    help="column profile: ita (ITA measures report), generic (the table's own headers), "
                         "auto (ITA when the headers say so; default)")
    ex.add_argument("--pages", type=parse_pages, default=None, metavar="RANGE",
                    help="only these 1-based pages, e.g. 1-3,7")
    ex.add_argument("--password", default=None, help="password for encrypted PDFs")
    ex.add_argument("--csv-excel-safe", action="store_true",
                    help="prefix CSV cells starting with = + - @ with an apostrophe, so that Excel "
                         "never reads them as formulas (Excel output is always safe)")
    ex.add_argument("--no-excel", action="store_true", help="write CSV only")
    ex.add_argument("-q", "--quiet", action="store_true", help="print errors only")

    tx = sub.add_parser("text", help="print the repaired text of a PDF, page by page",
                        description="The repaired text of every page in reading order, pages separated "
                                    "by a form feed. Uses the same Thai repairs as the tables.")
    tx.add_argument("pdf", help="a PDF file")
    tx.add_argument("-o", "--out", default=None, metavar="FILE", help="write to FILE instead of standard output")
    tx.add_argument("--pages", type=parse_pages, default=None, metavar="RANGE", help="only these pages")
    tx.add_argument("--password", default=None, help="password for encrypted PDFs")
    return parser


def cmd_extract(args: argparse.Namespace) -> int:
    from thaitab.output import write_result
    from thaitab.pipeline import process_pdf

    pdfs = find_pdfs(args.inputs)
    if not pdfs:
        print("thaitab: no PDF files found", file=sys.stderr)
        return 2
    out_root = Path(args.out)
    options = Options(profile=args.profile, pages=args.pages, password=args.password)
    failed = 0
    for path, rel in pdfs:
        result = process_pdf(path, options)
        if result.error:
            failed += 1
            print(f"thaitab: {path}: {result.error}", file=sys.stderr)
            continue
        try:
            written = write_result(result, out_root / rel, excel=not args.no_excel,
                                   csv_excel_safe=args.csv_excel_safe)
        except OSError as exc:
            failed += 1
            print(f"thaitab: {path}: cannot write output: {exc.strerror or exc}", file=sys.stderr)
            continue
        if not args.quiet:
            note = f"; {'; '.join(result.warnings)}" if result.warnings else ""
            print(f"{path}: {result.rows} rows in {len(result.tables)} table(s), {result.pages} pages, "
                  f"{result.seconds:.1f}s -> {', '.join(str(w) for w in written)}{note}", file=sys.stderr)
    return 1 if failed else 0


def cmd_text(args: argparse.Namespace) -> int:
    from extract.pdf import InputError
    from thaitab.text import pdf_text

    try:
        text = pdf_text(args.pdf, pages=args.pages, password=args.password)
    except InputError as exc:
        print(f"thaitab: {args.pdf}: {exc}", file=sys.stderr)
        return 1
    if args.out:
        from thaitab.write import atomic_path

        with atomic_path(args.out) as tmp:
            Path(tmp).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "extract":
        return cmd_extract(args)
    return cmd_text(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
