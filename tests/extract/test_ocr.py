"""Scanned pages: the OCR decision, the text rebuilt from Tesseract's words, the
grid found in a page image, and whole scanned pages read end to end.

The scanned fixtures are drawn here with Pillow (a ruled table, a slight
rotation, noise, JPEG) and saved as image-only PDFs, so no corpus file is
read. Tests that run Tesseract skip when it or its Thai model is missing; the
Thai page also needs a Thai font (fonts-thai-tlwg).
"""
from __future__ import annotations

import shutil
import subprocess
from types import SimpleNamespace

import pytest

from thaitab.extract import ocr
from thaitab.extract.ocr import digits as ocr_digits
from thaitab.extract.ocr import grid, layout, read, tables
from thaitab.extract.ocr.image import binary
from thaitab.extract.chars import Char
from thaitab.extract.lines import make_line
from thaitab.extract.ocr import OcrLine, Word

np = pytest.importorskip("numpy")
cv2 = pytest.importorskip("cv2")
Image = pytest.importorskip("PIL.Image")
ImageDraw = pytest.importorskip("PIL.ImageDraw")
ImageFont = pytest.importorskip("PIL.ImageFont")


# --------------------------------------------------------------------------- the decision
def fake_page(images=(), width=595.0, height=842.0):
    return SimpleNamespace(width=width, height=height, images=list(images))


FULL = {"x0": 0, "top": 0, "x1": 595, "bottom": 842, "srcsize": (1654, 2339)}
SMALL = {"x0": 40, "top": 40, "x1": 140, "bottom": 100, "srcsize": (200, 120)}


def chars(text: str) -> list[Char]:
    return [Char(ch, 10.0 + 8 * i, 18.0 + 8 * i, 100, 114, 14) for i, ch in enumerate(text)]


def test_image_only_page_needs_ocr():
    assert ocr.page_needs_ocr([], fake_page([FULL])) == "no text layer"


def test_blank_page_or_small_logo_needs_no_ocr():
    assert ocr.page_needs_ocr([], fake_page()) is None
    assert ocr.page_needs_ocr([], fake_page([SMALL])) is None


def test_latin_junk_over_a_scan_needs_ocr():
    junk = chars("j . v _,rttnartunuragiruaul.:ft.lr3a r il :c tr du r{u ri r u rJ")
    assert ocr.page_needs_ocr(junk, fake_page([FULL])) == "text layer is not Thai"


def test_thai_text_layer_is_trusted_even_over_a_background_image():
    assert ocr.page_needs_ocr(chars("รายงานผลการดำเนินการ ประจำปีงบประมาณ 2567"), fake_page([FULL])) is None


def test_english_text_page_is_trusted():
    # Latin text without a page-sized image is a real English text layer
    assert ocr.page_needs_ocr(chars("Annual report of the municipality, fiscal year 2024"), fake_page()) is None


def test_a_few_latin_words_on_a_thai_scan_layer_are_fine():
    text = "ผลการดำเนินการ (Output) ผลลัพธ์ (Outcome) เว็บไซต์ e-GP"
    assert ocr.page_needs_ocr(chars(text), fake_page([FULL])) is None


def test_cid_glyphs_need_ocr():
    cid = [Char(f"(cid:{n})", 10.0 + 8 * n, 18.0 + 8 * n, 100, 114, 14) for n in range(30)]
    assert ocr.page_needs_ocr(cid + chars("12"), fake_page()) == "(cid:N) glyphs"


# --------------------------------------------------------------------------- safe corrections
@pytest.mark.parametrize("raw, fixed", [
    ("ต. ค. 66", "ต.ค. 66"),
    ("ต,ค. - ธ.ค. 66", "ต.ค. - ธ.ค. 66"),
    ("กุย. 67", "ก.ย. 67"),          # the dot under the line read as SARA U
    ("ก.ุย. ๖๖", "ก.ย. ๖๖"),
    ("ม.คิ.- ก.ย.", "ม.ค.- ก.ย."),     # a speck read as a vowel after the last letter
    ("ม.ค .- ก.ย. 67", "ม.ค. - ก.ย. 67"),  # the dot went with the dash
    ("3, เผยแพร่ผล", "3. เผยแพร่ผล"),
])
def test_ocr_corrections(raw, fixed):
    assert ocr.fix_ocr_text(raw) == fixed


@pytest.mark.parametrize("text", [
    "ม.ค. - มี.ค. 67",  # two different months stay two different months
    "มิ.ย. 2567", "เม.ย. ๖๗", "ก.พ.ร.", "ส.ค.ส.", "อบต.", "พ.ศ. 2567",
    "กุย",             # no dot: a word, not an abbreviation
    "๖๖ 66 ๑๒ 12",     # digits are never touched, Thai or Arabic
    "จำนวน 3, 4 และ 5 โครงการ",
])
def test_ocr_corrections_leave_good_text_alone(text):
    assert ocr.fix_ocr_text(text) == text


