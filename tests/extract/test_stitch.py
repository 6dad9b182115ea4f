from thaitab.extract.cells import Cell, PageTable
from thaitab.extract.stitch import stitch
from thaitab.extract.wrap import splits_word
from tests.helpers import line_of

EDGES = [0.0, 100.0, 200.0, 300.0]
HEADER = ["ประเด็น", "มาตรการ", "ขั้นตอน"]


def cell(*texts: str, x: float = 0.0, top: float = 100.0) -> Cell:
    lines = tuple(line_of(t, x=x + 2, top=top + 20 * i) for i, t in enumerate(texts))
    return Cell(lines, (x, top, x + 100, top + 20 * max(len(texts), 1)))


def header(marks=("", "", "")) -> list[Cell]:
    return [Cell((line_of(h + m, x=100 * i + 2, top=50),), (100 * i, 40, 100 * i + 100, 70))
            for i, (h, m) in enumerate(zip(HEADER, marks))]


def row(*cells_text) -> list[Cell]:
    return [cell(*(t if isinstance(t, tuple) else (t,)) if t else (), x=100 * i) if t else Cell((), (100 * i, 100, 100 * i + 100, 120))
            for i, t in enumerate(cells_text)]


def grid_row(texts, top=100.0) -> list[Cell]:
    """A row of cells 100 wide; a tuple is a cell of several lines, "" an empty cell."""
    return [cell(*(t if isinstance(t, tuple) else (t,)), x=100 * i, top=top) if t
            else Cell((), (100 * i, top, 100 * i + 100, top + 20)) for i, t in enumerate(texts)]


def page(no, rows, marks=("", "", "")) -> PageTable:
    return PageTable(no, EDGES, [header(marks)] + rows, "grid")


def test_repeated_header_is_dropped_and_rows_stay_in_order():
    tables = list(stitch([page(1, [row("ก", "มาตรการหนึ่ง", "1. ขั้น")]), page(2, [row("ข", "มาตรการสอง", "1. ขั้น")])]))
    assert len(tables) == 1
    t = tables[0]
    assert len(t.rows) == 2
    assert (t.rows[0].page_start, t.rows[1].page_start) == (1, 2)


def test_empty_lead_cells_continue_the_row_across_the_page_break():
    p1 = page(1, [row("ก", "มาตรการหนึ่ง", "1. ขั้นแรก")])
    p2 = page(2, [row("", "", "2. ขั้นสอง")], marks=("", "", " (ต่อ)"))
    t = next(stitch([p1, p2]))
    assert len(t.rows) == 1
    r = t.rows[0]
    assert (r.page_start, r.page_end) == (1, 2)
    assert len(r.cells[2]) == 2
    assert "row continued from page 1" in r.notes


def test_a_continued_group_column_alone_does_not_merge_rows():
    p1 = page(1, [row("ก", "มาตรการหนึ่ง", "1. ขั้นแรก")])
    p2 = page(2, [row("", "มาตรการสอง", "1. ขั้น")], marks=(" (ต่อ)", "", ""))
    t = next(stitch([p1, p2]))
    assert len(t.rows) == 2


def test_different_columns_start_a_new_table():
    p1 = page(1, [row("ก", "ข", "ค")])
    p2 = PageTable(2, [0.0, 150.0, 300.0], [[cell("หัว", x=0), cell("ตาราง", x=150)], [cell("ก", x=0), cell("ข", x=150)]], "grid")
    assert len(list(stitch([p1, p2]))) == 2


def test_a_page_missing_its_merged_first_column_joins_the_table():
    p1 = page(1, [row("ก", "มาตรการหนึ่ง", "1. ขั้นแรก")])
    # page 2 draws no rule left of column 2: its table starts at x=100
    p2 = PageTable(2, EDGES[1:], [[cell("มาตรการสอง", x=100), cell("1. ขั้น", x=200)]], "grid")
    tables = list(stitch([p1, p2]))
    assert len(tables) == 1
    assert len(tables[0].rows) == 2
    assert tables[0].rows[1].spanned[0]


def test_a_group_header_brings_its_sub_header_row():
    from thaitab.extract.stitch import _header_rows

    top = [cell("ส่วนราชการ", x=0, top=40), cell("กรอบอัตรา", x=100, top=40), Cell((), (200, 40, 300, 60), spanned=True)]
    sub = [Cell((), (0, 60, 100, 80), spanned=True), cell("2561", x=100, top=60), cell("2562", x=200, top=60)]
    body = row("ปลัด", "1", "1")
    assert _header_rows(PageTable(1, EDGES, [top, sub, body], "grid")) == 2
    assert _header_rows(page(1, [row("ก", "ข", "ค"), row("ง", "จ", "ฉ")])) == 1


def test_a_record_with_a_bold_name_is_not_a_header():
    from thaitab.extract.stitch import _bold_share
    from tests.helpers import chars_of
    from thaitab.extract.lines import make_line

    def c(text, x, bold):
        return Cell((make_line(chars_of(text, x=x, top=100, bold=bold)),), (x, 100, x + 100, 120))

    record = [c("พนักงานจ้างตามภารกิจ (มีคุณวุฒิ) ผู้ช่วยนักประชาสัมพันธ์", 0, True), c("1", 300, False), c("1", 400, False)]
    header = [c("ส่วนราชการ", 0, True), c("กรอบ", 300, True), c("2561", 400, True)]
    assert _bold_share(record) < 0.6 <= _bold_share(header)


