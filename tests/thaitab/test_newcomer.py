"""A newcomer's first hour (issue 16): no traceback, no silent nothing, one
install that reads every report.

Command-line cases run ``python -m thaitab.cli`` in a subprocess, as a user
would; the PDFs are written here by hand (ASCII text in Helvetica, ruled grids).
"""
from __future__ import annotations

import inspect
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import thaitab
from thaitab.extract.pdf import InputError, check_pages, page_span
from tests.pdfs import pdf_bytes
from tests.test_hostile import HELVETICA, stream, table_content

REPO = Path(__file__).resolve().parents[2]
ROWS = [["Issue", "Measure", "Output", "Outcome"],
        ["Issue 1", "Measure 1", "Out 1", "Result 1"],
        ["Issue 2", "Measure 2", "Out 2", "Result 2"]]


def report_pdf(pages: int = 3, rows: list[list[str]] = ROWS) -> bytes:
    """``pages`` pages, each with the same ruled ITA-like table."""
    n = 3 + 2 * pages
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(pages))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages]
    for i in range(pages):
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                    b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + 2 * i, n))
        objs.append(stream(table_content(rows, title=f"Report page {i + 1}")))
    objs.append(HELVETICA)
    return pdf_bytes(objs)


def blank_pdf() -> bytes:
    """One page with a line of text and no table."""
    content = b"BT /F1 12 Tf 72 700 Td (Just a letter, no table) Tj ET"
    return pdf_bytes([b"<< /Type /Catalog /Pages 2 0 R >>",
                      b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                      b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                      b"/Resources << /Font << /F1 5 0 R >> >> >>",
                      stream(content), HELVETICA])


def env(**extra: str) -> dict[str, str]:
    out = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    out.update(extra)
    return out


def thaitab_cli(*args, cwd: Path, environ: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "thaitab.cli", *map(str, args)], cwd=cwd,
                          env=environ or env(), capture_output=True, text=True, timeout=300)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture()
def report(tmp_path) -> Path:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(report_pdf())
    return pdf


# ---------------------------------------------------------------------------
# 1. a second run into the same folder, whatever XML library openpyxl uses
# ---------------------------------------------------------------------------


def _with_core_xml(path: Path, core: bytes) -> None:
    """Rewrite a workbook's docProps/core.xml."""
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            z.writestr(info, core if info.filename == "docProps/core.xml" else data)