# --------------------------------------------------------------------------- words -> line text
def words(*specs) -> list[Word]:
    return [Word(t, a, 0.0, b, 30.0, 95.0) for t, a, b in specs]


def round_trip(line: OcrLine, xh: float = 29.0) -> str:
    return make_line(ocr.line_chars(line, xh, 200 / 72)).text


def test_thai_letters_join_without_spaces_where_the_ink_has_none():
    # Tesseract boxes every Thai cluster as a word (tesseract #2702)
    ws = words(("ก", 0, 20), ("า", 22, 36), ("ร", 39, 55), ("ใช", 57, 90), ("้", 80, 90))
    line = OcrLine(ws, 0, 30, gaps=[], ink=(0, 90))
    assert ocr.line_text(line, 29) == "การใช้"
    assert round_trip(line) == "การใช้"


def test_a_wide_ink_gap_is_one_space_at_the_nearest_cluster_boundary():
    # the boxes are vague (เค starts inside the gap); the gap still lands
    # between ๑ and เ, never after a leading vowel
    ws = words(("จ", 0, 17), ("ำ", 20, 50), ("น", 52, 64), ("ว", 69, 85), ("น", 89, 106),
               ("๑", 121, 139), ("เค", 154, 180), ("ร", 186, 200))
    line = OcrLine(ws, 0, 30, gaps=[(112, 130), (153, 172)], ink=(0, 200))
    assert ocr.line_text(line, 27) == "จำนวน ๑ เคร"
    assert round_trip(line, 27) == "จำนวน ๑ เคร"


def test_letter_spaced_line_keeps_only_the_real_spaces():
    # Thai distributed justification: 10 px between letters, 28 px between words
    cols = np.zeros(400, bool)
    x = 0
    for k in range(12):
        cols[x:x + 20] = True
        x += 20 + (28 if k in (3, 7) else 10)
    gaps, extent = ocr.ink_gaps(cols, 0.0, 27.0)
    assert [round(b - a) for a, b in gaps] == [28, 28]
    assert extent == (0.0, float(x - 10))


def test_normal_line_keeps_its_spaces():
    cols = np.zeros(300, bool)
    for a, b in [(0, 60), (64, 120), (140, 200), (204, 260)]:  # 4 px letter gaps, 20 px space
        cols[a:b] = True
    gaps, _ = ocr.ink_gaps(cols, 100.0, 29.0)
    assert gaps == [(220.0, 240.0)]


def test_a_wider_space_setting_keeps_only_the_wider_gaps():
    from thaitab.extract.settings import use

    cols = np.zeros(300, bool)
    for a, b in [(0, 60), (70, 120), (140, 200), (204, 260)]:  # 10 px and 20 px gaps
        cols[a:b] = True
    assert ocr.ink_gaps(cols, 0.0, 29.0)[0] == [(120.0, 140.0)]
    with use({"ocr.space_gap_xh": 0.3}):  # 8.7 px: the 10 px gap is a space too
        assert ocr.ink_gaps(cols, 0.0, 29.0)[0] == [(60.0, 70.0), (120.0, 140.0)]
    with use({"ocr.space_gap_xh": 0.8}):  # 23.2 px: no gap is a space
        assert ocr.ink_gaps(cols, 0.0, 29.0)[0] == []


def test_the_image_cover_that_makes_a_scan_is_a_setting():
    from thaitab.extract.settings import use

    half = {"x0": 0, "top": 0, "x1": 595, "bottom": 421, "srcsize": (1654, 1170)}
    assert ocr.page_needs_ocr([], fake_page([half])) is None
    with use({"ocr.image_cover_share": 0.5}):
        assert ocr.page_needs_ocr([], fake_page([half])) == "no text layer"


def test_synthetic_chars_read_back_as_the_corrected_text():
    ws = words(("ต", 0, 18), (".", 20, 24), ("ค", 27, 45), (".", 47, 51), ("-", 70, 82),
               ("ก", 100, 118), ("ุ", 110, 118), ("ย", 121, 139), (".", 141, 145), ("67", 165, 195))
    line = OcrLine(ws, 0, 30, gaps=[(52, 69), (83, 99), (146, 164)], ink=(0, 195))
    chars_ = ocr.line_chars(line, 29.0, 200 / 72)
    assert "".join(c.text for c in chars_) == "ต.ค. - ก.ย. 67"
    assert make_line(chars_).text == "ต.ค. - ก.ย. 67"
    xs = [c.x0 for c in chars_ if c.text not in "\u0e38"]
    assert xs == sorted(xs)
    assert chars_[-1].x1 == pytest.approx(195 / (200 / 72))