def test_a_word_cut_by_the_page_break_in_any_column_continues_the_row():
    p1 = page(1, [row("ก", "2.1 ส่งเสริมเศรษฐกิจพอเพียง", "- กองสวัสดิการ")])
    p2 = page(2, [row("", "การเชื่อมโยงบุคคล", "สังคม")])
    t = next(stitch([p1, p2]))
    assert len(t.rows) == 1


def test_a_carried_over_merged_first_cell_lets_the_row_continue():
    p1 = page(1, [row("ก", "พัฒนาระบบการให้", "- กองช่าง")])
    # page 2 draws no rule left of column 2; its first row goes on with the cut word
    p2 = PageTable(2, EDGES[1:], [[cell("บริการประชาชน", x=100), Cell((), (200, 100, 300, 120))]], "grid")
    tables = list(stitch([p1, p2]))
    assert len(tables) == 1 and len(tables[0].rows) == 1


def test_a_key_column_going_on_without_its_number_continues_the_row():
    rows = [row("ก", "6.1 ส่งเสริมการมีส่วนร่วมของประชาชนในการป้องกันภัย", "- กองคลัง"),
            row("", "6.2 ป้องกันภัย", "- กองช่าง"), row("", "6.3 ธรรมาภิบาล", "- สำนักปลัด")]
    # the item's description runs onto the next page, under no number
    t = next(stitch([page(1, rows), page(2, [row("", "การพัฒนาประสิทธิภาพ", "- กองช่าง")])]))
    assert len(t.rows) == 3 and t.rows[-1].page_end == 2
    # the next numbered item is a new row
    t = next(stitch([page(1, rows), page(2, [row("", "6.4 จัดหาปัจจัย", "- กองช่าง")])]))
    assert len(t.rows) == 4
    # two numbered rows are enough to see the numbering
    t = next(stitch([page(1, rows[1:]), page(2, [row("", "การพัฒนาประสิทธิภาพ", "- กองช่าง")])]))
    assert len(t.rows) == 2


def test_two_key_columns_going_on_continue_a_row_with_a_filled_first_cell():
    rows = [row("1. ด้านโครงสร้างพื้นฐานและการพัฒนาเมือง", "1.1 พัฒนาถนนและระบบระบายน้ำทุกสาย", "- กองช่าง"),
            row("2. ด้านเศรษฐกิจ", "2.1 ส่งเสริมอาชีพ", "- กองคลัง"),
            row("3. ด้านสาธารณภัยและการจัด", "3.1 ความปลอดภัย", "- สำนักปลัด")]
    t = next(stitch([page(1, rows), page(2, [row("ระเบียบชุมชน สังคม", "แก่ชุมชน/ท้องถิ่น", "")])]))
    assert len(t.rows) == 3
    # a total row has no text in the second key column: a new row
    t = next(stitch([page(1, rows), page(2, [row("รวม", "", "- ทุกกอง")])]))
    assert len(t.rows) == 4


def test_a_short_table_judges_the_wrap_by_the_cell_edge():
    # one row before the page break: too few lines to learn the column's width
    def first_page(last_line):
        return page(1, [row(("1. ด้านการป้องกัน", last_line), ("1.1 ความปลอดภัย", "การป้องกันภัย"), "- สำนักปลัด")])
    p2 = page(2, [row("ระเบียบชุมชน", "แก่ชุมชน", "")])
    # both lines end at the cell's edge: the row was cut by the page break
    assert len(next(stitch([first_page("สาธารณภัยและ"), p2])).rows) == 1
    # a short line ended on purpose: a new row
    assert len(next(stitch([first_page("ภัย"), p2])).rows) == 2


def test_columns_drifting_page_by_page_stay_one_table():
    def edges_page(no, edges, rows, with_header=True):
        def c(text, i):
            return Cell((line_of(text, x=edges[i] + 2, top=100),) if text else (), (edges[i], 100, edges[i + 1], 120))
        body = [[c(t, i) for i, t in enumerate(r)] for r in rows]
        head = [[Cell((line_of(h, x=edges[i] + 2, top=50),), (edges[i], 40, edges[i + 1], 70))
                 for i, h in enumerate(HEADER[-len(edges) + 1:])]] if with_header else []
        return PageTable(no, edges, head + body, "grid")

    p1 = edges_page(1, [0.0, 100.0, 200.0, 300.0], [("ก", "1.1 มาตรการ", "- กองช่าง")])
    p2 = edges_page(2, [0.0, 100.0, 192.0, 288.0], [("ข", "2.1 มาตรการ", "- กองคลัง")])
    # page 3 draws no rule left of the merged first column, and no header
    p3 = edges_page(3, [100.0, 188.0, 282.0], [("2.2 ส่งเสริม", "- กองช่าง")], with_header=False)
    tables = list(stitch([p1, p2, p3]))
    assert len(tables) == 1 and len(tables[0].rows) == 3


def test_a_repeated_header_that_took_in_the_first_body_lines_is_split_off():
    p1 = page(1, [row("ก", "มาตรการหนึ่ง", "1. ขั้นแรก")])
    # page 2: no rule or bold between the header and the row going on under it
    merged = [cell(HEADER[0], x=0), cell(HEADER[1], x=100), cell(HEADER[2] + " (ต่อ)", "2. ขั้นสอง", x=200)]
    p2 = PageTable(2, EDGES, [merged, row("ข", "มาตรการสอง", "1. ขั้น")], "none")
    t = next(stitch([p1, p2]))
    assert len(t.rows) == 2
    assert [ln.text for b in t.rows[0].cells[2] for ln in b.lines] == ["1. ขั้นแรก", "2. ขั้นสอง"]
    assert "row continued from page 1" in t.rows[0].notes


