import io
from functools import partial

import pdfplumber

from thaitab.extract.cells import _invisible, _merge_marker_columns, _reach, _text_block, find_tables
from thaitab.extract.chars import clean_chars
from thaitab.extract.glyphs import symbol_char
from tests.helpers import line_of
from tests.pdfs import pdf_bytes
from tests.test_hostile import page_objects


def column_cell(lines, x, top, bottom, width):
    """A cell at ``x`` holding lines given as (top, text), boxed from ``top`` to ``bottom``."""
    from thaitab.extract.cells import Cell

    return Cell(tuple(line_of(t, x=x, top=y) for y, t in lines), (x - 2, top, x + width, bottom))


def _grid_ops(fill: bytes, rows: int = 3, cols: int = 3, x0: float = 50, top: float = 700,
              w: float = 150, h: float = 30) -> list[bytes]:
    """Rules drawn as thin filled rectangles (as Word does), in ``fill`` colour."""
    ops = [fill]
    for i in range(rows + 1):
        ops.append(b"%.1f %.1f %.1f 0.8 re f" % (x0, top - i * h, cols * w))
    for j in range(cols + 1):
        ops.append(b"%.1f %.1f 0.8 %.1f re f" % (x0 + j * w, top - rows * h, rows * h))
    ops.append(b"0 g")
    for i in range(rows):
        for j in range(cols):
            ops.append(b"BT /F1 10 Tf %.1f %.1f Td (R%dC%d) Tj ET" % (x0 + j * w + 4, top - (i + 1) * h + 10, i, j))
    return ops


def _tables(ops: list[bytes]):
    data = pdf_bytes(page_objects(b"\n".join(ops)))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        return find_tables(page, clean_chars(page.chars), 1)


def test_black_rules_make_a_grid():
    tables = _tables(_grid_ops(b"0 g"))
    assert [t.borders for t in tables] == ["grid"]
    assert tables[0].n_cols == 3


def test_white_boxes_behind_text_are_not_rules():
    assert all(t.borders != "grid" for t in _tables(_grid_ops(b"1 g")))


def test_invisible_shapes():
    assert _invisible({"object_type": "rect", "stroke": False, "fill": True, "non_stroking_color": (1.0,)})
    assert _invisible({"object_type": "rect", "stroke": False, "fill": True, "non_stroking_color": (0, 0, 0, 0)})
    assert not _invisible({"object_type": "rect", "stroke": False, "fill": True, "non_stroking_color": (0.0,)})
    assert not _invisible({"object_type": "line", "stroke": True, "stroking_color": (0,)})
    assert _invisible({"object_type": "line", "stroke": True, "stroking_color": (1, 1, 1)})
    assert not _invisible({"object_type": "char", "text": "ก"})


def test_column_rules_reach_only_as_far_as_they_run_unbroken():
    edges = [{"top": 100, "bottom": 200}, {"top": 200, "bottom": 300},  # joined to the grid
             {"top": 400, "bottom": 700}]  # another table further down
    assert _reach(edges, 150, up=False) == 300
    assert _reach(edges, 150, up=True) == 100
    assert _reach([{"top": 50, "bottom": 150}], 150, up=True) == 50


def test_symbol_font_bullets_read_as_bullets():
    assert symbol_char("\uf0b7", "Symbol") == "•"
    assert symbol_char("\uf0d8", "ABCEEE+Wingdings") == "➢"
    assert symbol_char("\uf0b7", "THSarabunPSK") == "\uf0b7"  # another font: not ours to guess
    assert symbol_char("ก", "Symbol") == "ก"


def test_a_column_of_list_markers_is_not_a_column():
    lines = [line_of("•", x=20, top=100), line_of("ข้อความแรก", x=60, top=100),
             line_of("1.", x=20, top=120), line_of("ข้อความสอง", x=60, top=120)]
    assert _merge_marker_columns(lines, [10, 40, 200]) == [10, 200]
    lines.append(line_of("ชื่อ", x=20, top=140))
    assert _merge_marker_columns(lines, [10, 40, 200]) == [10, 40, 200]


def test_a_wide_gap_ends_the_table_block():
    lines = [line_of(t, top=100 + 20 * i) for i, t in enumerate(["ก", "ข", "ค"])]
    after = line_of("ย่อหน้าถัดไป", top=100 + 20 * 2 + 90)
    assert _text_block(lines + [after]) == lines


def test_a_double_rule_is_one_column_edge():
    from thaitab.extract.cells import _merge_double_rules

    assert _merge_double_rules([106, 112, 332, 338, 343, 563, 568]) == [109, 337.5, 565.5]
    assert _merge_double_rules([50, 200, 350]) == [50, 200, 350]


def test_text_clipped_from_the_cell_above_is_left_out():
    from thaitab.extract.cells import drop_overflow
    from tests.helpers import chars_of

    hidden = chars_of("ยุทธ์", x=10, top=96)  # drawn over the cell's first line
    own = chars_of("- จำนวนครั้ง", x=10, top=104) + chars_of("ของโครงการ", x=10, top=124)
    assert drop_overflow(hidden + own, top=98) == own
    # lines one pitch apart are both the cell's own
    apart = chars_of("ก ข ค", x=10, top=100) + chars_of("ง จ ฉ", x=10, top=118)
    assert drop_overflow(apart, top=98) == apart
    # tight leading inside the cell: the first line starts below the rule, so it shows
    tight = chars_of("ก ข ค", x=10, top=99) + chars_of("ง จ ฉ", x=10, top=107)
    assert drop_overflow(tight, top=98) == tight


def test_a_ruled_row_listing_records_by_line_is_split_per_record():
    from thaitab.extract.cells import Cell, split_listed_row

    cell = partial(column_cell, top=100, bottom=200, width=150)

    names = cell([(100, "ผู้ช่วยนักวิชาการ"), (120, "ผู้ช่วยเจ้าพนักงาน"), (140, "(มีทักษะ)"), (160, "นายช่างโยธา")], 10)
    counts = cell([(100, "1"), (120, "1"), (160, "3")], 200)
    rows = split_listed_row([names, counts])
    assert [[c.text for c in r] for r in rows] == [
        ["ผู้ช่วยนักวิชาการ", "1"], ["ผู้ช่วยเจ้าพนักงาน\n(มีทักษะ)", "1"], ["นายช่างโยธา", "3"]]


def test_a_listed_row_set_on_the_bottom_wraps_upwards():
    from thaitab.extract.cells import Cell, split_listed_row

    cell = partial(column_cell, top=80, bottom=240, width=150)

    # a spreadsheet's default: each record's text ends on the line of its figures
    # (rows taller than their text: a record's lines hang apart from the line above)
    names = cell([(90, "เครื่องพิมพ์แบบฉีดหมึก"), (106, "พร้อมติดตั้งถังหมึก"), (122, "โต๊ะปฏิบัติงาน"),
                  (154, "วิทยุสื่อสาร"), (170, "ชนิดมือถือ"), (202, "เครื่องยนต์"), (218, "ดีเซล")], 10)
    counts = cell([(106, "12"), (122, "1"), (170, "4"), (218, "2")], 200)
    rows = split_listed_row([names, counts])
    assert [[c.text for c in r] for r in rows] == [
        ["เครื่องพิมพ์แบบฉีดหมึก\nพร้อมติดตั้งถังหมึก", "12"], ["โต๊ะปฏิบัติงาน", "1"], ["วิทยุสื่อสาร\nชนิดมือถือ", "4"],
        ["เครื่องยนต์\nดีเซล", "2"]]


def test_rows_that_fit_their_text_wrap_upwards_when_two_columns_stand_above_the_first_record():
    from thaitab.extract.cells import Cell, split_listed_row

    cell = partial(column_cell, top=80, bottom=240, width=150)

    # rows exactly as tall as their text: no gap tells bottom-set text from a label over the
    # first record, but a label stands in one column and here two columns rise above it
    names = cell([(90, "โครงการปรับปรุง"), (106, "ระบบประปา"), (122, "โครงการก่อสร้าง"), (138, "ถนนคอนกรีต")], 10)
    aims = cell([(90, "เพื่อให้ประชาชน"), (106, "มีน้ำใช้"), (122, "เพื่อการสัญจร"), (138, "สะดวก")], 170)
    targets = cell([(106, "1 แห่ง"), (122, "ยาว 800 เมตร"), (138, "หนา 0.15 เมตร")], 330)
    counts = cell([(106, "539,000"), (138, "163,000")], 490)
    more = cell([(106, "792,000"), (138, "-")], 650)
    rows = split_listed_row([names, aims, targets, counts, more])
    assert [[c.text for c in r] for r in rows] == [
        ["โครงการปรับปรุง\nระบบประปา", "เพื่อให้ประชาชน\nมีน้ำใช้", "1 แห่ง", "539,000", "792,000"],
        ["โครงการก่อสร้าง\nถนนคอนกรีต", "เพื่อการสัญจร\nสะดวก", "ยาว 800 เมตร\nหนา 0.15 เมตร", "163,000", "-"]]
    # one column above the first record: a label over it, then names wrapped down (as before)
    label = cell([(90, "งานบริหาร"), (106, "ผู้อำนวยการ"), (122, "ระดับสูง"), (138, "นักวิเคราะห์")], 10)
    plain = cell([(106, "1"), (138, "2")], 170)
    rows = split_listed_row([label, plain, counts, more])
    assert [r[0].text for r in rows] == ["งานบริหาร\nผู้อำนวยการ\nระดับสูง", "นักวิเคราะห์"]