def test_marks_stacked_above_a_line_join_it():
    # boxes (x, y, w, h): a line of letters, its tone marks above (one stack as
    # tall as a letter), a lower vowel below, then a second line
    line1 = [(10 + 25 * i, 100, 20, 28) for i in range(8)]
    marks = [(40, 72, 16, 26), (90, 80, 10, 14)]
    below = [(60, 130, 8, 10)]
    line2 = [(10 + 25 * i, 180, 20, 28) for i in range(5)]
    boxes = line1 + marks + below + line2
    groups = ocr.group_components(boxes, 28.0)
    assert len(groups) == 2
    assert sorted(groups[0]) == list(range(len(line1) + len(marks) + len(below)))


# --------------------------------------------------------------------------- the grid in a picture
def draw_grid(img, cols, rows, skip=()):
    """Rules of a grid; ``skip`` holds (row rule index, column) pairs left out."""
    d = ImageDraw.Draw(img)
    for i, y in enumerate(rows):
        for c in range(len(cols) - 1):
            if (i, c) not in skip:
                d.line([(cols[c], y), (cols[c + 1], y)], fill=0, width=3)
    for x in cols:
        d.line([(x, rows[0]), (x, rows[-1])], fill=0, width=3)


def test_grid_with_a_merged_cell_is_found_after_deskewing():
    cols, rows = [60, 300, 700, 1000], [100, 180, 330, 480, 600]
    img = Image.new("L", (1100, 760), 255)
    draw_grid(img, cols, rows, skip={(3, 0)})  # column 0 spans rows 2 and 3
    d = ImageDraw.Draw(img)
    d.text((320, 200), "text that is not a rule", fill=0)
    gray = np.array(img.rotate(0.4, resample=Image.BICUBIC, fillcolor=255))
    angle = ocr.estimate_skew(gray)
    assert angle == pytest.approx(-0.4, abs=0.08)
    straight = ocr.deskew(gray, angle)
    grids, rules = ocr.find_grids(binary(straight), xh=20)
    assert len(grids) == 1
    g = grids[0]
    assert [round(x) for x in g.cols] == pytest.approx(cols, abs=4)
    assert [round(y) for y in g.rows] == pytest.approx(rows, abs=4)
    assert g.owner[3][0] == (2, 0)
    assert g.owner[3][1] == (3, 1)
    assert rules.shape == straight.shape


def draw_continued_grid(img, cols, rows, top, bottom, pale_right=223):
    """A page from the middle of a table whose rows break across pages: the
    column rules run from ``top`` to ``bottom`` with no row rule at either end,
    and the right border is the pale one-pixel sliver that a rasteriser makes
    of a border clipped to the page's content box."""
    d = ImageDraw.Draw(img)
    for y in rows:
        d.line([(cols[0], y), (cols[-1], y)], fill=0, width=3)
    for x in cols[:-1]:
        d.line([(x, top), (x, bottom)], fill=0, width=3)
    d.line([(cols[-1], top), (cols[-1], bottom)], fill=pale_right, width=1)


def test_grid_of_a_page_inside_a_row_broken_over_three_pages():
    # no row rule at the top or the bottom of the page: the column rules run
    # off both ends, and the row rules that meet them on the way say they are rules
    cols, rows, top, bottom = [60, 300, 700, 1000], [260, 520], 40, 900
    img = Image.new("L", (1100, 960), 255)
    draw_continued_grid(img, cols, rows, top, bottom, pale_right=0)
    gray = np.array(img.rotate(-0.3, resample=Image.BICUBIC, fillcolor=255))
    grids, _ = ocr.find_grids(binary(ocr.deskew(gray, ocr.estimate_skew(gray))), xh=20)
    assert len(grids) == 1
    assert [round(x) for x in grids[0].cols] == pytest.approx(cols, abs=4)
    assert [round(y) for y in grids[0].rows] == pytest.approx([top] + rows + [bottom], abs=5)


def test_grid_without_top_and_bottom_rules_and_a_pale_right_border():
    # a row broken over three pages leaves no rule at the page's top or
    # bottom; the right border all but vanished in the scan: the row rules
    # that stop at one x still say where the table ends
    cols, rows, top, bottom = [60, 300, 700, 1000], [260, 520], 40, 900
    img = Image.new("L", (1100, 960), 255)
    draw_continued_grid(img, cols, rows, top, bottom)
    arr = np.array(img.rotate(0.3, resample=Image.BICUBIC, fillcolor=255)).astype(np.float32)
    arr = np.clip(cv2.GaussianBlur(arr, (0, 0), 0.5) + np.random.default_rng(2).normal(0, 9, arr.shape), 0, 255)
    gray = ocr.deskew(arr.astype(np.uint8), ocr.estimate_skew(arr.astype(np.uint8)))
    bw = binary(gray)
    assert not bw[300:500, cols[-1] - 1:cols[-1] + 2].any(axis=1).all()  # the border is gone from the ink
    grids, _ = ocr.find_grids(bw, xh=20)
    assert len(grids) == 1
    g = grids[0]
    assert [round(x) for x in g.cols] == pytest.approx(cols, abs=4)
    # the rows cut by the page edges run to the ends of the column rules
    assert [round(y) for y in g.rows] == pytest.approx([top] + rows + [bottom], abs=5)
    assert len(g.owner) == 3 and all(len(r) == 3 for r in g.owner)