def test_a_continued_mark_drawn_with_a_pua_tone_mark_counts():
    from thaitab.extract.stitch import _CONTINUED

    assert _CONTINUED.search("ขั้นตอน (ต\uf70aอ)") and _CONTINUED.search("( ต่ อ )")
    assert not _CONTINUED.search("(ตอ)")


def test_carry_rows_at_a_page_break_stay_two_rows():
    # "ยอดยกไป 57,293.98" ends page 1, "ยอดยกมา 57,293.98" opens page 2: empty leading cells, but figures
    p1 = page(1, [row("1", "มาตรการหนึ่ง", "10,434.00"), row("", "ยอดยกไป", "57,293.98")])
    p2 = page(2, [row("", "ยอดยกมา", "57,293.98"), row("2", "มาตรการสอง", "7,050.00")])
    t = next(stitch([p1, p2]))
    assert len(t.rows) == 4


def _span(x: float) -> Cell:
    return Cell((), (x, 40, x + 100, 70), spanned=True)


def _left(x: float) -> Cell:
    return Cell((), (x, 40, x + 100, 70), spanned=True, from_left=True)


def test_a_header_of_merged_cells_takes_every_row_the_merges_run_down_to():
    from thaitab.extract.stitch import _header_blocks, _header_rows
    h0 = [cell("ภาค", x=0, top=40), cell("ความเสียหาย", x=100, top=40), _left(200)]
    h1 = [_span(0), cell("เสียชีวิต", x=100, top=60), cell("บาดเจ็บ", x=200, top=60)]
    body = [row("ตาก", "41", "22"), row("น่าน", "5", "9")]
    pt = PageTable(1, EDGES, [h0, h1] + body, "grid")
    assert _header_rows(pt) == 2
    blocks = _header_blocks(pt, 2)
    names = [" / ".join(ln.text for b in col for ln in b.lines) for col in blocks]
    assert names == ["ภาค", "ความเสียหาย / เสียชีวิต", "ความเสียหาย / บาดเจ็บ"]


def test_a_page_set_wholly_in_bold_does_not_make_every_row_a_header():
    from thaitab.extract.stitch import _header_rows

    rows = [header()] + [row("ก", f"มาตรการ {i}", "1. ขั้น") for i in range(4)]
    for r in rows:
        for c in r:
            for ln in c.lines:
                for ch in ln.chars:
                    ch.bold = True
    assert _header_rows(PageTable(1, EDGES, rows, "grid")) == 1


def test_a_caption_row_across_the_table_joins_the_header():
    from thaitab.extract.stitch import _header_rows
    caption = [cell("สถิติคดี พ.ศ. 2545-2554", x=0, top=30), _left(100), _left(200)]
    pt = PageTable(1, EDGES, [caption, header(), row("ก", "1", "2"), row("ข", "3", "4")], "grid")
    assert _header_rows(pt) == 2


def test_a_merged_body_cell_is_filled_down_never_across():
    p = PageTable(1, EDGES, [header(), row("ก", "มาตรการ", "1"),
                             [cell("ยอดยกไป", x=0), _left(100), cell("57,293.98", x=200)]], "grid")
    t = next(stitch([p]))
    assert t.rows[1].spanned == [False, False, False]


def test_how_far_columns_may_drift_is_a_setting():
    from thaitab.extract.settings import use

    drifted = PageTable(2, [0.0, 108.0, 200.0, 300.0], [header(), row("ข", "มาตรการสอง", "1. ขั้น")], "grid")
    pages = [page(1, [row("ก", "มาตรการหนึ่ง", "1. ขั้น")]), drifted]
    assert len(list(stitch(pages))) == 1  # 8 pt of drift: within the default 6 pt or 5% of the width (15 pt)
    with use({"stitch.same_columns_pt": 4.0, "stitch.same_columns_share": 0.02}):
        assert len(list(stitch(pages))) == 2  # held to 6 pt: another table


def test_a_fresh_row_under_a_first_cell_merged_from_the_page_before_is_a_new_row():
    edges = [0.0, 100.0, 200.0, 300.0, 400.0]

    head = grid_row(["ประเด็น", "มาตรการ", "ระยะเวลา", "ผู้รับผิดชอบ"], top=50)
    # the measure's last line fills its column, so that alone reads as a wrap...
    last = grid_row(["การบริการ", ("โครงการสำรวจความพึง", "พอใจผู้รับบริการทุกปี"), "(ต.ค. 66)", "สำนักปลัด อบต."])
    p1 = PageTable(1, edges, [head, last], "grid")
    # ...but the issue cell runs on merged, every other column opens afresh and
    # two of them had plainly ended (a closed bracket, a full stop)
    fresh = [Cell((), (0, 60, 100, 80), spanned=True)] + grid_row(["", "กิจกรรมลดขั้นตอน", "(ม.ค. 67)", "ทุกกอง."])[1:]
    p2 = PageTable(2, edges, [fresh], "grid")
    t = next(stitch([p1, p2]))
    assert len(t.rows) == 2
    # the same row with those two columns left empty goes on from the page before
    cut = [fresh[0]] + grid_row(["", "กิจกรรมลดขั้นตอน", "", ""])[1:]
    assert len(next(stitch([p1, PageTable(2, edges, [cut], "grid")])).rows) == 1