def test_records_whose_hanging_text_wraps_are_set_on_the_bottom_though_the_first_does_not_wrap():
    from thaitab.extract.cells import Cell, split_listed_row
    from tests.helpers import W

    # one text column, the first record a single line: hanging text tells, if it wraps
    # (the next line's first word did not fit), from a label broken off on purpose
    width = 12 * W
    cell = partial(column_cell, top=80, bottom=260, width=width)
    names = cell([(90, "โต๊ะทำงาน"), (122, "กล้องถ่ายภาพระบบดิจิ"), (138, "ตอล"),
                  (170, "เครื่องพิมพ์แบบฉีดหมึ"), (186, "ก"), (202, "พัดลม")], 10)
    counts = cell([(90, "1"), (138, "2"), (186, "3"), (202, "4")], 400)
    rows = split_listed_row([names, counts])
    assert [r[0].text for r in rows] == ["โต๊ะทำงาน", "กล้องถ่ายภาพระบบดิจิ\nตอล", "เครื่องพิมพ์แบบฉีดหมึ\nก", "พัดลม"]
    # short section labels hanging over their records are broken off on purpose: dealt down
    labels = cell([(90, "โต๊ะทำงาน"), (122, "ครุภัณฑ์"), (138, "ตอล"), (170, "สำนักงาน"), (186, "ก"), (202, "พัดลม")], 10)
    rows = split_listed_row([labels, counts])
    assert [r[0].text for r in rows] == ["โต๊ะทำงาน\nครุภัณฑ์", "ตอล\nสำนักงาน", "ก", "พัดลม"]


def test_a_name_centred_on_the_first_record_does_not_wrap_upwards():
    from thaitab.extract.cells import Cell, split_listed_row

    cell = partial(column_cell, top=80, bottom=240, width=150)

    # half above and half below the first record's line: centred, not set on the bottom
    names = cell([(94, "นครศรีธร"), (120, "รมราช"), (138, "กระบี่"), (158, "พังงา")], 10)
    counts = cell([(107, "2,031"), (138, "2,000"), (158, "1,900")], 200)
    rows = split_listed_row([names, counts])
    assert [r[0].text for r in rows] == ["นครศรีธร\nรมราช", "กระบี่", "พังงา"]


def test_a_row_of_wrapped_text_is_not_split():
    from thaitab.extract.cells import Cell, split_listed_row

    text = Cell(tuple(line_of(t, x=10, top=100 + 20 * i) for i, t in enumerate(["ก", "ข", "ค"])), (8, 100, 160, 170))
    budget = Cell((line_of("20,000", x=200, top=100),), (198, 100, 300, 170))
    assert split_listed_row([text, budget]) == [[text, budget]]


def test_a_clipped_line_in_another_type_on_the_first_line_is_left_out():
    from thaitab.extract.cells import drop_overflow
    from tests.helpers import chars_of

    above = chars_of("สิ่งแวดล้อมรวมตลอดถึงการใช้", x=10, top=82)  # last line of the cell above, full
    hidden = chars_of("พลังงานทดแทน", x=10, top=100)  # its wrap, clipped, same type
    own = chars_of("๓.๓ พัฒนาตัวอย่าง", x=10, top=100.5, bold=True) + chars_of("สร้างองค์ความรู้", x=10, top=125)
    assert drop_overflow(hidden + own, top=98, above=above) == own
    # without a paragraph above to carry on, nothing is dropped
    assert drop_overflow(hidden + own, top=98) == hidden + own


def test_text_clipped_at_a_rule_goes_back_to_the_cell_above():
    from thaitab.extract.cells import Grid, fill_grid
    from tests.helpers import chars_of

    grid = Grid([0.0, 200.0], [40.0, 98.0, 160.0], [[(0, 0)], [(1, 0)]])
    above = chars_of("สินค้าผลิตภัณฑ์ชุมชน", x=10, top=60) + chars_of("ให้แข่งขันกลุ่มตลาด", x=10, top=78)
    clipped = chars_of("เพื่อนบ้าน", x=10, top=94)  # the row's rule cuts it: drawn over the next cell
    own = chars_of("๒.๔ ส่งเสริมภาค", x=10, top=102) + chars_of("เกษตรให้แข่งขัน", x=10, top=122)
    table, _ = fill_grid(grid, above + clipped + own, page=1, borders="grid")
    assert [[c.text for c in row] for row in table.rows] == [
        ["สินค้าผลิตภัณฑ์ชุมชน\nให้แข่งขันกลุ่มตลาด\nเพื่อนบ้าน"], ["๒.๔ ส่งเสริมภาค\nเกษตรให้แข่งขัน"]]


def test_a_line_clipped_at_the_table_bottom_stays_in_the_last_row():
    from thaitab.extract.cells import Grid, fill_grid
    from tests.helpers import chars_of

    grid = Grid([0.0, 200.0], [40.0, 98.0], [[(0, 0)]])
    own = chars_of("ธรรมชาติสวยและสะอาด", x=10, top=60) + chars_of("มีมาตรฐานและคนใน", x=10, top=78)
    clipped = chars_of("ท้องถิ่นมีส่วนร่วม", x=10, top=92)  # cut by the table's bottom rule
    footer = chars_of("หน้า ๓", x=10, top=110)  # below the table: outside
    table, outside = fill_grid(grid, own + clipped + footer, page=1, borders="grid")
    assert table.rows[0][0].text == "ธรรมชาติสวยและสะอาด\nมีมาตรฐานและคนใน\nท้องถิ่นมีส่วนร่วม"
    assert outside == footer


def test_every_clipped_line_drawn_between_the_cells_own_lines_goes_back():
    from thaitab.extract.cells import drop_overflow
    from tests.helpers import chars_of

    above = chars_of("ในการแก้ไขปัญหาอบายมุข", x=10, top=56) + chars_of("สิ่งเสพติดในการกำหนด", x=10, top=76)
    # the paragraph above goes on at its own pitch (20), over the cell's lines (pitch 20, offset 7)
    hidden = chars_of("อย่างต่อเนื่องและจริงจัง", x=10, top=96) + chars_of("สถานศึกษาและสถานที่", x=10, top=116)
    own = (chars_of("๖.๔ เสริมสร้าง", x=10, top=103, bold=True) + chars_of("ความสงบปลอดภัย", x=10, top=123)
           + chars_of("การป้องกันบรรเทา", x=10, top=143))
    assert drop_overflow(hidden + own, top=101, above=above) == own


def test_a_table_piece_without_its_closing_rule_is_found():
    # the end of a row cut by the page break: column rules and a bottom rule, no top rule
    ops = [b"0 g", b"50.0 700.0 450.0 0.8 re f"]
    ops += [b"%.1f 700.0 0.8 60.0 re f" % (50 + j * 150) for j in range(4)]
    ops.append(b"BT /F1 10 Tf 204.0 730.0 Td (the end of a long step) Tj ET")
    ops += _grid_ops(b"0 g", rows=2, top=650)  # the next table below, fully ruled
    tables = _tables(ops)
    assert len(tables) == 2
    assert [c.text for c in tables[0].rows[0]] == ["", "the end of a long step", ""]
    assert tables[1].rows[0][0].text == "R0C0"


def test_open_ends_adds_a_rule_only_where_none_is_drawn():
    from types import SimpleNamespace

    from thaitab.extract.cells import open_ends

    v = [{"x0": x, "x1": x, "top": 57.0, "bottom": 140.0} for x in (94, 255, 461, 560)]
    bottom = [{"x0": 94.0, "x1": 560.0, "top": 140.0, "bottom": 140.0}]
    ends = open_ends(SimpleNamespace(vertical_edges=v, horizontal_edges=bottom, height=842.0))
    assert [(e["top"], e["x0"], e["x1"]) for e in ends] == [(57.0, 94, 560)]
    closed = bottom + [{"x0": 94.0, "x1": 560.0, "top": 57.0, "bottom": 57.0}]
    assert open_ends(SimpleNamespace(vertical_edges=v, horizontal_edges=closed, height=842.0)) == []
    # rules starting together mid-page are the connectors of a chart
    mid = [dict(e, top=400.0) for e in v]
    assert open_ends(SimpleNamespace(vertical_edges=mid, horizontal_edges=[], height=842.0)) == []


def test_column_rules_breaking_together_mid_page_mark_a_row_edge():
    from types import SimpleNamespace

    from thaitab.extract.cells import open_ends

    # Word draws the column rules row by row; this row edge has no rule of its own
    upper = [{"x0": x, "x1": x, "top": 183.0, "bottom": 415.0} for x in (94, 255, 461, 560)]
    lower = [{"x0": x, "x1": x, "top": 415.0, "bottom": 645.0} for x in (94, 255, 461, 560)]
    rules = [{"x0": 94.0, "x1": 560.0, "top": y, "bottom": y} for y in (183.0, 645.0)]
    ends = open_ends(SimpleNamespace(vertical_edges=upper + lower, horizontal_edges=rules, height=842.0))
    assert [(e["top"], e["x0"], e["x1"]) for e in ends] == [(415.0, 94, 560)]