def test_one_row_rule_stopping_short_makes_no_edge():
    # a single rule (or a line of bold letters) that stops at some x is no
    # table edge: an edge needs two row rules that end at the same place
    # segments as find_grids has them: (position across, start, end, labels)
    cols = [60, 300, 700, 1000]
    hsegs = [[100.0, 60.0, 1000.0, [1]], [400.0, 60.0, 700.0, [2]]]
    vsegs = [[float(x), 100.0, 400.0, [3 + i]] for i, x in enumerate(cols[:-1])]
    assert grid._missing_edges(hsegs, vsegs, 6.0) == []
    hsegs[1][2] = 1000.0
    edge = grid._missing_edges(hsegs, vsegs, 6.0)
    assert [(round(e[0]), round(e[1]), round(e[2])) for e in edge] == [(1000, 100, 400)]


# --------------------------------------------------------------------------- end to end
def need_tesseract():
    pytest.importorskip("pytesseract")
    missing = ocr.ocr_unavailable()
    if missing:
        pytest.skip(f"OCR not available: {missing}")


def thai_font(size: int, upright: bool = False):
    """A regular Thai font (Laksaman first); ``upright`` also skips italics
    (the first Laksaman that fontconfig lists may be its italic)."""
    skip = ("bold", "oblique", "italic") if upright else ("bold", "oblique")
    if shutil.which("fc-list") is None:
        pytest.skip("no fontconfig to find a Thai font")
    out = subprocess.run(["fc-list", ":lang=th", "file"], capture_output=True, text=True).stdout
    files = [ln.split(":")[0].strip() for ln in out.splitlines() if ln.strip()]
    files = [f for f in files if f.lower().endswith((".ttf", ".otf"))]
    if not files:
        pytest.skip("no Thai font installed (apt-get install fonts-thai-tlwg)")
    for pref in ("Laksaman", "Sarabun", "Garuda", "Loma", "NotoSansThai", "Waree"):
        for f in files:
            if pref.lower() in f.lower() and not any(s in f.lower() for s in skip):
                return ImageFont.truetype(f, size)
    return ImageFont.truetype(files[0], size)


def scan(img, path, angle=0.3, seed=1):
    """Rotate a little, add noise, save as an image-only PDF (JPEG) at 200 dpi."""
    rot = img.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    arr = np.array(rot).astype(np.int16)
    rng = np.random.default_rng(seed)
    arr = np.clip(arr + rng.normal(0, 8, arr.shape), 0, 255).astype(np.uint8)
    Image.fromarray(arr).convert("RGB").save(path, "PDF", resolution=200.0, quality=85)
    return path


def cell_text(table, r, c):
    return table.rows[r][c].text


def test_latin_scan_reads_cells_and_merged_cell(tmp_path):
    need_tesseract()
    import pdfplumber

    font = ImageFont.load_default(size=30)
    cols, rows = [60, 360, 760, 1100], [140, 220, 340, 460, 560]
    img = Image.new("L", (1160, 640), 255)
    draw_grid(img, cols, rows, skip={(2, 0)})  # "Roads" spans rows 1 and 2
    d = ImageDraw.Draw(img)
    d.text((60, 50), "Annual budget report 2024", font=font, fill=0)
    cells = {(0, 0): "Group", (0, 1): "Project", (0, 2): "Amount",
             (1, 0): "Roads", (1, 1): "Repair the bridge", (1, 2): "25,000",
             (2, 1): "Paint the school", (2, 2): "1,500",
             (3, 0): "Water", (3, 1): "New pipes", (3, 2): "900"}
    for (r, c), text in cells.items():
        d.text((cols[c] + 18, rows[r] + 22), text, font=font, fill=0)
    pdf_path = scan(img, tmp_path / "latin.pdf")

    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[0]
        assert ocr.page_needs_ocr([], page) == "no text layer"
        tables = ocr.ocr_page_tables(page, 1)
    assert len(tables) == 1
    t = tables[0]
    assert t.method == "ocr" and t.borders == "grid" and t.n_cols == 3
    assert len(t.rows) == 4
    assert cell_text(t, 1, 1) == "Repair the bridge"
    assert cell_text(t, 1, 2) == "25,000"
    assert t.rows[2][0].spanned  # "Roads" spans two rows
    assert cell_text(t, 2, 1) == "Paint the school"
    assert cell_text(t, 3, 0) == "Water"
    assert [ln.text for ln in t.outside] == ["Annual budget report 2024"]
    # the cells' chars are in PDF points, inside their cells
    for row in t.rows:
        for cell in row:
            for ln in cell.lines:
                assert cell.bbox[0] - 1 <= ln.x0 <= ln.x1 <= cell.bbox[2] + 1