def test_one_seeming_cut_word_does_not_join_a_fresh_row_to_the_one_before():
    edges = [0.0, 100.0, 200.0, 300.0, 400.0, 500.0]

    head = grid_row(["ประเด็น", "มาตรการ", "ระยะเวลา", "ผลการดำเนินงาน", "ผู้รับผิดชอบ"], top=50)
    last = grid_row(["การบริการ", ("กิจกรรมลดขั้นตอน", "(ไม่ใช้งบประมาณ)"), "(ต.ค. 66)", "9 กระบวนงาน", "ทุกกอง."])
    p1 = PageTable(1, edges, [head, last], "grid")
    # "กระบวนงาน" + "บุคลากร" segments as if one word ran on, but every column opens
    # again and two had plainly ended: a new record under the merged issue cell
    assert splits_word("9 กระบวนงาน", "บุคลากรเข้ารับการ")
    fresh = [Cell((), (0, 60, 100, 80), spanned=True)] + grid_row(
        ["", "โครงการพัฒนาศักยภาพ", "(ม.ค. 67)", "บุคลากรเข้ารับการ", "กองยุทธศาสตร์."])[1:]
    t = next(stitch([p1, PageTable(2, edges, [fresh], "grid")]))
    assert len(t.rows) == 2


def test_a_repeated_header_split_into_rows_another_way_is_still_dropped():
    from tests.helpers import chars_of
    from thaitab.extract.lines import make_line

    def c(texts, x, top, bold):
        lines = tuple(make_line(chars_of(t, x=x + 2, top=top + 12 * i, bold=bold)) for i, t in enumerate(texts))
        return Cell(lines, (x, top, x + 100, top + 12 * max(len(texts), 1)))

    def rows(spec, top, bold):
        return [c(t, 100 * i, top, bold) for i, t in enumerate(spec)]

    # a bold header without rules, each cell centred on its own: where its lines fall splits it
    # into rows. Page 2 adds "(ต่อ)" to a cell, which moves that cell's lines, so the rows differ
    head1 = [rows([(), (), ("ระยะ",)], 40, True), rows([("ประเด็น",), ("มาตรการ",), ("เวลา",)], 52, True)]
    head2 = [rows([(), ("มาตรการ",), ("ระยะ",)], 40, True), rows([("ประเด็น",), ("(ต่อ)",), ("เวลา",)], 52, True)]
    body1 = [rows([("ข้อหนึ่ง",), ("ทำหนึ่ง",), ("ต.ค.",)], 100, False), rows([("ข้อสอง",), ("ทำสอง",), ("พ.ย.",)], 140, False)]
    body2 = [rows([("ข้อสาม",), ("ทำสาม",), ("ธ.ค.",)], 100, False), rows([("ข้อสี่",), ("ทำสี่",), ("ม.ค.",)], 140, False)]
    t = next(stitch([PageTable(1, EDGES, head1 + body1, "none"), PageTable(2, EDGES, head2 + body2, "none")]))
    body = [ln.text for r in t.rows for blocks in r.cells for b in blocks for ln in b.lines]
    assert "ข้อสาม" in body and "ข้อสี่" in body
    assert not {"ประเด็น", "มาตรการ", "ระยะ", "เวลา", "(ต่อ)"} & set(body)  # page 2's header is left out


def test_a_bold_carry_row_opening_a_page_does_not_start_a_new_table():
    from tests.helpers import chars_of
    from thaitab.extract.lines import make_line

    def c(text, x, top, bold=False):
        if not text:
            return Cell((), (x, top, x + 100, top + 20))
        return Cell((make_line(chars_of(text, x=x + 2, top=top, bold=bold)),), (x, top, x + 100, top + 20))

    head = [c("ลำดับ", 0, 50, True), c("รายการ", 100, 50, True), c("เป็นเงิน", 200, 50, True)]
    p1 = PageTable(1, EDGES, [head, [c("1", 0, 100), c("โต๊ะ", 100, 100), c("4,000.00", 200, 100)]], "grid")
    # the next page opens with the carry row in bold, under no repeated header
    carry = [c("", 0, 50), c("ยอดยกมา", 100, 50, True), c("4,644,900.00", 200, 50, True)]
    p2 = PageTable(2, EDGES, [carry, [c("2", 0, 100), c("เก้าอี้", 100, 100), c("900.00", 200, 100)]], "grid")
    tables = list(stitch([p1, p2]))
    assert len(tables) == 1 and len(tables[0].rows) == 3


def test_a_bold_total_under_a_bold_header_is_a_row():
    from tests.helpers import chars_of
    from thaitab.extract.lines import make_line

    def c(text, x, top, bold=False):
        return Cell((make_line(chars_of(text, x=x + 2, top=top, bold=bold)),), (x, top, x + 100, top + 20))

    head = [c("จังหวัด", 0, 50, True), c("พ.ศ. 2555", 100, 50, True), c("พ.ศ. 2556", 200, 50, True)]
    # the grand total first, in bold like the header, then the provinces
    total = [c("รวมทั้งประเทศ", 0, 70, True), c("6,445,069.18", 100, 70, True), c("9,167,752.28", 200, 70, True)]
    body = [[c("กระบี่", 0, 90 + 20 * i), c("1,638.50", 100, 90 + 20 * i), c("2,740.36", 200, 90 + 20 * i)]
            for i in range(3)]
    table = next(stitch([PageTable(1, EDGES, [head, total, *body], "grid")]))
    assert table.header_rows == 1 and len(table.rows) == 4