def test_column_rules_broken_over_a_row_merged_across_frame_that_row():
    from types import SimpleNamespace

    from thaitab.extract.cells import open_ends

    # a body without row rules; the column rules stop over a section row merged
    # across them and go on under it; the outline runs on unbroken
    pieces = ((86, 114), (129, 266), (281, 496), (510, 785))
    inner = [{"x0": x, "x1": x, "top": t, "bottom": b} for x in (46, 165, 284, 403) for t, b in pieces]
    outline = [{"x0": x, "x1": x, "top": 86.0, "bottom": 785.0} for x in (18, 576)]
    rules = [{"x0": 18.0, "x1": 576.0, "top": y, "bottom": y} for y in (86.0, 114.0, 785.0)]
    ends = open_ends(SimpleNamespace(vertical_edges=inner + outline, horizontal_edges=rules, height=842.0))
    assert sorted((e["top"], e["x0"], e["x1"]) for e in ends) == [
        (129, 18, 576), (266, 18, 576), (281, 18, 576), (496, 18, 576), (510, 18, 576)]


def test_column_rules_stopping_together_inside_an_outline_that_runs_on_close_a_row():
    from types import SimpleNamespace

    from thaitab.extract.cells import open_ends

    # the last row on the page is merged across the columns: their rules stop above
    # it, the outline goes on to the page's last rule
    inner = [{"x0": x, "x1": x, "top": t, "bottom": b} for x in (46, 165, 284, 403) for t, b in ((86, 114), (129, 560))]
    outline = [{"x0": x, "x1": x, "top": 86.0, "bottom": 600.0} for x in (18, 576)]
    rules = [{"x0": 18.0, "x1": 576.0, "top": y, "bottom": y} for y in (86.0, 114.0, 600.0)]
    text = [{"x0": x, "x1": x + 8, "top": 140.0, "bottom": 154.0, "text": "ก"} for x in (100, 200, 300)]  # records
    page = SimpleNamespace(vertical_edges=inner + outline, horizontal_edges=rules, height=842.0, chars=text)
    assert sorted((e["top"], e["x0"], e["x1"]) for e in open_ends(page)) == [(129, 18, 576), (560, 18, 576)]
    # a legend's colour boxes end together inside a chart's frame: no text between, no row
    page.chars = []
    assert sorted((e["top"], e["x0"], e["x1"]) for e in open_ends(page)) == [(129, 18, 576)]


def test_a_body_without_row_rules_ends_where_its_rules_end_above_the_bottom_margin():
    from types import SimpleNamespace

    from thaitab.extract.cells import open_ends

    # a spreadsheet breaks the page at a row edge well above the bottom margin: the
    # column rules and the outline all stop there, nothing drawn across them
    rules = [{"x0": x, "x1": x, "top": 54.0, "bottom": 469.0} for x in (50, 65, 192, 326, 429)]
    text = [{"x0": x, "x1": x + 8, "top": 100.0, "bottom": 114.0, "text": "ก"} for x in (55, 100, 200, 350)]
    page = SimpleNamespace(vertical_edges=rules, horizontal_edges=[], height=595.0, chars=text)
    assert sorted((e["top"], e["x0"], e["x1"]) for e in open_ends(page)) == [(54, 50, 429), (469, 50, 429)]
    # the last row is merged across the columns: their rules stop above it, the outline's
    # two rules (no third) go on to the page's lowest end
    inner = [dict(r, bottom=340.0) for r in rules[1:-1]]
    page.vertical_edges = [dict(rules[0], bottom=366.0), dict(rules[-1], bottom=366.0)] + inner
    assert sorted((e["top"], e["x0"], e["x1"]) for e in open_ends(page)) == [
        (54, 50, 429), (340, 50, 429), (366, 50, 429)]
    # legend boxes inside a chart's frame are closed by rules of their own: no row
    boxes = [{"x0": x, "x1": x, "top": 569.0, "bottom": 577.0} for x in (133, 142, 246, 255)]
    lids = [{"x0": a, "x1": a + 9, "top": y, "bottom": y} for a in (133, 246) for y in (569.0, 577.0)]
    frame = [{"x0": x, "x1": x, "top": 274.0, "bottom": 585.0} for x in (82, 514)]
    label = [{"x0": 150.0, "x1": 160.0, "top": 570.0, "bottom": 577.0, "text": "ก"}]
    page = SimpleNamespace(vertical_edges=boxes + frame, horizontal_edges=lids, height=842.0, chars=label)
    assert all(e["top"] != 577.0 for e in open_ends(page))


def test_lines_hidden_under_the_table_bottom_go_back_to_the_clipped_cell():
    from thaitab.extract.cells import Grid, fill_grid
    from tests.helpers import chars_of

    grid = Grid([0.0, 200.0, 300.0], [40.0, 90.0], [[(0, 0), (0, 1)]])
    # the cell's last line runs into the bottom rule at 90: the row was clipped
    own = chars_of("สังคมแห่งภูมิปัญญา", x=10, top=56) + chars_of("ที่ยั่งยืนโดดเด่นใน", x=10, top=76)
    hidden = chars_of("วิถีอาเซียน", x=10, top=96) + chars_of("และประชาคมโลก", x=10, top=116)
    page_no = chars_of("๓๖", x=150, top=300)
    table, outside = fill_grid(grid, own + hidden + page_no, page=1, borders="grid")
    assert table.rows[0][0].text.splitlines()[-2:] == ["วิถีอาเซียน", "และประชาคมโลก"]
    assert outside == page_no
    # a cell that ends clear of the rule keeps the text below the table out
    short = chars_of("สังคมแห่งภูมิปัญญา", x=10, top=46) + chars_of("ที่ยั่งยืน", x=10, top=62)
    note = chars_of("หมายเหตุ ข้อมูลปี ๒๕๖๐", x=10, top=96)
    table, outside = fill_grid(grid, short + note, page=1, borders="grid")
    assert outside == note


# --------------------------------------------------------------- spreadsheet layouts
def test_a_run_clipped_at_a_column_rule_stays_in_the_cell_it_starts_in():
    from thaitab.extract.cells import Grid, fill_grid
    from tests.helpers import chars_of

    # cell 0 (x 0..60) holds a long code drawn on past its rule; cell 1 has its own word under it
    code = chars_of("4910-016-001", x=2, top=10, size=10)
    own = chars_of("งปม.", x=62, top=10, size=10)
    grid = Grid([0.0, 60.0, 120.0], [5.0, 30.0], [[(0, 0), (0, 1)]])
    table, _ = fill_grid(grid, code + own, 1, "grid")
    assert [c.text for c in table.rows[0]] == ["4910-016-001", "งปม."]


def test_texts_meeting_at_a_rule_stay_in_their_own_cells():
    from thaitab.extract.cells import Grid, fill_grid
    from tests.helpers import W, chars_of

    # a right-aligned figure ends at the rule and the next cell's figure starts there
    left = chars_of("478", x=60 - 3 * W, top=10, size=10)
    right = chars_of("478", x=60, top=10, size=10)
    grid = Grid([0.0, 60.0, 120.0], [5.0, 30.0], [[(0, 0), (0, 1)]])
    table, _ = fill_grid(grid, left + right, 1, "grid")
    assert [c.text for c in table.rows[0]] == ["478", "478"]


def test_a_glyph_drawn_across_its_cells_rule_stays_with_its_run():
    from thaitab.extract.cells import Grid, fill_grid
    from tests.helpers import W, chars_of

    # a province name clipped at the rule: its last glyph starts just before the rule and is cut
    # there; the next cell holds a right-aligned figure
    name = chars_of("ขันธ", x=60 - 2 * W - 0.6, top=10, size=10)  # ธ at 59.4..67.4
    figure = chars_of("51", x=120 - 2 * W - 2, top=10, size=10)
    grid = Grid([0.0, 60.0, 120.0], [5.0, 30.0], [[(0, 0), (0, 1)]])
    table, _ = fill_grid(grid, name + figure, 1, "grid")
    assert [c.text for c in table.rows[0]] == ["ขันธ", "51"]


def test_a_clipped_run_goes_on_glyph_by_glyph_under_the_next_cells_text():
    from thaitab.extract.cells import Grid, fill_grid
    from tests.helpers import W, chars_of

    # "IX 5000" clipped at the rule (x 60): its glyphs go on where each one before ends, and
    # the next cell's "บกศ." is drawn over them from its padding (it starts inside "000")
    name = chars_of("IX 5000", x=60 - 4 * W - 0.3, top=10, size=10)
    own = chars_of("บกศ.", x=62, top=10, size=10)
    grid = Grid([0.0, 60.0, 120.0], [5.0, 30.0], [[(0, 0), (0, 1)]])
    table, _ = fill_grid(grid, name + own, 1, "grid")
    assert [c.text for c in table.rows[0]] == ["IX 5000", "บกศ."]
    # a typed space is a glyph of the chain: "24 ช่อง" clipped after its space stays whole
    name = chars_of("ขนาด 24 ช่อง", x=60 - 7 * W - 0.5, top=10, size=10)  # from the cell's left edge
    table, _ = fill_grid(grid, name + chars_of("2", x=110, top=10, size=10), 1, "grid")
    assert [c.text for c in table.rows[0]] == ["ขนาด 24 ช่อง", "2"]


def test_centred_text_spilling_both_ways_goes_to_its_middle_cell():
    from thaitab.extract.cells import run_anchors
    from tests.helpers import W, chars_of

    rules = [0.0, 50.0, 100.0, 150.0]
    text = chars_of("มอเตอร์ไหม้ใบพัดแตก", x=75 - 8 * W + 3, top=10, size=10)  # centred on column 1
    anchors = run_anchors(text, rules)
    assert all(50 <= a <= 100 for a in anchors)


