"""Section headings set above the pieces of a table, as a filled-down column."""
from thaitab.normalize.records import table_records
from thaitab.normalize.sections import row_sections
from tests.helpers import line_of
from tests.normalize.tables import build_table

TITLE = ["บัญชีโครงการพัฒนาท้องถิ่น", "ประจำปีงบประมาณ พ.ศ. 2561"]


def _headed(captions: dict[int, list[str]], n_rows: int = 6):
    """A table of ``n_rows`` records whose row r opens a piece set under ``captions[r]``."""
    t = build_table(["ที่", "โครงการ", "งบประมาณ"], [[str(i + 1), f"โครงการที่ {i + 1}", "10,000"]
                                                 for i in range(n_rows)])
    for r, lines in captions.items():
        t.rows[r].heading = tuple(line_of(text, top=10 + 20 * k) for k, text in enumerate(lines))
    return t


def test_a_title_over_every_piece_is_no_section():
    t = _headed({0: TITLE, 2: TITLE, 4: TITLE})
    assert row_sections(t) is None


def test_headings_under_a_repeated_title_fill_down_and_numbers_give_their_level():
    t = _headed({0: TITLE + ["1. ยุทธศาสตร์การพัฒนาโครงสร้างพื้นฐาน", "1.1 แผนงานเคหะและชุมชน"],
                 2: ["1.1 แผนงานเคหะและชุมชน"],         # the inner heading repeated on a new page
                 3: TITLE + ["1.2 แผนงานการศึกษา"],
                 5: TITLE + ["2. ยุทธศาสตร์การพัฒนาคน"]})
    assert row_sections(t) == ["1. ยุทธศาสตร์การพัฒนาโครงสร้างพื้นฐาน / 1.1 แผนงานเคหะและชุมชน"] * 3 + [
        "1. ยุทธศาสตร์การพัฒนาโครงสร้างพื้นฐาน / 1.2 แผนงานการศึกษา"] * 2 + ["2. ยุทธศาสตร์การพัฒนาคน"]


def test_a_changing_title_line_is_the_section_and_a_counting_number_is_not():
    t = _headed({0: ["เอกสารหมายเลข 1", "บัญชีครุภัณฑ์ แผนกวิชาช่างยนต์"],
                 2: ["เอกสารหมายเลข 2", "บัญชีครุภัณฑ์ แผนกวิชาช่างยนต์"],
                 3: ["เอกสารหมายเลข 3", "บัญชีครุภัณฑ์ แผนกวิชาโลหะการ"]})
    assert row_sections(t) == ["บัญชีครุภัณฑ์ แผนกวิชาช่างยนต์"] * 3 + ["บัญชีครุภัณฑ์ แผนกวิชาโลหะการ"] * 3


def test_a_signature_block_above_a_piece_heads_nothing():
    t = _headed({0: TITLE + ["วิธีขาย"],
                 3: ["ลงชื่อ.............................ประธานกรรมการ", "(นางสาวภวิกา โพธิ์ขาว)"] + TITLE + ["วิธีทำลาย"]})
    assert row_sections(t) == ["วิธีขาย"] * 3 + ["วิธีทำลาย"] * 3


def test_a_paragraph_between_pieces_is_no_heading():
    t = _headed({0: TITLE, 3: ["เพื่อจ่ายเป็นค่าจัดซื้อครุภัณฑ์", "คอมพิวเตอร์สำหรับงานประมวลผล",
                               "มีหน่วยความจำหลักไม่น้อยกว่า 8 GB", "ตามเกณฑ์ราคากลาง"]})
    assert row_sections(t) is None


def test_the_generic_output_offers_the_sections_as_a_column_and_keeps_every_row():
    t = _headed({0: TITLE + ["1. ยุทธศาสตร์ที่หนึ่ง"], 3: TITLE + ["2. ยุทธศาสตร์ที่สอง"]})
    recs = table_records(t, "x.pdf", "generic")
    assert recs.columns[:5] == ["source_file", "page_start", "page_end", "table", "_section"]
    assert [r["_section"] for r in recs.rows] == ["1. ยุทธศาสตร์ที่หนึ่ง"] * 3 + ["2. ยุทธศาสตร์ที่สอง"] * 3
    assert [r["โครงการ"] for r in recs.rows] == [f"โครงการที่ {i + 1}" for i in range(6)]
    plain = table_records(_headed({0: TITLE, 3: TITLE}), "x.pdf", "generic")
    assert "_section" not in plain.columns


def test_a_section_row_across_the_grid_heads_the_rows_under_it():
    t = build_table(["ที่", "โครงการ", "งบประมาณ"], [["ยุทธศาสตร์ที่ 1", "", ""], ["1", "ถนน", "10,000"],
                                                 ["ยุทธศาสตร์ที่ 2", "", ""], ["2", "ประปา", "5,000"]])
    for r in (0, 2):
        t.rows[r].across = True
    recs = table_records(t, "x.pdf", "generic")
    assert [r["_section"] for r in recs.rows] == ["ยุทธศาสตร์ที่ 1"] * 2 + ["ยุทธศาสตร์ที่ 2"] * 2
    assert len(recs.rows) == 4  # the section rows stay rows