def test_a_bold_section_row_under_a_bold_header_is_a_row():
    from tests.helpers import chars_of
    from thaitab.extract.lines import make_line

    def c(text, x, top, bold=False):
        return Cell((make_line(chars_of(text, x=x + 2, top=top, bold=bold)),), (x, top, x + 100, top + 20))

    head = [c("ลำดับ", 0, 50, True), c("โครงการ", 100, 50, True), c("งบประมาณ", 200, 50, True)]
    section = [c("ยุทธศาสตร์ที่ 1 การพัฒนา", 0, 70, True), Cell((), (100, 70, 200, 90), spanned=True, from_left=True),
               Cell((), (200, 70, 300, 90), spanned=True, from_left=True)]
    body = [[c(str(i + 1), 0, 90 + 20 * i), c("โครงการถนน", 100, 90 + 20 * i), c("412,000", 200, 90 + 20 * i)]
            for i in range(3)]
    table = next(stitch([PageTable(1, EDGES, [head, section, *body], "grid")]))
    assert table.header_rows == 1 and len(table.rows) == 4


def test_one_plainly_ended_column_starts_a_fresh_row_only_when_most_columns_open_at_once():
    edges = [0.0, 100.0, 200.0, 300.0, 400.0, 500.0]

    head = grid_row(["ประเด็น", "มาตรการ", "ขั้นตอน", "ระยะเวลา", "ผู้รับผิดชอบ"], top=50)
    last = grid_row(["การบริการ", ("โครงการสำรวจความพึง", "พอใจผู้รับบริการทุกปี"), "- จัดทำแบบสำรวจ",
                     "ต.ค. 66", "สำนักปลัด."])
    p1 = PageTable(1, edges, [head, last], "grid")
    # every column opens again under the merged issue cell; only the responsible column had
    # plainly ended (a full stop), the others say nothing either way
    fresh = [Cell((), (0, 60, 100, 80), spanned=True)] + grid_row(
        ["", "กิจกรรมลดขั้นตอน", "- วิเคราะห์งาน", "ม.ค. 67", "ทุกกอง"])[1:]
    assert len(next(stitch([p1, PageTable(2, edges, [fresh], "grid")])).rows) == 2


def test_a_date_cut_after_its_month_abbreviation_has_not_ended():
    edges = [0.0, 100.0, 200.0, 300.0, 400.0, 500.0]
    head = grid_row(["ประเด็น", "มาตรการ", "ขั้นตอน", "ระยะเวลา", "ผู้รับผิดชอบ"], top=50)
    last = grid_row(["การบริการ", ("โครงการสำรวจ", "มาตรการป้องกัน"), "- จัดทำหลักเกณฑ์", "1 ต.ค.", "กองช่าง"])
    p1 = PageTable(1, edges, [head, last], "grid")
    # the month's dot ends an abbreviation, not the cell: its year opens the next page, where
    # the measure goes on from a full line
    rest = [Cell((), (0, 60, 100, 80), spanned=True)] + grid_row(
        ["", "การใช้ดุลยพินิจ", "การอนุมัติ", "2568 – 30 ก.ย.", "กองสาธารณสุข"])[1:]
    [table] = stitch([p1, PageTable(2, edges, [rest], "grid")])
    assert len(table.rows) == 1



def _names(table) -> list[str]:
    return [" / ".join(" ".join(ln.text for ln in b.lines) for b in col if b.lines) for col in table.header]


def test_a_header_cut_by_the_page_break_goes_on_under_the_next_pages_columns():
    # a spreadsheet printed its header's first line at the foot of page 1 (one
    # column there, "จำนวน", is still whole: its sub-columns start below the
    # break); page 2 opens with the rest of the header, then the records
    cut = [Cell((line_of("ลำดั", x=2, top=700),), (0, 700, 100, 720)),
           Cell((line_of("วันที่", x=102, top=700),), (100, 700, 200, 720)),
           Cell((line_of("จำนวน", x=202, top=700),), (200, 700, 400, 720))]
    p1 = PageTable(1, [0.0, 100.0, 200.0, 400.0], [cut], "grid")
    head = grid_row(["บที่", ("วันที่", "ได้รับ"), "เต็มตาม", "ชำรุด"], top=50)
    p2 = PageTable(2, [0.0, 100.0, 200.0, 300.0, 400.0],
                   [head, grid_row(["1", "1 ต.ค. 62", "4", "4"]), grid_row(["2", "", "2", "1"], top=120)], "grid")
    [table] = stitch([p1, p2])
    assert len(table.rows) == 2
    assert (table.page_start, table.rows[0].page_start) == (1, 2)
    assert _names(table) == ["ลำดั บที่", "วันที่ ได้รับ", "จำนวน / เต็มตาม", "จำนวน / ชำรุด"]


def test_a_header_alone_at_a_page_foot_stays_a_table_when_the_next_page_has_other_columns():
    cut = [Cell((line_of(t, x=100 * i + 2, top=700),), (100 * i, 700, 100 * i + 100, 720))
           for i, t in enumerate(["ลงชื่อ", "ตำแหน่ง", "วันที่"])]
    p1 = PageTable(1, [0.0, 100.0, 200.0, 300.0], [cut], "grid")
    p2 = PageTable(2, [0.0, 150.0, 250.0, 300.0], [grid_row(["ก", "ข", "ค"], top=50), grid_row(["1", "2", "3"])],
                   "grid")
    assert len(list(stitch([p1, p2]))) == 2