def test_a_figure_under_a_one_line_figure_is_not_text_run_on_from_above():
    from thaitab.extract.cells import drop_overflow
    from tests.helpers import chars_of

    above = chars_of("###", x=10, top=86, size=7)
    own = chars_of("477", x=10, top=94.7, size=7)  # crosses the rule at 97.2 (a tall figure font)
    assert drop_overflow(own, top=97.2, above=above) == own


def test_a_merged_looking_cell_with_one_line_per_row_is_split_into_its_rows():
    from thaitab.extract.cells import Grid, fill_grid
    from tests.helpers import chars_of

    # the rules of column 0 were not drawn between rows 1-3; its lines sit on each row's baseline
    ys = [0.0, 20.0, 40.0, 60.0]
    names = [ch for i, t in enumerate(["บึงกาฬ", "บุรีรัมย์", "ปทุมธานี"]) for ch in chars_of(t, x=2, top=4 + 20 * i, size=10)]
    figures = [ch for i, t in enumerate(["56", "331", "963"]) for ch in chars_of(t, x=82, top=4 + 20 * i, size=10)]
    owner = [[(0, 0), (0, 1)], [(0, 0), (1, 1)], [(0, 0), (2, 1)]]
    table, _ = fill_grid(Grid([0.0, 80.0, 140.0], ys, owner), names + figures, 1, "grid")
    assert [[c.text for c in r] for r in table.rows] == [["บึงกาฬ", "56"], ["บุรีรัมย์", "331"], ["ปทุมธานี", "963"]]


def test_a_real_merged_cell_with_a_paragraph_stays_merged():
    from thaitab.extract.cells import Grid, fill_grid
    from tests.helpers import chars_of

    ys = [0.0, 40.0, 80.0]
    para = chars_of("ประเด็นที่หนึ่ง", x=2, top=24, size=10) + chars_of("ยาวมาก", x=2, top=36, size=10)
    figures = chars_of("1", x=82, top=4, size=10) + chars_of("2", x=82, top=44, size=10)
    owner = [[(0, 0), (0, 1)], [(0, 0), (1, 1)]]
    table, _ = fill_grid(Grid([0.0, 80.0, 140.0], ys, owner), para + figures, 1, "grid")
    assert table.rows[1][0].spanned and table.rows[0][0].text == "ประเด็นที่หนึ่ง\nยาวมาก"


def test_a_label_beside_a_list_of_records_covers_them_all():
    from thaitab.extract.cells import Cell, split_listed_row

    cell = partial(column_cell, top=100, bottom=200, width=100)

    region = cell([(130, "ภาคกลาง")], 10)  # centred on the group, on no record's baseline
    names = cell([(100, "นครปฐม"), (120, "นนทบุรี"), (140, "ปทุมธานี"), (160, "ชัยนาท")], 120)
    figures = cell([(100, "2,151"), (120, "2,340"), (140, "2,166"), (160, "2,217")], 240)
    rows = split_listed_row([region, names, figures])
    assert [[c.text for c in r] for r in rows] == [
        ["ภาคกลาง", "นครปฐม", "2,151"], ["", "นนทบุรี", "2,340"], ["", "ปทุมธานี", "2,166"], ["", "ชัยนาท", "2,217"]]
    assert [r[0].spanned for r in rows] == [False, True, True, True]


def test_header_text_run_up_over_the_top_rule_goes_back_to_its_cell():
    from thaitab.extract.cells import Grid, fill_grid
    from tests.helpers import chars_of

    # a centred three-line header in a short row: its first line straddles the top rule at y=20
    first = chars_of("ลำดับ", x=4, top=12, size=10)
    second = chars_of("ที่", x=6, top=26, size=10)
    title = chars_of("บัญชีรายการครุภัณฑ์ประจำปี", x=4, top=0, size=10)  # wider than the cell: a title
    other = chars_of("รายการ", x=64, top=26, size=10)
    grid = Grid([0.0, 60.0, 200.0], [20.0, 45.0], [[(0, 0), (0, 1)]])
    table, outside = fill_grid(grid, title + first + second + other, 1, "grid")
    assert table.rows[0][0].text == "ลำดับ\nที่"
    assert "".join(ch.text for ch in outside) == "บัญชีรายการครุภัณฑ์ประจำปี"


# --------------------------------------------------------------- tables a browser prints
def _page(rules=(), width=600.0, height=800.0):
    """A page with horizontal rules only (y, x0, x1), as a browser draws them."""
    from types import SimpleNamespace

    edges = [{"x0": x0, "x1": x1, "top": y, "bottom": y} for y, x0, x1 in rules]
    return SimpleNamespace(width=width, height=height, horizontal_edges=edges, vertical_edges=[],
                           rects=[], lines=[], curves=[])


def _row(texts, top, xs=(40, 200, 360)):
    from tests.helpers import chars_of

    return [ch for t, x in zip(texts, xs) if t for ch in chars_of(t, x=x, top=top)]


def test_a_lone_tone_mark_below_the_last_rule_makes_no_row():
    from thaitab.extract.chars import Char

    # Chromium repeats a header's tone mark at the foot of the page: no base glyph under it
    rules = [(100, 30, 520), (140, 30, 520), (300, 30, 520)]
    chars = _row(["ลำดับ", "ชื่อ", "หน่วย"], 110) + _row(["หนึ่ง", "กองคลัง", "สำนักปลัด"], 150)
    mark = Char("\u0e49", 118.0, 118.0, 308.0, 322.0, 14.0)
    tables = find_tables(_page(rules), chars + [mark], 1)
    assert [[c.text for c in r] for r in tables[0].rows] == [["ลำดับ", "ชื่อ", "หน่วย"],
                                                           ["หนึ่ง", "กองคลัง", "สำนักปลัด"]]
    assert [ln.text for ln in tables[0].outside] == ["\u0e49"]  # kept, outside the table


def test_header_lines_a_centred_header_starts_higher_are_the_tables():
    # no rules; header cells of one, three and two lines, each centred in the header
    # row: the page's lines there are half a paragraph pitch apart
    xs = (30, 150, 270, 390)
    title = _row(["รายงานผล"], 40, xs)
    head = (_row(["", "โครงการ/"], 100, xs) + _row(["", "", "วัน เดือน"], 110, xs)
            + _row(["ด้าน", "กิจกรรม", "", "ผู้รับผิดชอบ"], 121, xs) + _row(["", "", "ปี"], 131, xs)
            + _row(["", "ที่ทำ"], 142, xs))
    body = [ch for i in range(3) for ch in _row([f"ข้อ {i}", "ทำงาน", "ต.ค.", "กองคลัง"], 180 + 40 * i, xs)]
    tables = find_tables(_page(), title + head + body, 1)
    assert [c.text for c in tables[0].rows[0]] == ["ด้าน", "โครงการ/\nกิจกรรม\nที่ทำ", "วัน เดือน\nปี", "ผู้รับผิดชอบ"]
    assert [ln.text for ln in tables[0].outside] == ["รายงานผล"]


def test_header_lines_set_between_each_others_lines_are_the_tables_at_any_pitch():
    # no rules; a loose paragraph pitch (24 pt at 14 pt type) puts the centred header cells'
    # lines 12 pt apart, more than the tightest pitch a paragraph has; the first line of three
    # runs starts in the second column, and the title above is a line of its own
    xs = (30, 150, 270, 390)
    title = _row(["รายงานผล"], 40, xs)
    head = (_row(["", "โครงการ/", "", "ระยะเวลา"], 100, xs) + _row(["ประเด็น", "", "", ""], 112, xs)
            + _row(["", "กิจกรรม", "ขั้นตอน", "ดำเนินการ"], 124, xs) + _row(["ประเมิน"], 136, xs)
            + _row(["", "มาตรการ"], 148, xs))
    body = [ch for i in range(3) for ch in _row([f"ข้อ {i}", "ทำงาน", "ต.ค.", "กองคลัง"], 190 + 40 * i, xs)]
    tables = find_tables(_page(), title + head + body, 1)
    assert [c.text for c in tables[0].rows[0]] == ["ประเด็น\nประเมิน", "โครงการ/\nกิจกรรม\nมาตรการ", "ขั้นตอน",
                                                   "ระยะเวลา\nดำเนินการ"]
    assert [ln.text for ln in tables[0].outside] == ["รายงานผล"]


def test_a_page_going_on_with_two_columns_filled_is_still_the_table():
    # no rules; after the header, the rest of a row cut by the page break fills two columns
    xs = (30, 150, 270)
    head = _row(["ประเด็น", "มาตรการ", "วิธีการ"], 60, xs)
    rest = [ch for i in range(3) for ch in _row(["", f"ต่อจาก{i}", f"ขั้นที่{i}"], 100 + 20 * i, xs)]
    hint = [28.0, 148.0, 268.0, 400.0]
    tables = find_tables(_page(), head + rest, 2, hint)
    assert [c.text for c in tables[0].rows[-1]][1:] == ["ต่อจาก0\nต่อจาก1\nต่อจาก2", "ขั้นที่0\nขั้นที่1\nขั้นที่2"]
    assert find_tables(_page(), head + rest, 2) == []  # without a table before, two columns say too little


