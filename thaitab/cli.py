"""Command line: ``thaitab extract``, ``text``, ``profiles`` and ``settings``
(``inspect``: :mod:`thaitab.inspect`). Thin by design: the work is in
:mod:`thaitab.pipeline`, the files in :mod:`thaitab.write`."""
from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import sys
from pathlib import Path
from typing import Iterable, Sequence

from thaitab.extract.settings import Settings
from thaitab import __version__
from thaitab.pipeline import Options


def parse_pages(text: str | None) -> list[int] | None:
    """"1-3,5" → [1, 2, 3, 5]; None for all pages.

    Raises :class:`argparse.ArgumentTypeError` with a message a user can act on
    ("not a page range: 'abc' (write e.g. 3 or 1-3,7)")."""
    if not text:
        return None
    pages: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            if "-" in part:
                a, b = part.split("-", 1)
                lo, hi = int(a), int(b)
            else:
                lo = hi = int(part)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a page range: {text!r} (write e.g. 3 or 1-3,7)") from None
        if lo < 1 or hi < lo:
            raise argparse.ArgumentTypeError(f"bad page range {part!r} (pages count from 1, low to high)")
        pages.extend(range(lo, hi + 1))
    return pages


def find_pdfs(inputs: Iterable[str],
              skipped: list[tuple[str, bool]] | None = None) -> list[tuple[Path, Path]]:
    """(pdf path, output sub-folder relative to OUTDIR) for every input.

    A folder is searched recursively and its sub-folders are mirrored under
    OUTDIR, so equal file names in different folders never collide.

    Left out, each with (a note, whether it counts as a failure) appended to
    ``skipped``:

    * inside a folder, a symbolic link to a file outside that folder (not a
      failure): a folder of untrusted files cannot make thaitab read, and copy
      into its outputs, a file elsewhere. Links to folders are never followed
      (no loops, no escape). A PDF named on the command line is always read,
      link or not;
    * a name that is not valid UTF-8 (a failure): it cannot be written into
      the outputs and the manifest (Thai names from old Windows archives are
      often TIS-620; ``convmv -f cp874 -t utf-8`` renames them).
    """
    found: list[tuple[Path, Path]] = []

    def keep(f: Path, rel: Path) -> None:
        try:
            (rel / f.name).as_posix().encode("utf-8")
        except UnicodeEncodeError:
            if skipped is not None:
                skipped.append((f"{_shown(f)}: skipped: its name is not valid UTF-8 "
                                f"(rename it, e.g. convmv -f cp874 -t utf-8)", True))
            return
        found.append((f, rel))

    for item in inputs:
        p = Path(item)
        if p.is_dir():
            root = p.resolve()
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() == ".pdf":
                    if f.is_symlink() and not _inside(f, root):
                        if skipped is not None:
                            skipped.append((f"{_shown(f)}: skipped: a symbolic link to a file outside "
                                            f"{_shown(p)}", False))
                        continue
                    keep(f, f.parent.relative_to(p))
        else:
            keep(p, Path("."))
    return found


def _option_hint(path: Path) -> str:
    """A hint for a missing input that looks like an option: after ``--`` every
    word is a file name, so options must come first."""
    return " (options such as -o go before --)" if path.name.startswith("-") else ""