def test_a_table_of_header_rows_only_keeps_its_text_as_a_row():
    box = [Cell((line_of(t, x=100 * i + 2, top=300),), (100 * i, 300, 100 * i + 100, 320))
           for i, t in enumerate(["วงเงินทั้งสิ้น", "150,036,600", "บาท"])]
    [table] = stitch([PageTable(1, [0.0, 100.0, 200.0, 300.0], [box], "grid")])
    assert [b.lines[0].text for col in table.rows[0].cells for b in col] == ["วงเงินทั้งสิ้น", "150,036,600", "บาท"]
    assert not any(table.header)


def test_a_numbered_list_cut_by_the_page_break_goes_on_under_an_empty_label():
    edges = [0.0, 100.0, 400.0]
    head = [Cell((line_of("ยุทธศาสตร์ที่ 2", x=2, top=50),), (0, 40, 100, 70)),
            Cell((line_of("พัฒนาศักยภาพภาคีเครือข่าย", x=102, top=50),), (100, 40, 400, 70))]
    last = [cell("ตัวบ่งชี้ความสำเร็จ", x=0),
            Cell(tuple(line_of(t, x=102, top=100 + 20 * i) for i, t in
                       enumerate(["1.ภาคีเครือข่ายมีความรู้", "2.จำนวนโครงการ", "3.การมีส่วนร่วม"])), (100, 100, 400, 160))]
    p1 = PageTable(1, edges, [head, [cell("กลยุทธ์", x=0), cell("1. การส่งเสริม", x=100)], last], "grid")
    p2 = PageTable(2, edges, [[Cell((), (0, 50, 100, 70)), cell("4.จำนวนเครือข่ายที่เพิ่มขึ้น", x=100, top=50)]], "grid")
    [table] = stitch([p1, p2])
    assert len(table.rows) == 2
    assert table.rows[-1].page_end == 2


def test_a_merged_cell_that_began_on_the_page_before_is_filled_down_below_the_break():
    # the group cell "พัฒนาบุคลากร" is merged down over the page break: below it the
    # word processor prints the cell empty, still merged over the rows under it
    p1 = page(1, [row("พัฒนาบุคลากร", "1.1 การพัฒนาแนวทาง", "1.1.1 จัดเวที")])
    first = row("", "1.2 พัฒนาศักยภาพ", "1.2.1 โครงการฝึกอบรม")
    under = [Cell((), (0, 120, 100, 140), spanned=True)] + row("", "1.3 เพิ่มประสิทธิภาพ", "1.3.1 คู่มือ")[1:]
    t = next(stitch([p1, page(2, [first, under])]))
    assert len(t.rows) == 3
    assert t.rows[1].spanned[0] and t.rows[2].spanned[0]
    # merged on over a second break: page 2 had no text of it, yet it is the same cell
    p3 = [row("", "1.4 ติดตามผล", "1.4.1 รายงาน"),
          [Cell((), (0, 120, 100, 140), spanned=True)] + row("", "1.5 ประเมิน", "1.5.1 แบบสอบถาม")[1:]]
    t = next(stitch([p1, page(2, [first, under]), page(3, p3)]))
    assert len(t.rows) == 5 and all(r.spanned[0] for r in t.rows[1:])


FIVE = [0.0, 100.0, 200.0, 300.0, 400.0, 500.0]


def rows_over_break(header, last, rest, above=()) -> int:
    """Rows of the table a five-column page 1 (header, ``above`` rows, ``last``) and
    page 2 (the row ``rest``) make."""
    p1 = PageTable(1, FIVE, [grid_row(header, top=50), *above, grid_row(last)], "grid")
    return len(next(stitch([p1, PageTable(2, FIVE, [rest], "grid")])).rows)


def test_a_row_cut_mid_sentence_in_most_columns_goes_on_whatever_its_leading_cells_show():
    # the issue and the measure (a closing quote) say nothing or that they ended; three
    # of five columns were cut mid-sentence by the page break: the row goes on
    rest = grid_row(["การแก้ไขปัญหา", "ของขวัญ", "ปฏิบัติอย่างเคร่งครัด", "ประจำปีงบประมาณ", "และเจ้าหน้าที่พัสดุ"])
    assert rows_over_break(["ประเด็น", "มาตรการ", "ขั้นตอน", "ผลผลิต", "ผู้รับผิดชอบ"],
                           ["ตัวชี้วัดที่ 5", ("มาตรการ", '"ไม่รับ"'), ("แจ้งเวียนให้ทุกกอง", "บุคลากรทุกระดับถือ"),
                            ("ประกาศนโยบายการ", "ไม่รับของขวัญทุกชนิด"), ("หัวหน้าส่วนราชการ", "ผู้อำนวยการกองคลัง")],
                           rest) == 1


PLAN_HEADER = ["ประเด็น", "มาตรการ", "ขั้นตอน", "ระยะเวลา", "ผู้รับผิดชอบ"]


def test_a_cut_row_fills_only_the_columns_whose_text_had_not_ended():
    # the issue and the steps wrapped at the page end and go on; the columns that had
    # ended are empty (a fresh row names itself in every column)
    last = [("กระบวนการสร้าง", "ความโปร่งใสในการ"), "(ไม่ใช้งบประมาณ)",
            ("- ตรวจสอบความสัมพันธ์", "ระหว่างเจ้าหน้าที่กับ"), "ก.ย. 69", "กองคลัง"]
    rest = grid_row(["ใช้งบประมาณและการจัดซื้อ", "", "ผู้เสนอราคาทุกราย", "", ""])
    assert rows_over_break(PLAN_HEADER, last, rest) == 1