CORE = (b'<?xml version="1.0" encoding="UTF-8"?>\n<cp:coreProperties '
        b'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        b'xmlns:dcterms="http://purl.org/dc/terms/" %s>%s</cp:coreProperties>')
DC = b'xmlns:dc="http://purl.org/dc/elements/1.1/"'


@pytest.mark.parametrize("core, ours", [
    (CORE % (DC, b"<dc:creator>thaitab</dc:creator>"), True),  # openpyxl with the standard library
    (CORE % (b"", b"<dc:creator " + DC + b">thaitab</dc:creator>"), True),  # openpyxl with lxml
    (CORE % (b"", b'<x:creator xmlns:x="http://purl.org/dc/elements/1.1/">thaitab</x:creator>'), True),
    (CORE % (DC, b"<dc:creator>Somchai</dc:creator>"), False),
    (CORE % (b'xmlns:dc="urn:other"', b"<dc:creator>thaitab</dc:creator>"), False),
    (CORE % (DC, b"<!-- <dc:creator>thaitab</dc:creator> -->"), False),
    (b"<not xml", False),
])
def test_a_workbook_is_recognised_by_its_creator_read_as_xml(tmp_path, report, core, ours):
    from thaitab import output

    out = tmp_path / "out"
    assert thaitab_cli("extract", report, "-o", out, cwd=tmp_path).returncode == 0
    _with_core_xml(out / "report.xlsx", core)
    assert output.is_thaitab_output(out / "report.xlsx") is ours


def test_a_second_run_into_the_same_folder_succeeds(tmp_path, report):
    """With lxml installed (CI's second run), openpyxl writes a namespaced creator."""
    out = tmp_path / "out"
    for _ in range(2):
        proc = thaitab_cli("extract", report, "-o", out, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
    assert "not a thaitab output" not in proc.stderr


# ---------------------------------------------------------------------------
# 2. the main install reads scans
# ---------------------------------------------------------------------------


def test_the_main_install_has_what_ocr_needs():
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {re.split(r"[<>=\[ ]", d)[0].lower() for d in project["dependencies"]}
    assert {"opencv-python-headless", "pytesseract"} <= names
    assert "ocr" in project["optional-dependencies"]  # "thaitab[ocr]" still installs
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "tesseract-ocr-tha" in readme


def test_a_missing_ocr_package_names_what_to_install(monkeypatch):
    from thaitab.extract import ocr

    monkeypatch.setitem(sys.modules, "cv2", None)
    ocr.ocr_unavailable.cache_clear()
    try:
        assert ocr.ocr_unavailable() == ("Python package missing (cv2): "
                                         "pip install opencv-python-headless pytesseract")
    finally:
        ocr.ocr_unavailable.cache_clear()


# ---------------------------------------------------------------------------
# 3. one line naming the path and the reason, never a traceback
# ---------------------------------------------------------------------------


def test_text_into_a_missing_folder(tmp_path, report):
    proc = thaitab_cli("text", report, "-o", "nodir/x.txt", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr == "thaitab: cannot write nodir/x.txt: the folder nodir does not exist\n"
    assert not (tmp_path / "nodir").exists()


def test_inspect_into_an_existing_file(tmp_path, report):
    (tmp_path / "taken").write_text("mine")
    proc = thaitab_cli("inspect", report, "-o", "taken", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr == "thaitab: cannot write taken: it exists and is not a folder\n"
    assert (tmp_path / "taken").read_text() == "mine"


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="root ignores a read-only folder's mode; the simulated tests below cover it")
@pytest.mark.parametrize("command, target", [("text", "ro/x.txt"), ("inspect", "ro")])
def test_text_and_inspect_into_a_read_only_folder(tmp_path, report, command, target):
    (tmp_path / "ro").mkdir(mode=0o500)
    proc = thaitab_cli(command, report, "-o", target, cwd=tmp_path)
    assert proc.returncode == 1
    assert re.fullmatch(r"thaitab: cannot write ro\S*: Permission denied\n", proc.stderr)


def test_text_into_a_read_only_folder_simulated(tmp_path, report, capsys, monkeypatch):
    from thaitab import cli

    def refuse(path, *a, **kw):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "open", refuse)
    assert cli.main(["text", str(report), "-o", str(tmp_path / "x.txt")]) == 1
    assert capsys.readouterr().err == f"thaitab: cannot write {tmp_path / 'x.txt'}: Permission denied\n"


def test_inspect_into_a_read_only_folder_simulated(tmp_path, report, capsys, monkeypatch):
    from PIL import Image

    from thaitab import cli

    def refuse(self, fp, *a, **kw):
        raise PermissionError(13, "Permission denied", str(fp))

    monkeypatch.setattr(Image.Image, "save", refuse)
    out = tmp_path / "pics"
    assert cli.main(["inspect", str(report), "-o", str(out), "--pages", "1"]) == 1
    assert capsys.readouterr().err == f"thaitab: cannot write {out / 'page-001.png'}: Permission denied\n"
    assert not list(out.iterdir())  # no temporary file left


def test_no_writable_home_folder(tmp_path, report):
    home = tmp_path / "home-is-a-file"
    home.write_text("")
    environ = {k: v for k, v in env(HOME=str(home)).items() if not k.startswith("PYTHAINLP")}
    proc = thaitab_cli("text", report, "--pages", "1", cwd=tmp_path, environ=environ)
    assert proc.returncode == 0, proc.stderr
    assert "Issue 1" in proc.stdout


# ---------------------------------------------------------------------------
# 4. pages that do not exist are named
# ---------------------------------------------------------------------------


def test_page_span_and_check_pages():
    assert page_span([7]) == "page 7"
    assert page_span([3, 4, 5, 9, 11, 12]) == "pages 3-5, 9, 11-12"
    assert check_pages(17, None) is None and check_pages(17, [1, 17]) is None
    assert check_pages(17, range(15, 31)) == "pages 18-30 do not exist: the PDF has 17 pages"
    with pytest.raises(InputError, match=r"^page 99 does not exist: the PDF has 17 pages$"):
        check_pages(17, [99])
    with pytest.raises(InputError, match=r"^pages 2-3 do not exist: the PDF has 1 page$"):
        check_pages(1, [2, 3])


def test_extract_pages_that_do_not_exist(tmp_path, report):
    proc = thaitab_cli("extract", report, "--pages", "99", "-o", "out", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr == f"thaitab: {report}: page 99 does not exist: the PDF has 3 pages\n"
    proc = thaitab_cli("extract", report, "--pages", "2-5", "-o", "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    # the pages read, and the pages asked for that are not there
    line = proc.stderr.splitlines()[0]
    assert line.startswith(f"{report}: 4 rows in 1 table, 2 pages,")
    assert line.endswith("; pages 4-5 do not exist: the PDF has 3 pages")


def test_text_and_inspect_pages_that_do_not_exist(tmp_path, report):
    proc = thaitab_cli("text", report, "--pages", "50", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == f"thaitab: {report}: page 50 does not exist: the PDF has 3 pages\n"
    proc = thaitab_cli("text", report, "--pages", "3-4", cwd=tmp_path)
    assert proc.returncode == 0 and "Report page 3" in proc.stdout
    assert proc.stderr == f"thaitab: {report}: page 4 does not exist: the PDF has 3 pages\n"
    proc = thaitab_cli("inspect", report, "--pages", "9", "-o", "pics", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr == f"thaitab: {report}: page 9 does not exist: the PDF has 3 pages\n"
    assert not (tmp_path / "pics").exists()


# ---------------------------------------------------------------------------
# 5. the Python API
# ---------------------------------------------------------------------------


def test_read_pdf_pages(report):
    with pytest.raises(thaitab.InputError, match="page 99 does not exist: the PDF has 3 pages"):
        thaitab.read_pdf(report, pages=[99])
    assert len(thaitab.read_pdf(report, pages="1-2", profile="ita")) == 4
    assert len(thaitab.read_pdf(report, pages=3, profile="ita")) == 2
    with pytest.warns(UserWarning, match="page 4 does not exist"):
        assert len(thaitab.read_pdf(report, pages=[3, 4], profile="ita")) == 2
    with pytest.raises(ValueError, match="not a page range: 'abc'"):
        thaitab.read_pdf(report, pages="abc")
    with pytest.raises(TypeError, match="pages must be whole numbers, not 2.5"):
        thaitab.read_pdf(report, pages=[2.5])
    with pytest.raises(ValueError, match="pages count from 1, not 0"):
        thaitab.read_pdf(report, pages=[0])


def test_an_empty_result_keeps_its_columns(tmp_path):
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(blank_pdf())
    df = thaitab.read_pdf(pdf)
    assert len(df) == 0
    assert df[["measure", "period_start", "period_end", "budget_baht", "confidence"]].empty
    assert list(thaitab.read_pdf(pdf, profile="generic").columns) == [
        "source_file", "page_start", "page_end", "table", "method", "confidence", "warnings"]


def test_the_package_surface():
    params = list(inspect.signature(thaitab.read_pdf).parameters)
    assert params == ["path", "pages", "profile", "password", "settings"]
    assert "settings" in thaitab.read_pdf.__doc__
    assert "pages" in thaitab.read_pdf.__doc__
    assert thaitab.InputError is InputError
    from thaitab import InputError as imported  # noqa: F401

    assert "annotations" not in dir(thaitab)
    assert {"read_pdf", "InputError", "__version__"} <= set(dir(thaitab))


# ---------------------------------------------------------------------------
# 7. routine repairs apart from what a person should look at
# ---------------------------------------------------------------------------


def test_routine_repairs_go_to_their_own_column_and_leave_a_generic_table():
    from thaitab.extract.stitch import Block, Row, Table
    from thaitab.normalize.records import PROVENANCE, table_records
    from thaitab.normalize.repairs import ROUTINE, split_notes
    from tests.helpers import line_of

    def block(text: str, top: float = 100.0) -> Block:
        return Block((line_of(text, top=top),), 0, 400, 1)

    rows = [Row([[block("ข้ันตอนที่หนึ่ง")]], 1, 2, [False], ["row continued from page 1"]),
            Row([[block("สําคัญมาก")]], 2, 2, [False]),
            Row([[block("ประชุม")]], 2, 2, [False])]
    table = Table(0, [[block("รายการ", 60)]], [False], rows, [0.0, 400.0], "grid", [], 1, 2, 1)
    recs = table_records(table, "x.pdf", "generic")
    # a table of the document's own columns keeps only what a person should look at
    assert recs.columns[-1] == "warnings" and PROVENANCE[-1] == "repairs"
    got = [(r["รายการ"], r["warnings"]) for r in recs.rows]
    assert got == [("ขั้นตอนที่หนึ่ง", "row continued from page 1"), ("สำคัญมาก", ""), ("ประชุม", "")]
    assert split_notes(["mark order fixed", "row continued from page 1"]) == (
        ["row continued from page 1"], ["mark order fixed"])
    # a repair is still weighed in the confidence
    assert recs.rows[1]["confidence"] < recs.rows[2]["confidence"]
    # guesses, dropped text and anything unknown stay warnings
    assert split_notes(["sara am restored from a space", "mark order fixed", "something new"]) == (
        ["sara am restored from a space", "something new"], ["mark order fixed"])
    assert "unknown private-use characters removed" not in ROUTINE
    assert "split number rejoined" not in ROUTINE


def test_counts_are_singular_for_one():
    from thaitab.batch import count

    assert [count(1, "row"), count(0, "row"), count(1204, "page")] == ["1 row", "0 rows", "1,204 pages"]


def test_the_summary_never_cuts_a_thai_word():
    from thaitab.extract.thai.words import tokenize
    from thaitab.batch import LABEL_CHARS, short_label

    text = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสของเทศบาลเมืองลพบุรีประจำปีงบประมาณ"
    label = short_label(text)
    assert label.endswith("…") and len(label) <= LABEL_CHARS
    kept = label[:-1]
    words = tokenize(text)
    assert tokenize(kept) == words[:len(tokenize(kept))]  # whole words from the start
    assert short_label("สั้น ๆ") == "สั้น ๆ"


# ---------------------------------------------------------------------------
# 8. small things
# ---------------------------------------------------------------------------


def test_a_bad_page_range_says_what_to_write(tmp_path, report):
    proc = thaitab_cli("extract", report, "--pages", "abc", "-o", "out", cwd=tmp_path)
    assert proc.returncode == 2
    assert "argument --pages: not a page range: 'abc' (write e.g. 3 or 1-3,7)" in proc.stderr
    assert "parse_pages" not in proc.stderr


def test_no_pdf_files_names_the_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    proc = thaitab_cli("extract", "empty", "-o", "out", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (2, "thaitab: no PDF files found in empty\n")


def test_a_missing_input_creates_no_output_folder(tmp_path):
    proc = thaitab_cli("extract", "missing.pdf", "-o", "out", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (1, "thaitab: missing.pdf: file not found\n")
    assert not (tmp_path / "out").exists()


def test_options_after_double_dash_are_file_names(tmp_path):
    (tmp_path / "-dash.pdf").write_bytes(report_pdf(1))
    # everything after -- is a file name: -o is not seen, and nothing is written
    proc = thaitab_cli("extract", "--", "-dash.pdf", "-o", "out", cwd=tmp_path)
    assert proc.returncode == 2 and "required: -o/--out" in proc.stderr
    proc = thaitab_cli("extract", "-o", "out", "--", "-o", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (1, "thaitab: -o: file not found (options such as -o go before --)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["-dash.pdf"]
    proc = thaitab_cli("extract", "-o", "out", "--", "-dash.pdf", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr


def test_without_o_nothing_is_written_to_a_folder_thaitab_picked(tmp_path, report):
    proc = thaitab_cli("extract", report, cwd=tmp_path)
    assert proc.returncode == 2 and "the following arguments are required: -o/--out" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]


def test_no_parquet_note_unless_an_old_all_parquet_goes(tmp_path, capsys, monkeypatch):
    from thaitab import cli

    monkeypatch.setitem(sys.modules, "pyarrow", None)
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.pdf", "b.pdf"):
        (src / name).write_bytes(report_pdf(1))
    out = tmp_path / "out"
    assert cli.main(["extract", str(src), "-o", str(out), "--workers", "1", "--timeout", "0"]) == 0
    err = capsys.readouterr().err
    assert "all.parquet" not in err and "pyarrow" not in err
    (out / "all.parquet").write_bytes(b"PAR1" + b"source_file" + bytes(4) + (15).to_bytes(4, "little") + b"PAR1")
    assert cli.main(["extract", str(src), "-o", str(out), "--workers", "1", "--timeout", "0", "--force"]) == 0
    assert ('all.parquet removed (it would be out of date) and not written: pyarrow is not installed '
            '(pip install "thaitab[parquet]")') in capsys.readouterr().err
    assert not (out / "all.parquet").exists()


def test_readme_documents_every_output_column():
    from thaitab.normalize.profiles.ita import OUTPUT_COLUMNS
    from thaitab.normalize.records import PROVENANCE
    from thaitab.batch import MANIFEST_COLUMNS

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for col in [*OUTPUT_COLUMNS, *PROVENANCE, "source_path", *MANIFEST_COLUMNS]:
        assert f"`{col}`" in readme, col
    # every extract example names its output folder, with options before "--"
    for line in readme.splitlines():
        if re.match(r"\s*(\.venv/bin/)?thaitab extract ", line):
            assert " -o " in line, line
            if " -- " in line:
                assert line.index(" -o ") < line.index(" -- "), line


# ---------------------------------------------------------------------------
# 9. every figure of "How well it works" can be reproduced
# ---------------------------------------------------------------------------


def test_readme_figures_name_scripts_that_exist():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How well it works", 1)[1].split("\n## ", 1)[0]
    scripts = set(re.findall(r"benchmarks/[\w./-]+\.py", section))
    assert scripts, "the figures name the scripts that measure them"
    for script in scripts:
        assert (REPO / script).is_file(), script
    assert "score_tables.py" in section and "score.py" in section
    assert "validation" in section.lower()