def test_the_rest_of_a_cut_row_above_the_pages_first_full_line_is_the_tables():
    # no rules; the page after a table opens with the last lines of a row the page break cut,
    # in two of its columns, then a fresh row filling every column
    xs = (30, 150, 270, 390)
    rest = [ch for i in range(2) for ch in _row(["", f"ขั้นที่{3 + i}", "", f"ผลที่{i}"], 60 + 16 * i, xs)]
    fresh = [ch for i in range(3) for k in range(2)
             for ch in _row([f"ข้อ{i}", f"ทำ{i}", "ต.ค." if k == 0 else "", f"กอง{i}"], 100 + 40 * i + 16 * k, xs)]
    hint = [28.0, 148.0, 268.0, 388.0, 500.0]
    tables = find_tables(_page(), rest + fresh, 2, hint)
    texts = [c.text for r in tables[0].rows for c in r]
    assert "ขั้นที่3\nขั้นที่4" in texts and "ผลที่0\nผลที่1" in texts
    assert all("ขั้นที่" not in ln.text for ln in tables[0].outside)


def test_the_gutter_width_is_a_setting():
    from thaitab.extract.gutters import find_gutters
    from thaitab.extract.settings import use

    # two columns 10 pt apart (0.71 em at 14 pt)
    lines = [line_of("นาม", x=10, top=100 + 20 * i) for i in range(3)] + \
            [line_of("กอง", x=10 + 3 * 8 + 10, top=100 + 20 * i) for i in range(3)]
    assert len(find_gutters(lines, 8, 90, 14.0)) == 3
    with use({"cells.min_gutter_em": 0.8}):
        assert len(find_gutters(lines, 8, 90, 14.0)) == 2  # a wider gutter needed: one column


def test_marks_without_a_base_on_their_line_are_page_furniture():
    from thaitab.extract.cells import split_stray_marks
    from thaitab.extract.chars import Char
    from tests.helpers import chars_of

    text = chars_of("สั่งการ", x=10, top=700)
    # the tone marks of the line the page break moved on, left at the page's foot
    stray = [Char("\u0e48", 158.0, 158.0, 807.0, 821.0, 14.0), Char("\u0e48", 246.0, 246.0, 807.0, 821.0, 14.0)]
    keep, out = split_stray_marks(text + stray)
    assert keep == text and out == stray


# ------------------------------------------------------ shaded headers, rows a rule leaves open
def _text(x: float, y: float, s: str) -> bytes:
    return b"BT /F1 10 Tf %.1f %.1f Td (%s) Tj ET" % (x, y, s.encode())


def _shaded_header_ops(rules: bool) -> list[bytes]:
    """Three columns (x 50, 200, 350; 150 wide): a header row shaded grey cell
    by cell (filled, unstroked boxes), then three records of two lines each (12 pt
    pitch), set apart by a wider gap; ``rules``: a rule above and below the header."""
    ops = [b"0.85 g"] + [b"%.1f 700 150 30 re f" % (50 + 150 * j) for j in range(3)] + [b"0 g"]
    if rules:
        ops += [b"50 730 450 0.5 re f", b"50 700 450 0.5 re f"]
    ops += [_text(54 + 150 * j, 710, h) for j, h in enumerate(("Issue", "Measure", "Owner"))]
    for i in range(3):
        y = 680 - 34 * i
        ops += [_text(54 + 150 * j, y, f"R{i}C{j} first") for j in range(3)]
        ops += [_text(54 + 150 * j, y - 12, f"R{i}C{j} second") for j in range(3)]
    return ops


def test_a_shaded_header_row_is_no_grid_and_the_body_under_it_is_kept():
    # the sides of the grey boxes are no column rules: the table is the header and its body
    for rules in (False, True):
        [table] = _tables(_shaded_header_ops(rules))
        assert table.borders != "grid"
        texts = [[c.text for c in r] for r in table.rows]
        assert texts[0] == ["Issue", "Measure", "Owner"]
        assert texts[1:] == [[f"R{i}C{j} first\nR{i}C{j} second" for j in range(3)] for i in range(3)], rules


def test_a_shaded_band_without_text_makes_no_grid_of_a_shaded_header():
    # a browser leaves a sliver of the next page's shaded header at the page's
    # foot: a second band of grey boxes, but one that shades no row of text
    sliver = [b"0.85 g"] + [b"%.1f 40 150 30 re f" % (50 + 150 * j) for j in (0, 2)] + [b"0 g"]
    [table] = _tables(_shaded_header_ops(False) + sliver)
    assert table.borders != "grid"
    assert [c.text for c in table.rows[0]] == ["Issue", "Measure", "Owner"] and len(table.rows) == 4


def test_shading_still_shapes_a_table_with_column_rules():
    ops = _shaded_header_ops(False) + [b"%.1f 580 0.8 150 re f" % (50 + 150 * j) for j in range(4)]
    [table] = _tables(ops)
    assert table.borders == "grid"


def test_a_list_of_figures_under_the_last_rule_is_split_by_its_lines():
    # no rule between records, one figure per line: the listed-row split, not the text's blocks
    rules = [(100, 30, 520), (130, 30, 520)]
    chars = _row(["ลำดับ", "จังหวัด", "จำนวน"], 110)
    for i in range(4):
        chars += _row([str(i + 1), f"จังหวัด{i}", f"{100 + i}"], 140 + 16 * i)
    [table] = find_tables(_page(rules), chars, 1)
    assert [c.text for c in table.rows[-1]] == ["4", "จังหวัด3", "103"] and len(table.rows) == 5


def _segments(y: float, xs=(30, 150, 270, 390, 510)) -> list[tuple[float, float, float]]:
    """A browser's row rule: one segment per cell."""
    return [(y, a, b) for a, b in zip(xs, xs[1:])]


def test_the_rest_of_a_row_cut_by_the_page_break_above_the_first_rule_is_the_tables():
    xs = (34, 154, 274, 394)
    rules = _segments(140) + _segments(200) + _segments(260) + _segments(320)
    cut = _row(["", "ต่อจากหน้าก่อน", "ขั้นที่สาม"], 100, xs) + _row(["", "", "ขั้นที่สี่"], 118, xs)
    body = [ch for i in range(3) for ch in _row([f"ข้อ{i}", "มาตรการ", "ขั้นแรก", "กองคลัง"], 150 + 60 * i, xs)]
    [table] = find_tables(_page(rules), cut + body, 2)
    assert [c.text for c in table.rows[0]] == ["", "ต่อจากหน้าก่อน", "ขั้นที่สาม\nขั้นที่สี่", ""]
    assert len(table.rows) == 4 and not table.outside


def test_a_title_above_the_first_rule_stays_outside():
    xs = (34, 154, 274, 394)
    rules = _segments(140) + _segments(200) + _segments(260) + _segments(320)
    title = _row(["รายงานผลการดำเนินงานประจำปี"], 118, (100,))  # runs across a column edge
    body = [ch for i in range(3) for ch in _row([f"ข้อ{i}", "มาตรการ", "ขั้นแรก", "กองคลัง"], 150 + 60 * i, xs)]
    [table] = find_tables(_page(rules), title + body, 1)
    assert [ln.text for ln in table.outside] == ["รายงานผลการดำเนินงานประจำปี"]
    assert len(table.rows) == 3


def test_cells_shaded_row_by_row_are_a_grid():
    # every row a band of grey boxes (a SWOT box, zebra rows): the shading is the grid
    ops = [b"0.85 g"] + [b"%.1f %.1f 148 28 re f" % (50 + 150 * j, 700 - 30 * i) for i in range(3) for j in range(3)]
    ops += [b"0 g"] + [_text(54 + 150 * j, 710 - 30 * i, f"R{i}C{j}") for i in range(3) for j in range(3)]
    [table] = _tables(ops)
    assert table.borders == "grid"
    assert [[c.text for c in r] for r in table.rows] == [[f"R{i}C{j}" for j in range(3)] for i in range(3)]


def test_a_run_clipped_at_the_tables_right_rule_stays_in_its_cell_and_text_beside_it_outside():
    from thaitab.extract.cells import Grid, fill_grid
    from tests.helpers import chars_of

    grid = Grid([0.0, 40.0, 120.0], [5.0, 30.0], [[(0, 0), (0, 1)]])
    # the last cell's text runs on past the table's right rule (x 120): its last
    # letter (x 114..122) is clipped there
    clipped = chars_of("ใช้งานไม่ได้", x=50, top=10)
    table, outside = fill_grid(grid, chars_of("ก", x=2, top=10) + clipped, 1, "grid")
    assert table.rows[0][1].text == "ใช้งานไม่ได้" and not outside
    # text beside the table (starting past the rule, even drawn over the clipped letter) stays outside
    beside = chars_of("บุคลากร", x=121, top=10)
    table, outside = fill_grid(grid, chars_of("ก", x=2, top=10) + clipped + beside, 1, "grid")
    assert table.rows[0][1].text == "ใช้งานไม่ได้"
    assert "".join(c.text for c in outside) == "บุคลากร"


def test_header_lines_cut_by_the_top_rule_in_two_cells_side_by_side_both_go_back():
    from thaitab.extract.cells import Grid, fill_grid
    from tests.helpers import chars_of

    # a tall header row printed on a short row: both cells' first lines straddle the top
    # rule at y=20, on one band, set apart by the column edge at x=60
    first = chars_of("วันเดือน", x=4, top=12, size=10) + chars_of("หมายเลข", x=70, top=12, size=10)
    second = chars_of("ที่ได้มา", x=4, top=26, size=10) + chars_of("ครุภัณฑ์", x=70, top=26, size=10)
    grid = Grid([0.0, 60.0, 200.0], [20.0, 45.0], [[(0, 0), (0, 1)]])
    table, outside = fill_grid(grid, first + second, 1, "grid")
    assert [c.text for c in table.rows[0]] == ["วันเดือน\nที่ได้มา", "หมายเลข\nครุภัณฑ์"]
    assert not outside


