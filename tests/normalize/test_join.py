from thaitab.extract.stitch import Block
from thaitab.normalize.join import join_blocks, join_lines, wrap_space
from tests.helpers import line_of


def test_wrap_inside_thai_is_no_space():
    assert wrap_space("ส่งเสริมคุณ", "ธรรม", had_space=False) == ""


def test_wrap_next_to_latin_or_digits_is_a_space():
    assert wrap_space("ผ่านเกณฑ์ ITA", "ประจำปี", False) == " "
    assert wrap_space("ประเมิน", "97.86 คะแนน", False) == " "


def test_space_kept_where_the_line_ended_in_a_space():
    assert wrap_space("ดำเนินการ", "ประจำปี", True) == " "


def test_thai_words_set_off_by_a_space():
    assert wrap_space("ช่องทางต่างๆ", "เช่น เว็บไซต์", False) == " "
    assert wrap_space("ปีงบประมาณ", "พ.ศ. 2568", False) == " "


def test_range_dash_keeps_spaces_but_hyphenated_word_does_not():
    assert wrap_space("ต.ค. 67 -", "ก.ย. 68", False) == " "
    assert wrap_space("ระบบ E-", "Service", False) == ""


def test_numbered_items_stay_on_their_own_lines():
    lines = [line_of("1. จัดทำ", top=100), line_of("2. ประชุม", top=120)]
    assert join_lines(lines, right_limit=400) == "1. จัดทำ\n2. ประชุม"


def test_full_line_wraps_into_the_next():
    a = line_of("มาตรการส่งเสริมคุณ", top=100)
    b = line_of("ธรรมและความโปร่งใส", top=120)
    assert join_lines([a, b], right_limit=a.x1 + 2) == "มาตรการส่งเสริมคุณธรรมและความโปร่งใส"


def test_blocks_across_pages_join_as_one_item():
    a = Block((line_of("ให้ประชาชน", top=500),), 0, 200, 1)
    b = Block((line_of("ทราบผ่านเว็บไซต์", top=80),), 0, 200, 2)
    assert join_blocks([a, b]) == "ให้ประชาชนทราบผ่านเว็บไซต์"


def test_quotes_stand_apart_from_the_words_around_them():
    assert wrap_space("มาตรการ \"ไม่รับ\"", "ของขวัญ", False) == " "
    assert wrap_space("กิจกรรมรณรงค์", "\"อบต.โปร่งใส\"", False) == " "


def test_a_dash_between_dates_is_a_range_not_a_bullet():
    a, b = line_of("ต.ค. 67", top=100), line_of("- ก.ย. 68", top=120)
    assert join_lines([a, b], right_limit=a.x1 + 2) == "ต.ค. 67 - ก.ย. 68"
    c, d = line_of("ผลประโยชน์ทับซ้อน", top=100), line_of("- มีคู่มือ", top=120)
    assert join_lines([c, d], right_limit=c.x1 + 2) == "ผลประโยชน์ทับซ้อน\n- มีคู่มือ"


def test_a_word_cut_over_three_lines_is_seen_whole():
    lines = [line_of("ตลอด", top=100), line_of("ปีงบป", top=120), line_of("ระมา", top=140), line_of("ณ", top=160)]
    assert join_lines(lines, right_limit=lines[1].x1 + 1) == "ตลอดปีงบประมาณ"


def test_the_document_decides_the_space_before_a_lists_last_conjunction():
    from thaitab.normalize.join import DEFAULT_STYLE, JoinStyle, learn_style

    assert wrap_space("ผู้บริหาร สมาชิกสภา", "และพนักงาน", False) == " "  # no evidence: the usual space
    unspaced = JoinStyle(space_before_conjunction=False)
    assert wrap_space("ผู้บริหาร สมาชิกสภา", "และพนักงาน", False, unspaced) == ""
    own = [line_of(t) for t in ["เด็ก เยาวชน สตรี คนชราและผู้ด้อยโอกาส", "ศิลปะ วัฒนธรรมและภูมิปัญญา",
                                "การควบคุมป้องกัน แก้ปัญหาขยะและมลภาวะ", "การศึกษา ศาสนาหรือวัฒนธรรม"]]
    assert learn_style(own) == unspaced
    spaced = own + [line_of(t) for t in ["ผู้บริหาร สมาชิกสภา และพนักงาน"] * 2]
    assert learn_style(spaced) == DEFAULT_STYLE  # not clearly more often without it
    assert learn_style(own[:2]) == DEFAULT_STYLE  # too little evidence


def test_a_space_glyph_at_the_line_end_is_a_space_even_inside_a_compound():
    # "รักษา" + "พยาบาล" can be one dictionary word, but the line ends in a
    # space glyph: the author typed a space there
    a = line_of("ผู้พิการ การรักษา ", top=100)
    b = line_of("พยาบาล เป็นต้น", top=120)
    assert join_lines([a, b], right_limit=a.x1 + 2) == "ผู้พิการ การรักษา พยาบาล เป็นต้น"


def test_a_wrap_is_judged_against_its_own_page_column():
    a, b = line_of("ระบบประปา การ", top=100), line_of("วางและปรับปรุงผังเมือง", top=120)
    block = Block((a, b), 0, a.x1 + 10, 2)
    # the column is wider on another page: judged by that, "วาง" would have fitted
    assert join_blocks([block], right_limit=a.x1 + 60) == "ระบบประปา การ\nวางและปรับปรุงผังเมือง"
    # on this page the column ends at the line: the line wrapped
    assert join_blocks([block], right_limit=a.x1 + 60, page_limits={2: a.x1 + 2}) == (
        "ระบบประปา การวางและปรับปรุงผังเมือง")


def test_the_wrap_style_is_learnt_from_all_of_a_documents_tables():
    from thaitab.extract.stitch import Row, Table
    from thaitab.normalize.records import document_style

    def table(*texts):
        rows = [Row([[Block((line_of(t, top=100),), 0, 400, 1)]], 1, 1, [False]) for t in texts]
        return Table(0, [[]], [False], rows, [0.0, 400.0], "grid", [], 1, 1, 1)

    # each table alone writes "... สมาชิกสภาและ..." too rarely to tell; together they do
    a = table("ผู้บริหาร สมาชิกสภาและพนักงาน", "ครู นักเรียนและผู้ปกครอง")
    b = table("ประชาชน ชุมชนและหน่วยงาน", "ข้าราชการ ลูกจ้างและพนักงานจ้าง")
    assert document_style([a]).space_before_conjunction
    assert not document_style([a, b]).space_before_conjunction


def test_a_thai_figure_beside_the_wrap_is_set_off_like_an_arabic_one():
    # a browser wraps at the space after a figure and draws no space glyph
    assert wrap_space("ตัวชี้วัดที่ ๑", "การปฏิบัติหน้าที่", False) == " "
    assert wrap_space("ประจำปีงบประมาณ พ.ศ. ๒๕๖๘", "บนเว็บไซต์", False) == " "
    assert wrap_space("จำนวน", "๔๖ โครงการ", False) == " "
    assert wrap_space("ตัวชี้วัดที่ 1", "การปฏิบัติหน้าที่", False) == " "  # as with Arabic digits


def test_words_set_off_on_both_sides_keep_the_space_after_them():
    assert wrap_space("ระยะเวลาการให้บริการ ณ", "จุดบริการ", False) == " "
    assert wrap_space("ช่องทางอื่น ๆ", "ที่เหมาะสม", False) == " "
    assert wrap_space("ประมาณ", "การ", False) == ""  # ณ ending a longer word is no word of its own