def test_a_key_column_that_numbers_afresh_starts_a_fresh_row():
    # every row's steps open with "1.": a "1." at the top of the page is a new row's,
    # however the issue and the steps above it wrapped
    above = [grid_row(["การป้องกัน", "มาตรการหนึ่ง", "1. จัดทำคู่มือ", "ต.ค. 66", "สำนักปลัด"], top=80)]
    last = [("กระบวนการสร้าง", "ความโปร่งใสในการ"), "(ไม่ใช้งบประมาณ)",
            ("1. ตรวจสอบความสัมพันธ์", "ระหว่างเจ้าหน้าที่กับ"), "ก.ย. 69", "กองคลัง"]
    fresh = grid_row(["ใช้งบประมาณและการจัดซื้อ", "", "1. ผู้เสนอราคาทุกราย", "", ""])
    assert rows_over_break(PLAN_HEADER, last, fresh, above) == 3


RECORD = ["1.", "จัดทำคู่มือการปฏิบัติงาน", "ต.ค. 66"]


def test_a_first_row_like_the_header_but_numbered_otherwise_is_kept():
    # "ส่วนที่ 2" under a table headed "ส่วนที่ 1": alike in text, other in number, so no
    # repeat of the header to drop: it is the next part's row
    p1 = PageTable(1, EDGES, [grid_row(["ส่วนที่ 1", "มาตรการ", "ขั้นตอน"], top=50), grid_row(RECORD)], "grid")
    p2 = PageTable(2, EDGES, [grid_row(["ส่วนที่ 2", "มาตรการ", "ขั้นตอน"], top=50), grid_row(RECORD)], "grid")
    tables = list(stitch([p1, p2]))
    assert [c[0].lines[0].text for t in tables for r in t.rows for c in r.cells[:1]] == ["1.", "ส่วนที่ 2", "1."]


def test_a_repeated_header_with_its_year_is_dropped():
    head = ["ปี 2566", "มาตรการ", "ขั้นตอน"]
    p1 = PageTable(1, EDGES, [grid_row(head, top=50), grid_row(RECORD)], "grid")
    p2 = PageTable(2, EDGES, [grid_row(head, top=50), grid_row(RECORD)], "grid")
    assert len(next(stitch([p1, p2])).rows) == 2


def test_a_second_table_on_a_page_under_a_body_is_a_table_of_its_own():
    first = PageTable(1, EDGES, [grid_row(HEADER, top=50), grid_row(RECORD)], "grid")
    second = PageTable(1, EDGES, [grid_row(["ตอน", "สอง", "ใหม่"], top=300), grid_row(RECORD, top=330)], "grid")
    assert len(list(stitch([first, second]))) == 2


def test_a_header_drawn_as_a_box_of_its_own_heads_the_body_under_it():
    head = PageTable(1, EDGES, [grid_row(HEADER, top=50)], "grid")
    body = PageTable(1, EDGES, [grid_row(RECORD, top=90), grid_row(RECORD, top=110)], "grid")
    tables = list(stitch([head, body]))
    assert len(tables) == 1 and len(tables[0].rows) == 2


def test_text_under_cells_that_had_ended_well_above_the_page_foot_is_a_fresh_row():
    # the page ends inside the steps (a long list), no rule closes the row; the
    # measure, the period and the owner had stopped lines above it, their last
    # lines full (so each alone reads as a wrap), with room below to go on
    last = ["กระบวนการ", ("โครงการอบรมคุณธรรม", "จริยธรรมสำหรับผู้บริหาร"),
            ("- จัดทำโครงการ", "- ประสานวิทยากร", "- ดำเนินการอบรม", "- ศึกษาดูงาน", "- ประเมินผล", "- สรุปผลการดำเนิน"),
            "ตลอดปีงบประมาณ", "สำนักปลัดเทศบาลตำบล"]
    # under the merged issue cell every other column opens: a fresh record
    fresh = [Cell((), (0, 60, 100, 80), spanned=True)] + grid_row(
        ["", "มาตรการป้องกันผล", "- กำหนดให้เจ้าหน้าที่", "ม.ค. - ก.ย. 69", "กองคลัง"])[1:]
    assert rows_over_break(PLAN_HEADER, last, fresh) == 2
    # the same columns running to the page's foot: the row goes on
    level = ["กระบวนการ", ("โครงการอบรมคุณธรรม", "จริยธรรมสำหรับผู้บริหาร"), ("- จัดทำโครงการ", "- ประสานวิทยากร"),
             ("ตลอดปีงบประมาณ", "ตลอดปีงบประมาณ"), ("สำนักปลัดเทศบาล", "สำนักปลัดเทศบาลตำบล")]
    assert rows_over_break(PLAN_HEADER, level, fresh) == 1


def test_one_seemingly_ended_column_does_not_part_a_row_most_of_whose_columns_ran_on():
    # every column ran to the page's foot on full lines but the owner's, whose
    # short last line ("พัสดุ") leaves room: a narrow column wraps so too
    last = ["กระบวนการ", ("กิจกรรมตรวจสอบพัสดุ", "ประจำปีงบประมาณนี้"), ("- บันทึกการใช้รถยนต์", "ส่วนกลางในสมุดบันทึก"),
            ("ต.ค. - พ.ย. 66", "ตลอดปีงบประมาณ"), ("งาน", "พัสดุ")]
    rest = [Cell((), (0, 60, 100, 80), spanned=True)] + grid_row(
        ["", "ของหน่วยงาน", "ควบคุมทุกครั้ง", "และทุกไตรมาส", "กองคลัง"])[1:]
    assert rows_over_break(PLAN_HEADER, last, rest) == 1