def _unruled_scan(tmp_path, rules: bool):
    """A three-column table set off by white space, with or without a rule
    under every row, and a title above it. Cells may hold two lines; rows are
    set further apart than the lines of a cell."""
    font = ImageFont.load_default(size=30)
    cols = [60, 400, 820]
    body = [(150, ("Group", "Project", "Amount")),
            (240, ("Roads", "Repair the bridge", "25,000")), (280, ("", "and the road", "(grant)")),
            (370, ("Water", "New pipes", "900")), (410, ("", "for the school", "(own)")),
            (500, ("Schools", "Paint the school", "1,500"))]
    img = Image.new("L", (1160, 760), 255)
    d = ImageDraw.Draw(img)
    d.text((60, 40), "Annual budget report 2024", font=font, fill=0)
    for y, cells in body:
        for x, text in zip(cols, cells):
            d.text((x, y), text, font=font, fill=0)
    if rules:
        for y in (135, 215, 345, 475, 560):
            d.line([(50, y), (1100, y)], fill=0, width=3)
    return scan(img, tmp_path / ("rules.pdf" if rules else "none.pdf"), angle=0.2, seed=3)


@pytest.mark.parametrize("rules", [True, False])
def test_scan_of_a_table_without_column_rules_is_read(tmp_path, rules):
    need_tesseract()
    import pdfplumber

    with pdfplumber.open(_unruled_scan(tmp_path, rules)) as pdf:
        tables = ocr.ocr_page_tables(pdf.pages[0], 1)
    assert len(tables) == 1
    t = tables[0]
    assert t.method == "ocr" and t.borders == ("horizontal" if rules else "none") and t.n_cols == 3
    texts = [[c.text for c in row] for row in t.rows]
    assert len(texts) == 4 and texts[0] == ["Group", "Project", "Amount"]
    # rows come from where the columns start a block together; a cell keeps its two lines
    assert [row[0] for row in texts[1:]] == ["Roads", "Water", "Schools"]
    assert texts[1][2] == "25,000\n(grant)" and texts[3][2] == "1,500"
    assert texts[1][1].replace(" ", "") == "Repairthebridge\nandtheroad"
    assert "Annual budget report 2024" in [ln.text for ln in t.outside]


def test_scan_of_a_table_page_with_no_outer_rules_is_read(tmp_path):
    # the middle page of a table whose rows break across pages, rendered and
    # scanned: no rule at the top or bottom, a right border too pale to see.
    # It used to give "no ruled table found" and so no rows at all.
    need_tesseract()
    import pdfplumber

    font = ImageFont.load_default(size=30)
    cols, rows, top, bottom = [60, 360, 760, 1100], [300, 560], 40, 900
    img = Image.new("L", (1160, 960), 255)
    draw_continued_grid(img, cols, rows, top, bottom)
    d = ImageDraw.Draw(img)
    cells = {(0, 1): "the end of a long step", (1, 0): "Roads", (1, 1): "Repair the bridge",
             (1, 2): "25,000", (2, 0): "Water", (2, 1): "New pipes", (2, 2): "900"}
    starts = [top, rows[0], rows[1]]
    for (r, c), text in cells.items():
        d.text((cols[c] + 18, starts[r] + 30), text, font=font, fill=0)
    pdf_path = scan(img, tmp_path / "continued.pdf", angle=0.3, seed=4)

    with pdfplumber.open(pdf_path) as pdf:
        tables = ocr.ocr_page_tables(pdf.pages[0], 1)
    assert len(tables) == 1
    t = tables[0]
    assert t.n_cols == 3 and len(t.rows) == 3
    assert cell_text(t, 0, 1) == "the end of a long step"
    assert cell_text(t, 1, 1) == "Repair the bridge"
    assert cell_text(t, 1, 2) == "25,000"
    assert cell_text(t, 2, 0) == "Water"
    assert cell_text(t, 2, 2) == "900"