def test_a_signature_block_below_a_table_without_rules_is_outside_text():
    # no rules; the sign-off block after the last row starts in a middle column, two line
    # pitches down, and its first line runs across a column edge: not a row of the table
    xs = (30, 150, 270, 390)
    head = _row(["ด้าน", "มาตรการ", "ขั้นตอน", "กอง"], 60, xs)
    body = [ch for i in range(3) for ch in _row([f"ข้อ{i}", "ทำงาน", "ต.ค.", "กองคลัง"], 100 + 40 * i, xs)
            + _row(["", "ต่อ", "", ""], 120 + 40 * i, xs)]
    sign = (_row(["(ลงชื่อ)..............ผู้รายงาน"], 240, (280,)) + _row(["(นายสมชาย)"], 260, (280,))
            + _row(["ปลัดเทศบาล"], 280, (280,)))
    [table] = find_tables(_page(), head + body + sign, 3)
    assert len(table.rows) == 4
    assert [ln.text for ln in table.outside] == ["(ลงชื่อ)..............ผู้รายงาน", "(นายสมชาย)", "ปลัดเทศบาล"]


def test_a_last_row_holding_an_amount_in_a_spanning_cell_stays_the_tables():
    # the same block holding an amount is a total row, not a sign-off
    xs = (30, 150, 270, 390)
    head = _row(["ด้าน", "มาตรการ", "ขั้นตอน", "กอง"], 60, xs)
    body = [ch for i in range(3) for ch in _row([f"ข้อ{i}", "ทำงาน", "ต.ค.", "กองคลัง"], 100 + 40 * i, xs)
            + _row(["", "ต่อ", "", ""], 120 + 40 * i, xs)]
    total = _row(["รวมงบประมาณทั้งสิ้นของโครงการ 1,250,000"], 240, (280,))
    [table] = find_tables(_page(), head + body + total, 3)
    assert "1,250,000" in "".join(c.text for c in table.rows[-1]) and not table.outside


def test_rules_that_leave_out_a_merged_column_take_the_page_befores_columns():
    # the first column's cell is merged down over the page break: no rule under it, so the
    # rules break only at the other columns' edges; the rest of the cut row above the first
    # rule (one line straddling it) is the table's, in all four columns
    xs = (150, 270, 390, 510, 630, 750)
    rules = _segments(140, xs) + _segments(200, xs)
    hint = [30.0, *xs]
    cut = _row(["ความโปร่งใส", "", "ขั้นที่สี่"], 100, (34, 154, 274)) + _row(["ในการจัดซื้อ"], 127.5, (34,))
    body = _row(["", "มาตรการ", "ขั้นแรก", "กองคลัง", "ต.ค.", "ผล"], 150, (34, 154, 274, 394, 514, 634))
    [table] = find_tables(_page(rules, width=800), cut + body, 2, hint)
    assert table.col_edges == hint
    assert [c.text for c in table.rows[0]] == ["ความโปร่งใส\nในการจัดซื้อ", "", "ขั้นที่สี่", "", "", ""]
    assert not table.outside


def test_a_page_holding_only_the_rest_of_a_cut_row_is_the_tables():
    # a long cell runs on over a whole page: one column of text, no line of three runs
    hint = [30.0, 150.0, 270.0, 390.0, 510.0]
    rest = [ch for i in range(5) for ch in _row([f"ขั้นตอนที่{i}"], 60 + 20 * i, (154,))]
    [table] = find_tables(_page(), rest, 2, hint)
    assert table.col_edges[1:-1] == hint[1:-1]
    assert [c.text for c in table.rows[0]] == ["", "\n".join(f"ขั้นตอนที่{i}" for i in range(5)), "", ""]


def test_a_page_of_prose_after_a_table_is_no_table():
    hint = [30.0, 150.0, 270.0, 390.0, 510.0]
    prose = [ch for i in range(5) for ch in _row(["การดำเนินงานตามแผนพัฒนาท้องถิ่นประจำปีงบประมาณ"], 60 + 20 * i, (40,))]
    assert find_tables(_page(), prose, 2, hint) == []


def test_rows_under_rules_short_of_the_first_column_keep_the_page_befores_width():
    # two rules from x 150 only (the first column has none: merged over the page break); the
    # rows under them fill the first column too, and a caption under the table, running
    # across the columns beyond the rules' ends, stays outside
    hint = [30.0, 150.0, 270.0, 390.0, 510.0]
    rules = [(100, 150, 510), (130, 150, 510)]
    head = _row(["", "จำนวน", "ร้อยละ", "ล้านบาท"], 110, (34, 154, 274, 394))
    body = [ch for i in range(3) for ch in _row([f"จังหวัด{i}", f"1,{i}00", "12.5", "83.7"], 140 + 18 * i,
                                                (34, 154, 274, 394))]
    caption = _row(["แผนภาพที่ 1 จำนวนคนจนจำแนกรายจังหวัด"], 200, (60,))
    [table] = find_tables(_page(rules), head + body + caption, 3, hint)
    assert [c.text for c in table.rows[-1]] == ["จังหวัด2", "1,200", "12.5", "83.7"]
    assert [ln.text for ln in table.outside] == ["แผนภาพที่ 1 จำนวนคนจนจำแนกรายจังหวัด"]


def test_centred_names_taller_than_their_rows_go_to_the_record_they_are_centred_on():
    from thaitab.extract.cells import Cell, split_listed_row

    cell = partial(column_cell, top=100, bottom=260, width=100)

    # a spreadsheet's rows are 20 pt; wrapped names (26 pt pitch) are centred on their
    # record's baseline and reach nearer the next one's ("ร" is 7 pt above "ชัยนาท")
    names = cell([(100, "ปทุมธานี"), (117, "สมุทรปรา"), (143, "การ"), (147, "สมุทรสาค"), (173, "ร"), (180, "ชัยนาท")], 120)
    figures = cell([(100, "2,166"), (130, "2,372"), (160, "2,282"), (180, "2,217")], 240)
    rows = split_listed_row([names, figures])
    assert [[c.text for c in r] for r in rows] == [
        ["ปทุมธานี", "2,166"], ["สมุทรปรา\nการ", "2,372"], ["สมุทรสาค\nร", "2,282"], ["ชัยนาท", "2,217"]]


def test_a_wrapped_label_on_no_baseline_covers_the_records_beside_it():
    from thaitab.extract.cells import Cell, split_listed_row

    cell = partial(column_cell, top=100, bottom=200, width=100)

    region = cell([(108, "ภาคตะวันออก"), (126, "เฉียงเหนือ")], 10)  # centred between two baselines
    names = cell([(100, "ขอนแก่น"), (120, "อุดรธานี"), (140, "เลย"), (160, "หนองคาย")], 120)
    figures = cell([(100, "1,764"), (120, "1,678"), (140, "1,639"), (160, "1,668")], 240)
    rows = split_listed_row([region, names, figures])
    assert rows[0][0].text == "ภาคตะวันออก\nเฉียงเหนือ"
    assert [r[0].spanned for r in rows] == [False, True, True, True]


def test_lines_drawn_over_each_other_in_a_cell_are_two_lines():
    from thaitab.extract.lines import group_lines
    from tests.helpers import chars_of

    # "การ" (the end of the name above) and "สมุทรสาค" (the name below, run up over it)
    # start 4 pt apart at the same x
    chars = chars_of("การ", x=10, top=324.9) + chars_of("สมุทรสาค", x=10, top=328.9)
    assert [ln.text for ln in group_lines(chars, overlaid=True)] == ["การ", "สมุทรสาค"]
    assert len(group_lines(chars)) == 1  # across a page, a band is one line
    bold = chars_of("การ", x=10, top=100) + chars_of("การ", x=10.4, top=100)  # a fake bold: one line
    assert len(group_lines(bold, overlaid=True)) == 1


def test_a_page_number_is_read_as_the_letters_its_glyphs_draw():
    from thaitab.extract.cells import split_page_numbers
    from tests.helpers import chars_of

    # "หน้า 4" at the page foot with its tone mark as a PUA glyph (a font's raised form)
    foot = chars_of("หน\uf70bา 4", x=280, top=808)
    body = chars_of("บริการ", x=97, top=712)
    keep, gone = split_page_numbers(body + foot, 842)
    assert "".join(c.text for c in gone) == "หน\uf70bา 4" and keep == body


def test_a_first_line_drawn_up_over_the_rule_goes_back_to_the_cell_below():
    from thaitab.extract.cells import Grid, fill_grid
    from tests.helpers import chars_of

    # rows 20 pt high, a wrapped name centred on the lower row: "นครราชสี" rises over the
    # rule at y=40 onto the upper row's "รวม"; "มา" goes on one line pitch (26 pt) below it
    upper = chars_of("รวม", x=4, top=21, size=14)
    risen = chars_of("นครราชสี", x=4, top=28, size=14)
    rest = chars_of("มา", x=4, top=54, size=14)
    figures = chars_of("3047", x=104, top=21, size=14) + chars_of("843", x=104, top=41, size=14)
    grid = Grid([0.0, 100.0, 160.0], [20.0, 40.0, 70.0], [[(0, 0), (0, 1)], [(1, 0), (1, 1)]])
    table, _ = fill_grid(grid, upper + risen + rest + figures, 1, "horizontal")
    assert [[c.text for c in row] for row in table.rows] == [["รวม", "3047"], ["นครราชสี\nมา", "843"]]