def test_a_list_every_row_numbers_from_one_goes_on_with_the_next_number_after_the_break():
    # each row's steps open their own list with "1.": a "2." at the top of the
    # page goes on the list before the break, it does not number a fresh row;
    # with the word cut ("การ" | "ทำงาน") and the measure and period
    # wrapped, most columns run on
    above = [grid_row(["การบริการ", "มาตรการลดขั้นตอน", ("1. ประชุมชี้แจง", "2. ประกาศใช้"), "ต.ค. 66", "สำนักปลัด"])]
    last = [("การปรับปรุง", "การ"), ("โครงการพัฒนาศักยภาพ", "ของบุคลากรด้านดิจิทัล"),
            ("1. สำรวจความต้องการ", "ฝึกอบรมของบุคลากร"), "ต.ค. 66 - ก.ย.", "กองยุทธศาสตร์"]
    rest = grid_row(["ทำงาน", "ทุกระดับในหน่วยงาน", "2. จัดอบรมเชิงปฏิบัติ", "67", "และงบประมาณ"])
    assert rows_over_break(PLAN_HEADER, last, rest, above) == 2
    # where the column numbers the rows themselves ("1." "2." then "3."), the next number is a fresh row
    numbered_rows = [grid_row(["การบริการ", "มาตรการลดขั้นตอน", "1. ประชุมชี้แจง", "ต.ค. 66", "สำนักปลัด"])]
    second = last[:2] + [("2. สำรวจความต้องการ", "ฝึกอบรมของบุคลากร")] + last[3:]
    third = grid_row(["ทำงาน", "ทุกระดับในหน่วยงาน", "3. จัดอบรมเชิงปฏิบัติ", "67", "และงบประมาณ"])
    assert rows_over_break(PLAN_HEADER, second, third, numbered_rows) == 3


def test_the_lines_right_above_a_piece_are_its_heading_and_a_blank_line_parts_a_page_header():
    # page 2: a page header far above, then a section heading set right over the piece
    far, near = line_of("แบบ ผด.02", x=250, top=2), line_of("1.2 แผนงานการศึกษา", x=5, top=30)
    p1 = PageTable(1, EDGES, [header(), row("ก", "มาตรการหนึ่ง", "1. ขั้น")], "grid",
                   outside=[line_of("บัญชีโครงการพัฒนา", x=60, top=18)], bbox=(0, 40, 300, 120))
    p2 = PageTable(2, EDGES, [header(), row("ข", "มาตรการสอง", "1. ขั้น")], "grid",
                   outside=[far, near], bbox=(0, 40, 300, 120))
    t = next(stitch([p1, p2]))
    assert [ln.text for ln in t.rows[0].heading] == ["บัญชีโครงการพัฒนา"]
    assert [ln.text for ln in t.rows[1].heading] == ["1.2 แผนงานการศึกษา"]


def test_a_heading_between_two_pieces_on_one_page_heads_the_lower_piece():
    # the page's outside lines sit on its first table; the heading below that table heads the second
    heading = line_of("2. ยุทธศาสตร์ที่สอง", x=5, top=140)
    top_piece = PageTable(1, EDGES, [header(), row("ก", "มาตรการหนึ่ง", "1. ขั้น")], "grid",
                          outside=[heading], bbox=(0, 40, 300, 120))
    low_piece = PageTable(1, EDGES, [[c for c in header()], row("ข", "มาตรการสอง", "1. ขั้น")], "grid",
                          bbox=(0, 160, 300, 240))
    t = next(stitch([top_piece, low_piece]))
    assert t.rows[0].heading == ()
    assert [ln.text for ln in t.rows[1].heading] == ["2. ยุทธศาสตร์ที่สอง"]


def test_a_body_row_of_one_cell_across_the_grid_is_marked_a_section_row():
    section = [cell("ยุทธศาสตร์ที่ 1", x=0, top=100), _left(100), _left(200)]
    t = next(stitch([PageTable(1, EDGES, [header(), section, row("1", "ถนน", "10,000")], "grid")]))
    assert [r.across for r in t.rows] == [True, False]


def test_text_on_a_rows_line_just_past_the_frame_is_kept_beside_that_row():
    # a spreadsheet's department codes in a column its print borders left out: each on a row's
    # line, starting right at the frame (x 300); a page number far off in the margin is not
    rows = [grid_row(["1", "ถนน", "10,000"], top=100), grid_row(["2", "ท่อ", "5,000"], top=120)]
    outside = [line_of("ชย.", x=301, top=103), line_of("ชอ.", x=301, top=123), line_of("- 3 -", x=520, top=123)]
    t = next(stitch([PageTable(1, EDGES, [header()] + rows, "grid", outside=outside, bbox=(0, 40, 300, 140))]))
    assert [[ln.text for ln in r.beside] for r in t.rows] == [["ชย."], ["ชอ."]]
    # a cell merged down over both rows does not stretch the first row over the second's line
    rows[0][0] = Cell(rows[0][0].lines, (0, 100, 100, 140))
    rows[1][0] = Cell((), (0, 120, 100, 140), spanned=True)
    t = next(stitch([PageTable(1, EDGES, [header()] + rows, "grid", outside=outside, bbox=(0, 40, 300, 140))]))
    assert [[ln.text for ln in r.beside] for r in t.rows] == [["ชย."], ["ชอ."]]