def test_thai_ita_scan_through_the_pipeline(tmp_path):
    need_tesseract()
    from thaitab.pipeline import Options, process_pdf

    font = thai_font(30)
    header = ["ประเด็น", "มาตรการ", "ขั้นตอนการดำเนินการ", "ระยะเวลา", "ผลการดำเนินงาน", "ผลลัพธ์",
              "ผู้รับผิดชอบ"]
    body = [
        ["การใช้งบประมาณ", "มาตรการเปิดเผยข้อมูล", "1. จัดทำประกาศ\n2. เผยแพร่ทางเว็บไซต์", "ต.ค. 66 - ก.ย. 67",
         "จำนวน 12 ครั้ง", "ประชาชนรับทราบ", "กองคลัง"],
        ["", "มาตรการตรวจสอบพัสดุ", "1. แต่งตั้งกรรมการ", "ม.ค. - มี.ค. 67", "จำนวน 5 โครงการ",
         "ไม่พบการร้องเรียน", "งานพัสดุ"],
    ]
    probe = ImageDraw.Draw(Image.new("L", (10, 10)))
    # every column as wide as its longest line, plus some room
    widths = [max(probe.textlength(part, font=font) for text in [h] + [r[c] for r in body]
                  for part in text.split("\n")) + 40 for c, h in enumerate(header)]
    cols = [50]
    for w in widths:
        cols.append(int(cols[-1] + w))
    W, H = cols[-1] + 50, 1000
    rows = [260, 360, 560, 760]
    img = Image.new("L", (W, H), 255)
    draw_grid(img, cols, rows, skip={(2, 0)})  # the issue spans both measures
    d = ImageDraw.Draw(img)
    title = ["รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส",
             "เทศบาลตำบลทดสอบ ประจำปีงบประมาณ พ.ศ. 2567"]
    for i, line in enumerate(title):
        w = d.textlength(line, font=font)
        d.text(((W - w) / 2, 80 + 70 * i), line, font=font, fill=0)
    for c, text in enumerate(header):
        d.text((cols[c] + 18, rows[0] + 25), text, font=font, fill=0)
    for r, vals in enumerate(body):
        for c, text in enumerate(vals):
            for k, part in enumerate(text.split("\n")):
                d.text((cols[c] + 18, rows[r + 1] + 20 + 62 * k), part, font=font, fill=0)
    pdf_path = scan(img, tmp_path / "ita.pdf", angle=-0.35, seed=7)

    result = process_pdf(pdf_path, Options(profile="ita"))
    assert result.error is None, result.error
    assert any(w.startswith("page 1: OCR") for w in result.warnings)
    assert len(result.tables) == 1
    recs = result.tables[0].rows
    assert len(recs) == 2
    first, second = recs
    assert first["municipality"] == "เทศบาลตำบลทดสอบ"
    assert first["fiscal_year_be"] == 2567
    assert first["measure"] == "มาตรการเปิดเผยข้อมูล"
    assert first["steps"] == "1. จัดทำประกาศ\n2. เผยแพร่ทางเว็บไซต์"
    assert first["period_start"] == "2023-10" and first["period_end"] == "2024-09"
    assert first["responsible"] == "กองคลัง"
    assert first["method"] == "ocr"
    # the merged issue cell belongs to both rows
    assert second["issue"] == "การใช้งบประมาณ"
    assert second["period_start"] == "2024-01" and second["period_end"] == "2024-03"
    assert second["outcome"] == "ไม่พบการร้องเรียน"


def test_pipeline_says_what_to_install_when_tesseract_is_missing(tmp_path, monkeypatch):
    from thaitab.pipeline import process_pdf

    img = Image.new("L", (800, 600), 255)
    draw_grid(img, [50, 400, 750], [100, 300, 500])
    pdf_path = scan(img, tmp_path / "scan.pdf", angle=0.0)
    monkeypatch.setattr(ocr, "ocr_unavailable", lambda: "install tesseract-ocr and tesseract-ocr-tha")
    result = process_pdf(pdf_path)
    assert result.error == ("page 1 needs OCR (no text layer): "
                            "install tesseract-ocr and tesseract-ocr-tha")


def test_missing_tesseract_binary_is_reported(monkeypatch):
    pytesseract = pytest.importorskip("pytesseract")
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    ocr.ocr_unavailable.cache_clear()
    try:
        assert ocr.ocr_unavailable() == "install tesseract-ocr and tesseract-ocr-tha"
    finally:
        ocr.ocr_unavailable.cache_clear()


def test_missing_thai_model_is_reported(monkeypatch):
    pytesseract = pytest.importorskip("pytesseract")
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        pytest.skip("tesseract is not installed")
    monkeypatch.setattr(pytesseract, "get_languages", lambda config="": ["eng", "osd"])
    ocr.ocr_unavailable.cache_clear()
    try:
        assert "tesseract-ocr-tha" in ocr.ocr_unavailable()
    finally:
        ocr.ocr_unavailable.cache_clear()


def test_ocr_note_is_collected(tmp_path, monkeypatch):
    from thaitab.extract.pdf import open_pdf
    from thaitab.pipeline import page_tables

    img = Image.new("L", (800, 600), 255)
    pdf_path = scan(img, tmp_path / "blank_scan.pdf", angle=0.0)
    monkeypatch.setattr(ocr, "ocr_unavailable", lambda: None)
    monkeypatch.setattr(ocr, "ocr_page_tables", lambda page, no, col_hint=None: [])
    notes: list[str] = []
    with open_pdf(pdf_path) as pdf:
        assert list(page_tables(pdf, notes=notes)) == []
    assert notes == ["page 1: OCR (no text layer), no table found"]
    with open_pdf(pdf_path) as pdf, pytest.warns(ocr.OcrWarning, match="page 1: OCR"):
        list(page_tables(pdf))