def _shown(path: Path) -> str:
    """A path for a message, undecodable bytes as \\xNN."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


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
    ex.add_argument("-o", "--out", required=True, metavar="OUTDIR",
                    help="output folder (required: thaitab never picks a folder to write into for you; "
                         "it is created when missing)")
    add_profile_options(ex)
    ex.add_argument("--pages", type=parse_pages, default=None, metavar="RANGE",
                    help="only these 1-based pages, e.g. 1-3,7 (pages a PDF does not have are named in a "
                         "warning; a PDF with none of them fails)")
    ex.add_argument("--password", default=None, help="password for encrypted PDFs")
    ex.add_argument("--csv-excel-safe", action="store_true",
                    help="prefix CSV cells starting with = + - @, a tab or a carriage return with an "
                         "apostrophe, so that a spreadsheet opening the CSV never runs them as formulas "
                         "(off by default: Thai reports start many cells with a '-' bullet; the .xlsx "
                         "is always safe: every text cell is a string, never a formula)")
    ex.add_argument("--no-excel", action="store_true", help="write CSV only")
    ex.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    batch = ex.add_argument_group(
        "batches", "With a folder or several PDFs, OUTDIR also gets manifest.csv (one line per input) and "
                   "all.csv / all.xlsx / all.parquet (the measures rows of every file, in input order). "
                   "A re-run skips files whose manifest entry is ok and unchanged, so an interrupted "
                   "batch resumes where it stopped.")
    batch.add_argument("--workers", type=_positive_int, default=None, metavar="N",
                       help=f"worker processes (default: the number of CPUs, {os.cpu_count() or 1})")
    batch.add_argument("--timeout", type=_seconds, default=600.0, metavar="SECONDS",
                       help="give up on a file after this long; it fails, the others go on "
                            "(default: 600; 0: no limit)")
    batch.add_argument("--force", action="store_true",
                       help="redo every file, even those the manifest lists as done and unchanged, and "
                            "overwrite files in OUTDIR that thaitab did not write (without --force such a "
                            "file is left alone and its PDF fails: 'OUTDIR/x.csv exists and is not a "
                            "thaitab output')")
    batch.add_argument("--max-files-per-worker", type=_positive_int, default=20, metavar="N",
                       help="replace each worker process after N files, to give back the memory "
                            "parsers keep (default: 20)")
    batch.add_argument("--executor", choices=("local", "dask"), default="local",
                       help="local: worker processes on this machine (default); dask: an existing "
                            "dask.distributed cluster (needs pip install \"thaitab[dask]\" and --scheduler)")
    batch.add_argument("--scheduler", default=None, metavar="ADDRESS",
                       help="the dask scheduler, e.g. tcp://10.0.0.5:8786")
    add_setting_option(ex)

    tx = sub.add_parser("text", help="print the repaired text of a PDF, page by page",
                        description="The repaired text of every page in reading order, pages separated "
                                    "by a form feed. Uses the same Thai repairs as the tables.")
    tx.add_argument("pdf", help="a PDF file")
    tx.add_argument("-o", "--out", default=None, metavar="FILE", help="write to FILE instead of standard output")
    tx.add_argument("--pages", type=parse_pages, default=None, metavar="RANGE", help="only these pages")
    tx.add_argument("--password", default=None, help="password for encrypted PDFs")
    add_setting_option(tx)
    pr = sub.add_parser("profiles", help="list the column profiles thaitab ships",
                        description="The shipped column profiles: name, what table they are for, their "
                                    "columns and the data file that defines them (copy one to write your "
                                    "own and pass it with --profile FILE.toml).")
    pr.add_argument("name", nargs="?", help="print this profile's file (its vocabulary and evidence)")
    st = sub.add_parser("settings", help="list the tolerances thaitab reads with: name, default, reason",
                        description="Every setting --setting SECTION.NAME=VALUE (extract, text, inspect) and "
                                    "read_pdf(settings={...}) can change: its name, its default and why it "
                                    "has that value.")
    st.add_argument("names", nargs="*", metavar="NAME", help="only these settings or sections (e.g. cells)")
    from thaitab import inspect as inspect_command

    add_setting_option(inspect_command.register(sub))
    return parser


def add_setting_option(p: argparse.ArgumentParser) -> None:
    """--setting, shared by extract, text and inspect (checked in :func:`main`)."""
    p.add_argument("--setting", dest="settings", action="append", default=None, metavar="SECTION.NAME=VALUE",
                   help="change one tolerance for this run, e.g. --setting cells.min_gutter_em=0.8 "
                        "(repeatable; every name, its default and reason: thaitab settings)")


def chosen_settings(assignments: Sequence[str] | None) -> Settings:
    """The settings in force with the command line's ``--setting`` values;
    ValueError (one line naming the setting) for an unknown name or a bad value."""
    from thaitab.extract.settings import current, override, parse_assignment

    return override(current(), dict(parse_assignment(a) for a in assignments or ()))


def add_profile_options(p: argparse.ArgumentParser) -> None:
    """--profile and --map, shared by extract and inspect."""
    from thaitab.normalize.profiles import profile_names

    p.add_argument("--profile", default="auto", metavar="NAME|FILE.toml",
                   help=f"column profile: {', '.join(profile_names())} or a profile file. auto (default) "
                        "takes a shipped profile only when header words and cell contents both say so "
                        "(else generic: the table's own headers); see thaitab profiles")
    p.add_argument("--map", dest="column_map", action="append", type=_map_item, default=None,
                   metavar="HEADER=COLUMN",
                   help="say what a column is: its header (or 1-based column number) = a profile column, "
                        "or any name to keep it under, e.g. --map \"แนวทางปฏิบัติ=steps\" (repeatable)")


def _map_item(text: str) -> tuple[str, str]:
    key, sep, value = text.rpartition("=")
    if not sep or not key.strip() or not value.strip():
        raise argparse.ArgumentTypeError(f"expected HEADER=COLUMN, not {text!r}")
    return key.strip(), value.strip()


def _positive_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def _seconds(text: str) -> float:
    try:
        x = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not x >= 0 or x == float("inf"):
        raise argparse.ArgumentTypeError(f"must be 0 (no limit) or more seconds, not {text}")
    return x


def cmd_extract(args: argparse.Namespace) -> int:
    from thaitab import output
    from thaitab.batch import BatchError, BatchSettings, run_batch

    pdfs, failed_early = _inputs(args.inputs, args.quiet)
    if not pdfs:
        print(f"thaitab: no PDF files found in {', '.join(args.inputs)}", file=sys.stderr)
        return 2
    if not any(pdf.exists() for pdf, _ in pdfs):
        # nothing to read: say so for each input and leave the file system as it was
        for pdf, _ in pdfs:
            print(f"thaitab: {_shown(pdf)}: file not found{_option_hint(pdf)}", file=sys.stderr)
        return 1
    try:
        options = Options(profile=args.profile, pages=args.pages, password=args.password,
                          column_map=dict(args.column_map) if args.column_map else None)
    except ValueError as exc:  # an unknown profile, a profile file that cannot be used
        print(f"thaitab: {exc}", file=sys.stderr)
        return 2
    # a single PDF gets its own outputs only; a folder or several PDFs make a batch
    combined = len(pdfs) > 1 or any(Path(i).is_dir() for i in args.inputs)
    taken = _foreign_batch_file(Path(args.out), args.force) if combined else None
    if taken:
        print(f"thaitab: {taken}", file=sys.stderr)
        return 2
    previous_force = output.set_force(args.force)  # may per-file outputs replace foreign files?
    try:
        settings = BatchSettings(
            out=Path(args.out), options=options, workers=args.workers or 0, timeout=args.timeout,
            max_files_per_worker=args.max_files_per_worker, excel=not args.no_excel,
            csv_excel_safe=args.csv_excel_safe, force=args.force, combined=combined,
            executor=args.executor, scheduler=args.scheduler, quiet=args.quiet,
            extract_settings=getattr(args, "chosen_settings", None))
        rc = run_batch(pdfs, settings)
        return max(rc, 1) if failed_early else rc
    except BatchError as exc:
        print(f"thaitab: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nthaitab: interrupted; run the same command again to resume", file=sys.stderr)
        return 130
    finally:
        output.set_force(previous_force)


def _inputs(inputs: Sequence[str], quiet: bool) -> tuple[list[tuple[Path, Path]], bool]:
    """The PDFs to read (:func:`find_pdfs`), the files left out said on stderr
    (failures always, the rest unless quiet); True when one of those failed."""
    skipped: list[tuple[str, bool]] = []
    pdfs = find_pdfs(inputs, skipped)
    for note, failed in skipped:
        if failed or not quiet:
            print(f"thaitab: {note}", file=sys.stderr)
    return pdfs, any(failed for _, failed in skipped)


def _foreign_batch_file(out: Path, force: bool) -> str | None:
    """Why a batch cannot write its manifest or combined files into ``out`` (a
    file there that thaitab did not write, without --force), or None."""
    from thaitab import output
    from thaitab.batch import COMBINED_NAMES, MANIFEST_NAME

    for name in (MANIFEST_NAME, *COMBINED_NAMES):
        try:
            output.check_target(out / name, force)
        except output.ForeignFileError as exc:
            return str(exc)
    return None


def cmd_text(args: argparse.Namespace) -> int:
    from thaitab.extract.pdf import InputError
    from thaitab.text import pdf_text

    notes: list[str] = []
    try:
        text = pdf_text(args.pdf, pages=args.pages, password=args.password, notes=notes)
    except InputError as exc:
        print(f"thaitab: {args.pdf}: {exc}", file=sys.stderr)
        return 1
    for note in notes:
        print(f"thaitab: {args.pdf}: {note}", file=sys.stderr)
    if args.out:
        from thaitab.write import atomic_path

        try:
            with atomic_path(args.out) as tmp:
                Path(tmp).write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"thaitab: cannot write {args.out}: {write_reason(Path(args.out), exc)}", file=sys.stderr)
            return 1
    else:
        sys.stdout.write(text)
    return 0


def write_reason(target: Path, exc: OSError) -> str:
    """Why ``target`` cannot be written, in words about the target (never the
    temporary file beside it): a missing folder, a file where a folder should
    be, no permission."""
    folder = target.parent
    if not folder.exists():
        return f"the folder {folder} does not exist"
    if not folder.is_dir():
        return f"{folder} is not a folder"
    if target.is_dir():
        return "it is a folder"
    return exc.strerror or str(exc)


def cmd_profiles(args: argparse.Namespace) -> int:
    from thaitab.normalize.profiles import shipped

    profiles = shipped()
    if args.name:
        if args.name not in profiles:
            print(f"thaitab: no shipped profile {args.name!r} (have: {', '.join(profiles)})", file=sys.stderr)
            return 2
        from importlib import resources

        sys.stdout.write(resources.files("thaitab.normalize.profiles").joinpath(profiles[args.name].source)
                         .read_text(encoding="utf-8"))
        return 0
    print("auto      a shipped profile when header words and cell contents both say so, else generic")
    print("generic   the table's own (repaired) headers as column names")
    for p in profiles.values():
        print(f"{p.name:<9} {p.label}")
        shown = {c.name: [f"{c.name_from_year}<year>..."] for c in p.columns if c.repeat}
        print(f"{'':<9} columns: {', '.join(p.output_columns(shown))}")
    print("Print one with: thaitab profiles NAME; use your own with --profile FILE.toml")
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    from thaitab.extract.settings import describe

    def wanted(name: str) -> bool:
        return not args.names or any(name == n or name.startswith(n + ".") for n in args.names)

    rows = [(name, shown_value(default), why) for name, default, why in describe() if wanted(name)]
    known = {name for name, _, _ in describe()} | {f.name for f in dataclasses.fields(Settings)}
    unknown = [n for n in args.names if n not in known]
    if unknown:
        print(f"thaitab: no setting or section {unknown[0]!r} (thaitab settings lists them)", file=sys.stderr)
        return 2
    width = max((len(f"{name}={value}") for name, value, _ in rows), default=0)
    for name, value, why in rows:
        print(f"{f'{name}={value}':<{width}}  {why}")
    if not rows:
        print("no settings yet: every tolerance is still in the code")
    print("Change one for a run with --setting NAME=VALUE (extract, text, inspect) "
          "or thaitab.read_pdf(..., settings={NAME: VALUE})")
    return 0


def shown_value(value) -> str:
    """A setting's value as --setting takes it: 0.8, true, 1,2."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ",".join(map(shown_value, value))
    return str(value)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        rc = run_command(args)
        sys.stdout.flush()  # here, so that a reader gone away is caught below
        return rc
    except BrokenPipeError:
        # the reader of the output went away (thaitab settings | head): stop
        # quietly; what is still buffered goes nowhere rather than to a traceback
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def run_command(args: argparse.Namespace) -> int:
    """The command ``args`` names, with the --setting values in force."""
    from thaitab.extract.settings import use

    if args.command == "profiles":
        return cmd_profiles(args)
    if args.command == "settings":
        return cmd_settings(args)
    try:
        args.chosen_settings = chosen_settings(getattr(args, "settings", None))
    except ValueError as exc:
        print(f"thaitab: {exc}", file=sys.stderr)
        return 2
    with use(args.chosen_settings):  # text and inspect run here; a batch sends them with each file
        if args.command == "extract":
            return cmd_extract(args)
        if args.command == "inspect":
            return args.func(args)
        return cmd_text(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