def test_a_label_underlined_over_its_columns_spans_them():
    from thaitab.extract.gutters import group_labels
    from tests.helpers import chars_of

    cols = [0.0, 100.0, 200.0, 300.0, 400.0]
    ys = [10.0, 40.0, 80.0, 110.0]
    # the top rule runs across; under "2549" a rule covers columns 1-3 only; the
    # first column's cell runs down two rows (no rule under it at 40)
    rules = [(10.0, 0.0, 400.0), (40.0, 100.0, 400.0), (80.0, 0.0, 400.0), (110.0, 0.0, 400.0)]
    chars = (chars_of("ภาค", x=10, top=45) + chars_of("2549", x=240, top=15)
             + chars_of("เส้น", x=110, top=50) + chars_of("สัดส่วน", x=210, top=50) + chars_of("จำนวน", x=310, top=50)
             + chars_of("ภาคกลาง", x=10, top=85) + chars_of("2,151", x=110, top=85))
    owner = [[(r, c) for c in range(4)] for r in range(3)]
    owner[1][0] = (0, 0)
    out = group_labels(rules, chars, cols, ys, owner)
    assert out[0] == [(0, 0), (0, 1), (0, 1), (0, 1)]
    assert out[1] == [(0, 0), (1, 1), (1, 2), (1, 3)]  # the names under it stay their own


def test_an_underline_over_figures_is_no_group():
    from thaitab.extract.gutters import group_labels
    from tests.helpers import chars_of

    cols = [0.0, 100.0, 200.0, 300.0]
    ys = [10.0, 40.0, 70.0]
    rules = [(10.0, 0.0, 300.0), (40.0, 100.0, 300.0), (70.0, 0.0, 300.0)]
    chars = chars_of("ค่าวัสดุ", x=10, top=15) + chars_of("500", x=120, top=15) + chars_of("รวม", x=10, top=45) \
        + chars_of("1,500", x=120, top=45) + chars_of("2,000", x=220, top=45)
    owner = [[(r, c) for c in range(3)] for r in range(2)]
    assert group_labels(rules, chars, cols, ys, [list(r) for r in owner]) == owner


def test_two_labels_over_an_underline_are_no_group():
    from thaitab.extract.gutters import group_labels
    from tests.helpers import chars_of

    cols = [0.0, 100.0, 200.0, 300.0]
    ys = [10.0, 40.0, 70.0]
    rules = [(10.0, 0.0, 300.0), (40.0, 100.0, 300.0), (70.0, 0.0, 300.0)]
    chars = chars_of("ก่อน", x=110, top=15) + chars_of("หลัง", x=260, top=15) \
        + chars_of("ชาย", x=110, top=45) + chars_of("หญิง", x=210, top=45)
    owner = [[(r, c) for c in range(3)] for r in range(2)]
    assert group_labels(rules, chars, cols, ys, [list(r) for r in owner]) == owner


def test_a_record_under_a_merged_first_cell_is_no_group_label():
    from thaitab.extract.gutters import group_labels
    from tests.helpers import chars_of

    # a continuation page: the issue cell runs on merged, so the rules under the
    # records leave the first column out; a record's cells, line by line, read
    # across the columns as one block centred over them, but each line holds
    # texts a column apart
    cols = [0.0, 100.0, 200.0, 300.0, 400.0]
    ys = [10.0, 60.0, 90.0, 120.0]
    rules = [(10.0, 100.0, 400.0), (60.0, 100.0, 400.0), (90.0, 100.0, 400.0), (120.0, 0.0, 400.0)]
    chars = []
    for i, texts in enumerate((("โครงการอบรม", "- จัดทำโครงการ", "สำนักปลัด"), ("คุณธรรม", "- ประสานงาน", "อบต."))):
        chars += [ch for c, t in enumerate(texts) for ch in chars_of(t, x=110 + 100 * c, top=15 + 20 * i)]
    chars += chars_of("มาตรการ", x=110, top=65) + chars_of("- กำหนด", x=210, top=65) + chars_of("กองคลัง", x=310, top=65)
    owner = [[(r, c) for c in range(4)] for r in range(3)]
    assert group_labels(rules, chars, cols, ys, [list(r) for r in owner]) == owner

def test_a_group_underline_ends_on_column_edges_where_figures_touch_the_next_column():
    from thaitab.extract.lines import make_line
    from thaitab.extract.unruled import _underline_edges
    from tests.helpers import chars_of

    # right-aligned amounts end where the remarks start: no white gutter between them
    lines = [make_line(chars_of("ราคา", x=574, top=100)),
             make_line(chars_of("1", x=505, top=200) + chars_of("7,260", x=555, top=200)
                       + chars_of("7,260ชำรุด", x=620, top=200)),
             make_line(chars_of("1", x=505, top=220) + chars_of("7,260", x=555, top=220)
                       + chars_of("7,260", x=620, top=220) + chars_of("ครบ", x=665, top=220))]
    cols = [500.0, 540.0, 600.0, 610.0, 700.0]  # the gutters found: none at 660, one split in two
    # the table's top rule, "ราคา"'s underline over its two columns, the rule under the header
    rules = [(97.0, 500.0, 700.0), (117.0, 520.0, 660.0), (137.0, 500.0, 700.0)]
    # the underline's ends are edges; the gutter edge its left end leaves an empty column beside goes
    assert _underline_edges(cols, rules, lines, 10.0) == [500.0, 520.0, 600.0, 610.0, 660.0, 700.0]


def test_rules_that_stop_short_of_one_side_only_add_no_column_edge():
    from thaitab.extract.lines import make_line
    from thaitab.extract.unruled import _underline_edges
    from tests.helpers import chars_of

    # a continuation page: rules under the rows start right of the merged issue column
    lines = [make_line(chars_of("มาตรการ", x=100, top=120) + chars_of("ต.ค. 66", x=300, top=120))]
    cols = [25.0, 96.0, 170.0, 566.0]
    rules = [(43.0, 29.0, 562.0), (115.0, 92.0, 562.0), (593.0, 29.0, 562.0)]
    assert _underline_edges(cols, rules, lines, 10.0) == cols


def test_two_gutters_a_group_label_crosses_leave_no_empty_column_between_them():
    from thaitab.extract.lines import make_line
    from thaitab.extract.unruled import _drop_empty_columns
    from tests.helpers import chars_of

    # "ราคา" over "หน่วยละ | เป็นเงิน" is the one line let across a gutter; the strip beside
    # it holds two gutters with nothing centred between them
    lines = [make_line(chars_of("ราคา", x=140, top=100)),
             make_line(chars_of("หน่วยละ", x=100, top=120) + chars_of("เป็นเงิน", x=175, top=120)),
             make_line(chars_of("10,620", x=100, top=140) + chars_of("10,620", x=180, top=140))]
    assert _drop_empty_columns([90.0, 158.0, 168.0, 240.0], lines, 10.0) == [90.0, 168.0, 240.0]
    assert _drop_empty_columns([90.0, 168.0, 240.0], lines, 10.0) == [90.0, 168.0, 240.0]


def test_the_page_befores_columns_move_where_they_cut_words_and_give_way_to_another_tables():
    from thaitab.extract.lines import make_line
    from thaitab.extract.unruled import _columns
    from tests.helpers import chars_of

    def rows(*cells):
        return [make_line([ch for x, t in cells for ch in chars_of(t.format(i), x=x, top=100 + 20 * i)])
                for i in range(12)]

    # the same table: its second column's text reaches 6 pt further left on this page
    page = rows((50, "{}"), (104, "ปีงบประมาณ"), (230, "กองคลัง"))
    hint = [45.0, 109.0, 225.0, 300.0]
    assert _columns(page, 46.0, 300.0, 10.0, [], hint, "none") == [45.0, 102.5, 225.0, 301.0]
    # a column empty on this page: its own gutters miss it, the page before's hold
    sparse = rows((50, "{}"), (230, "กองคลัง"))
    assert _columns(sparse, 46.0, 300.0, 10.0, [], hint, "none") == [45.0, 109.0, 225.0, 301.0]
    # another table (the next sheet of a workbook): the page before's edges cut its words
    other = rows((50, "{}"), (80, "2340-001-0043"), (190, "กองช่าง"))
    assert _columns(other, 46.0, 300.0, 10.0, [], hint, "none") == [45.0, 78.5, 188.5, 301.0]


def test_right_aligned_figures_that_run_into_the_next_columns_words_end_their_column():
    from thaitab.extract.gutters import split_glued_figures
    from thaitab.extract.lines import make_line
    from tests.helpers import W, chars_of

    # a sheet fitted to its page: amounts end where the remarks start, no white between
    def row(amount, remark, top):
        return make_line(chars_of(amount + remark, x=300 - len(amount) * W, top=top))

    lines = [row("1,650.00", "ใช้งานได้", 100), row("217,250.00", "ชำรุด", 120),
             row("960.00", "", 140), row("41,800.00", "เสื่อมสภาพ", 160)]
    assert split_glued_figures(lines, [200.0, 400.0], 10.0) == [200.0, 300.1, 400.0]
    # numbered paragraphs start together: left-aligned, no column edge
    prose = [make_line(chars_of(t, x=210, top=100 + 20 * i))
             for i, t in enumerate(["4.7ตลอดพระชนม์ชีพ", "4.8ทรงงาน", "4.9"])]
    assert split_glued_figures(prose, [200.0, 400.0], 10.0) == [200.0, 400.0]