def test_only_the_pages_that_need_it_are_ocrd(tmp_path, monkeypatch):
    from thaitab.extract.pdf import open_pdf
    from thaitab import pipeline

    pages = [Image.new("RGB", (400, 300), "white") for _ in range(3)]
    path = tmp_path / "three.pdf"
    pages[0].save(path, "PDF", resolution=100.0, save_all=True, append_images=pages[1:])
    took: list[tuple[str, int]] = []
    monkeypatch.setattr(ocr, "page_needs_ocr", lambda chars, page: "no text layer" if page.page_number == 2 else None)
    monkeypatch.setattr(ocr, "ocr_unavailable", lambda: None)
    monkeypatch.setattr(ocr, "ocr_page_tables", lambda page, no, col_hint=None: took.append(("ocr", no)) or [])
    monkeypatch.setattr(pipeline, "find_tables", lambda page, chars, no, hint: took.append(("text", no)) or [])
    notes: list[str] = []
    with open_pdf(path) as pdf:
        list(pipeline.page_tables(pdf, notes=notes))
    assert took == [("text", 1), ("ocr", 2), ("text", 3)]
    assert notes == ["page 2: OCR (no text layer), no table found"]



# --------------------------------------------------------------------------- Thai digits by shape
def need_digit_templates():
    thai_font(10, upright=True)  # skips without fontconfig or a Thai font
    if ocr_digits.templates() is None:
        pytest.skip("no Thai digit templates could be drawn")
    return ocr_digits