def test_figures_set_closer_than_a_gutter_are_split_into_their_columns():
    from thaitab.extract.gutters import split_figure_columns
    from thaitab.extract.lines import make_line
    from tests.helpers import chars_of

    # two right-aligned columns 0.4 em apart under a year centred over both
    lines = [make_line(chars_of("2546", x=228, top=100))]
    for i, (a, b) in enumerate([("49,168", "49,330"), ("985", "27"), ("1,644", "1,722"), ("699", "59")]):
        top = 130 + 20 * i
        lines.append(make_line(chars_of(a, x=240 - 8 * len(a), top=top) + chars_of(b, x=300 - 8 * len(b), top=top)))
    assert split_figure_columns(lines, [150.0, 310.0], 14.0) == [150.0, 250.5, 310.0]  # just before the second


def test_a_column_of_single_figures_is_not_split():
    from thaitab.extract.gutters import split_figure_columns
    from thaitab.extract.lines import make_line
    from tests.helpers import chars_of

    lines = [make_line(chars_of(v, x=240 - 8 * len(v), top=100 + 20 * i)) for i, v in enumerate(["10,000", "500", "7,260"])]
    assert split_figure_columns(lines, [150.0, 310.0], 14.0) == [150.0, 310.0]


def test_a_bare_number_under_the_header_is_a_cells_text_not_a_page_number():
    # a continuation page: the year cut off from its "พ.ศ." opens the steps
    # column right under the header's rule, the records follow; only a number
    # above or below all the page's text is a page number
    rules = [(100, 30, 520), (130, 30, 520)]
    chars = _row(["ประเด็น", "ขั้นตอน", "หน่วยงาน"], 108) + _row(["", "2540"], 135)
    for i in range(3):
        chars += _row([f"ประเด็น{i}", f"ขั้นตอนที่{i}", "กองคลัง"], 156 + 20 * i)
    chars += _row(["", "7"], 760, xs=(40, 300))  # the page's own number, at its foot
    [table] = find_tables(_page(rules), chars, 11)
    texts = [c.text for row in table.rows for c in row]
    assert "2540" in texts and "ขั้นตอนที่2" in " ".join(texts) and "7" not in " ".join(texts)


def test_a_run_reaching_the_next_cells_padding_is_cut_where_that_cells_text_starts():
    from thaitab.extract.cells import Grid, fill_grid
    from tests.helpers import chars_of

    # a register: codes in column 0 and names in column 1, each left-aligned 0.7 in from its rule
    # (the producer's padding). Row 0's code is a hair too long: its last glyph ends just past the
    # rule at 40, exactly where the name begins, so the two touch like one clipped run
    pad, ys = 0.7, [0.0, 20.0, 40.0, 60.0]
    rows = [("12345", "ตู้"), ("12", "โต๊ะ"), ("123", "เก้าอี้")]
    chars = []
    for r, (code, name) in enumerate(rows):
        chars += chars_of(code, x=pad, top=ys[r] + 5, size=10) + chars_of(name, x=40 + pad, top=ys[r] + 5, size=10)
    owner = [[(r, 0), (r, 1)] for r in range(3)]
    table, _ = fill_grid(Grid([0.0, 40.0, 100.0], ys, owner), chars, 1, "grid")
    assert [[c.text for c in row] for row in table.rows] == [[c, n] for c, n in rows]


def test_a_centred_headers_last_line_cut_by_its_rule_keeps_the_headers_pitch_and_goes_back():
    from thaitab.extract.cells import Grid, fill_grid
    from tests.helpers import chars_of

    # "ลำดับ / ที่" centred in a narrow header cell, broken over three lines 15 apart; the header's
    # bottom rule (y 106) cuts the third line a little (0.2 em), drawn into the next row, a carry
    # row merged across the table. None of the short centred lines fills its cell
    grid = Grid([0.0, 20.0, 120.0], [70.0, 106.0, 122.0], [[(0, 0), (0, 1)], [(1, 0), (1, 0)]])
    head = chars_of("ลำดั", x=2, top=75, size=9) + chars_of("บ", x=6, top=90, size=9)
    cut = chars_of("ที่", x=6, top=104.2, size=9)
    label = chars_of("รายการ", x=40, top=84, size=9)
    carry = chars_of("ยอดยกมา", x=60, top=109, size=9)
    table, _ = fill_grid(grid, head + cut + label + carry, page=1, borders="grid")
    assert [c.text for c in table.rows[0]] == ["ลำดั\nบ\nที่", "รายการ"]
    assert table.rows[1][0].text == "ยอดยกมา"
    # the same line one pitch down but clear of the rule is the row's own
    cut = chars_of("ที่", x=6, top=106.5, size=9)
    grid = Grid([0.0, 20.0, 120.0], [70.0, 106.0, 122.0], [[(0, 0), (0, 1)], [(1, 0), (1, 0)]])
    table, _ = fill_grid(grid, head + cut + label + carry, page=1, borders="grid")
    assert table.rows[0][0].text == "ลำดั\nบ"


def test_a_line_cut_into_a_row_merged_across_columns_goes_back_to_the_cell_above_it():
    from thaitab.extract.cells import Grid, fill_grid
    from tests.helpers import chars_of

    # the carry row is merged across all three columns; the header's third line in column 1
    # ("ใด", 15 below "โดยวิธี") was cut by the header's bottom rule and drawn into it
    owner = [[(0, 0), (0, 1), (0, 2)], [(1, 0), (1, 0), (1, 0)]]
    grid = Grid([0.0, 20.0, 60.0, 160.0], [70.0, 106.0, 122.0], owner)
    head = chars_of("ที่", x=4, top=84, size=9) + chars_of("ได้มา", x=24, top=75, size=9)
    head += chars_of("โดยวิธี", x=22, top=90, size=9) + chars_of("รายการ", x=80, top=84, size=9)
    cut = chars_of("ใด", x=32, top=104.2, size=9)
    carry = chars_of("ยอดยกมา", x=90, top=109, size=9)
    table, _ = fill_grid(grid, head + cut + carry, page=1, borders="grid")
    assert [c.text for c in table.rows[0]] == ["ที่", "ได้มา\nโดยวิธี\nใด", "รายการ"]
    assert table.rows[1][0].text == "ยอดยกมา"


def test_a_word_run_on_into_an_empty_cell_stays_whole_where_a_glyph_lands_at_the_padding():
    from thaitab.extract.cells import Grid, fill_grid
    from thaitab.extract.clipped import word_break
    from tests.helpers import chars_of

    # names left-aligned 0.7 in from their rule; row 0's runs on into the empty next cell and
    # one of its glyphs happens to start just where that cell's text would: a word goes on
    pad, ys = 0.7, [0.0, 20.0, 40.0, 60.0]
    chars = chars_of("สุขภาพของตน", x=pad, top=5, size=10)  # 11 glyphs of 8: the 6th starts at 40.7
    chars += chars_of("ก", x=pad, top=25, size=10) + chars_of("ข", x=40 + pad, top=25, size=10)
    chars += chars_of("ค", x=pad, top=45, size=10) + chars_of("ง", x=40 + pad, top=45, size=10)
    owner = [[(r, 0), (r, 1)] for r in range(3)]
    table, _ = fill_grid(Grid([0.0, 40.0, 100.0], ys, owner), chars, 1, "grid")
    assert [c.text for c in table.rows[0]] == ["สุขภาพของตน", ""]
    assert word_break("1", "เ") and word_break(")", "ก") and not word_break("N", "I") and not word_break("ร", "ม")


def test_a_header_line_barely_over_its_rule_under_the_first_records_text_goes_back():
    from thaitab.extract.cells import Grid, fill_grid
    from tests.helpers import chars_of

    # "ได้มา / โดย / วิธี" 16 apart; the header's rule at 108.6 cuts "วิธี" by less than shows
    # (0.8 pt), and the first record's "งปม." is drawn over it: two lines a reader sees never overlap
    grid = Grid([0.0, 40.0], [70.0, 108.6, 134.0], [[(0, 0)], [(1, 0)]])
    head = chars_of("ได้มา", x=2, top=75.8, size=9.6) + chars_of("โดย", x=4, top=91.8, size=9.6)
    cut = chars_of("วิธี", x=6, top=107.8, size=9.6)
    own = chars_of("งปม.", x=2, top=111.9, size=9.6)
    table, _ = fill_grid(grid, head + cut + own, page=1, borders="grid")
    assert [row[0].text for row in table.rows] == ["ได้มา\nโดย\nวิธี", "งปม."]
    # at another pitch than the header's it is the record's own text
    cut = chars_of("วิธี", x=6, top=104.8 + 3, size=9.6)
    head = chars_of("ได้มา", x=2, top=72.8, size=9.6) + chars_of("โดย", x=4, top=91.8, size=9.6)
    table, _ = fill_grid(grid, head + cut + own, page=1, borders="grid")
    assert table.rows[0][0].text == "ได้มา\nโดย"