def digit_line(text: str, size: int = 44, gap: int = 6, seed: int = 3, font=None):
    """A scanned-looking line image of ``text`` (one glyph per character, no
    marks) and each character's ink box (left, top, right, bottom): drawn at
    about 16 pt / 200 dpi, blurred and noised like a scan."""
    font = font or thai_font(size, upright=True)
    probe = ImageDraw.Draw(Image.new("L", (10, 10)))
    boxes, x = [], 12
    for ch in text:
        if ch == " ":
            x += size // 3
            continue
        l, t, r, b = probe.textbbox((0, 0), ch, font=font)
        boxes.append((ch, x, r - l))
        x += (r - l) + gap
    img = Image.new("L", (x + 12, 2 * size), 255)
    d = ImageDraw.Draw(img)
    out = []
    for ch, x0, w in boxes:
        l, t, r, b = probe.textbbox((0, 0), ch, font=font)
        d.text((x0 - l, size // 3), ch, font=font, fill=0)
        out.append((ch, float(x0), float(size // 3 + t), float(x0 + w), float(size // 3 + b)))
    arr = cv2.GaussianBlur(np.array(img).astype(np.float32), (0, 0), 0.6)
    arr += np.random.default_rng(seed).normal(0, 8, arr.shape)
    return np.clip(arr, 0, 255).astype(np.uint8), out


def as_read(boxes, texts) -> list[Word]:
    """Tesseract-like words: the given text on each glyph's box."""
    return [Word(t, l, top, r, b, 90.0) for t, (_, l, top, r, b) in zip(texts, boxes)]


def test_every_thai_digit_fits_its_own_template_best():
    od = need_digit_templates()
    img, boxes = digit_line("๐๑๒๓๔๕๖๗๘๙")
    glyphs = od.components(img)
    assert len(glyphs) == 10
    for g, (ch, *_rest) in zip(glyphs, boxes):
        dist = od.digit_distances(g.ink, od.templates())
        best = min(dist, key=dist.get)
        assert best == ch
        assert dist[best] <= od.FIT_MAX


def test_six_read_as_two_is_put_right_and_the_rest_kept():
    od = need_digit_templates()
    img, boxes = digit_line("๒๕๖๖ พ.ศ")
    # Tesseract's reading of the year: ๖ as ๒ and as "๒๐" (two words on one glyph)
    words = as_read(boxes, ["๒", "๕", "๒", "๒", "พ", ".", "ศ"])
    _, l, top, r, b = boxes[3]
    mid = (l + r) / 2
    words[3:4] = [Word("๒", l, top, mid, b, 80.0), Word("๐", mid, top, r, b, 80.0)]
    out = od.read_thai_digits(img, words)
    assert "".join(w.text for w in out) == "๒๕๖๖พ.ศ"
    # the new words span their glyphs, left to right
    assert [w.left for w in out] == sorted(w.left for w in out)


def test_right_digits_and_non_digits_are_never_changed():
    od = need_digit_templates()
    img, boxes = digit_line("๑๒๓๔๕๖๗๘๙๐")
    words = as_read(boxes, list("๑๒๓๔๕๖๗๘๙๐"))
    assert [w.text for w in od.read_thai_digits(img, words)] == list("๑๒๓๔๕๖๗๘๙๐")
    # Arabic digits alone are Tesseract's business, and letters are not digits
    img, boxes = digit_line("๖๖")
    assert [w.text for w in od.read_thai_digits(img, as_read(boxes, ["2", "2"]))] == ["2", "2"]
    img, boxes = digit_line("กข")
    assert [w.text for w in od.read_thai_digits(img, as_read(boxes, ["๑", "๒"]))] == ["๑", "๒"]


def test_a_glyph_without_a_digit_reading_is_not_added():
    od = need_digit_templates()
    img, boxes = digit_line("๖๖")
    # Tesseract saw only one digit: the other glyph gets no invented digit
    out = od.read_thai_digits(img, as_read(boxes[:1], ["๒"]))
    assert [w.text for w in out] == ["๖"]


def test_touching_digits_are_cut_apart():
    od = need_digit_templates()
    img, boxes = digit_line("๕๖", gap=-3)
    assert len(od.components(img)) == 1  # one blob of ink
    out = od.read_thai_digits(img, as_read(boxes, ["๕", "๒"]))
    assert "".join(w.text for w in out) == "๕๖"
    assert out[0].right <= out[1].left + 1


def test_nothing_changes_without_templates(monkeypatch):
    need_digit_templates()
    img, boxes = digit_line("๖")
    monkeypatch.setattr(ocr_digits, "templates", lambda: None)
    assert [w.text for w in ocr_digits.read_thai_digits(img, as_read(boxes, ["๒"]))] == ["๒"]


def test_thai_digit_year_of_a_scan_is_read_right(tmp_path):
    need_tesseract()
    need_digit_templates()
    from thaitab.pipeline import Options, process_pdf

    font = thai_font(44, upright=True)
    header = ["ประเด็น", "มาตรการ", "ขั้นตอน", "ระยะเวลา", "ผลการดำเนินงาน", "ผลลัพธ์", "ผู้รับผิดชอบ"]
    body = ["การใช้งบประมาณ", "มาตรการเปิดเผยข้อมูล", "๑. จัดทำประกาศ", "ต.ค. ๖๕ - ก.ย. ๖๖", "จำนวน ๔ ครั้ง",
            "ประชาชนรับทราบ", "กองคลัง"]
    probe = ImageDraw.Draw(Image.new("L", (10, 10)))
    cols = [50]
    for c, h in enumerate(header):
        cols.append(int(cols[-1] + max(probe.textlength(h, font=font), probe.textlength(body[c], font=font)) + 50))
    W, rows = cols[-1] + 50, [300, 400, 520]
    img = Image.new("L", (W, 640), 255)
    draw_grid(img, cols, rows)
    d = ImageDraw.Draw(img)
    for i, line in enumerate(["รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรม",
                              "เทศบาลตำบลทดสอบ ประจำปีงบประมาณ พ.ศ. ๒๕๖๖"]):
        d.text(((W - d.textlength(line, font=font)) / 2, 80 + 90 * i), line, font=font, fill=0)
    for c, (h, v) in enumerate(zip(header, body)):
        d.text((cols[c] + 20, rows[0] + 25), h, font=font, fill=0)
        d.text((cols[c] + 20, rows[1] + 30), v, font=font, fill=0)
    pdf_path = scan(img, tmp_path / "thai_digits.pdf", angle=0.25, seed=5)

    result = process_pdf(pdf_path, Options(profile="ita"))
    assert result.error is None, result.error
    rec = result.tables[0].rows[0]
    assert rec["fiscal_year_be"] == 2566
    assert rec["period"] == "ต.ค. ๖๕ - ก.ย. ๖๖"
    assert rec["period_start"] == "2022-10" and rec["period_end"] == "2023-09"


def test_a_batch_workers_share_limits_tesseract_and_opencv(monkeypatch):
    cv2 = pytest.importorskip("cv2")
    before = cv2.getNumThreads()
    try:
        monkeypatch.setenv("THAITAB_OCR_THREADS", "1")
        read.share_cv_threads()
        assert read._workers() == 1 and cv2.getNumThreads() == 1
        monkeypatch.delenv("THAITAB_OCR_THREADS")  # no share: OpenCV left as it is
        cv2.setNumThreads(3)
        read.share_cv_threads()
        assert cv2.getNumThreads() == 3
    finally:
        cv2.setNumThreads(before)


def test_no_space_is_put_inside_a_number():
    assert not layout._can_cut("15", 1) and not layout._can_cut("1. แต่งตั้ง", 1) and not layout._can_cut("1,500", 1)
    assert layout._can_cut("ก.ย. 68", 4) and layout._can_cut("ภายใน 15", 5)


def test_a_scanned_page_of_plain_text_is_not_read(tmp_path, monkeypatch):
    import pdfplumber

    font = ImageFont.load_default(size=30)
    img = Image.new("L", (1160, 760), 255)
    d = ImageDraw.Draw(img)
    for i, text in enumerate(["A letter about the annual budget report,", "written as one paragraph",
                              "with no table in it at all."]):
        d.text((60, 100 + 45 * i), text, font=font, fill=0)
    path = scan(img, tmp_path / "letter.pdf")

    def no_reading(images):
        raise AssertionError("a page without a table layout was sent to Tesseract")

    monkeypatch.setattr(tables, "ocr_lines", no_reading)
    with pdfplumber.open(path) as pdf:
        assert ocr.ocr_page_tables(pdf.pages[0], 1) == []
