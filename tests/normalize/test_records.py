"""Records under a profile: columns named by meaning, and nothing dropped."""
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thaitab.normalize.records import PROVENANCE, table_records
from tests.normalize.tables import build_table

TITLE = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรม\nประจำปีงบประมาณ พ.ศ. 2568\nเทศบาลตำบลหนองบัว"

# header words of many kinds: profile vocabulary, other table words, made-up wordings
HEADER_WORDS = ["ประเด็น", "มาตรการ", "โครงการ", "กิจกรรม", "ขั้นตอน", "วิธีการ", "แนวทาง", "ระยะเวลา", "ห้วงเวลา",
                "ผลผลิต", "ผลลัพธ์", "ผลการดำเนินงาน", "หน่วยงาน", "ผู้รับผิดชอบ", "งบประมาณ", "เป้าหมาย",
                "ตัวชี้วัด", "หมายเหตุ", "ข้อมูล", "สถานะ", "รายละเอียด", "ที่", "ลำดับ", "(Output)", "ปี 2567",
                "เพิ่มเติม", "อื่นๆ", "ประชาชน", "การ", "ที่ได้รับ"]
CELLS = ["มาตรการเผยแพร่ข้อมูล", "โครงการอบรมคุณธรรม", "1. ประชุมคณะทำงาน\n2. จัดทำแผน\n3. รายงานผล",
         "ต.ค. 67 - ก.ย. 68", "ม.ค. - มี.ค. 68", "สำนักปลัด", "กองคลัง", "ทุกกอง/สำนัก",
         "มีคู่มือ จำนวน 1 ฉบับ", "ร้อยละ 85", "- ผู้เข้าร่วม 50 คน\n- ความพึงพอใจสูง", "การปฏิบัติหน้าที่",
         "เพื่อให้ประชาชนได้รับบริการ", "ถนนยาว 200 เมตร", "ตลอดปีงบประมาณ", "ดูแลรักษาความสะอาด", ""]


def _visible(text) -> Counter:
    return Counter(ch for ch in str(text) if not ch.isspace())


def _output_chars(recs) -> Counter:
    skip = {"source_file", "page_start", "page_end", "municipality", "fiscal_year_be", *PROVENANCE}
    out = Counter()
    for rec in recs.rows:
        for col, value in rec.items():
            if col not in skip and isinstance(value, str):
                out += _visible(value)
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), n_cols=st.integers(2, 9), n_rows=st.integers(1, 5),
       profile=st.sampled_from(["auto", "ita", "lpd02", "generic"]))
def test_every_body_character_reaches_the_output(data, n_cols, n_rows, profile):
    headers = [" ".join(data.draw(st.lists(st.sampled_from(HEADER_WORDS), min_size=1, max_size=3)))
               for _ in range(n_cols)]
    rows = [[data.draw(st.sampled_from(CELLS)) for _ in range(n_cols)] for _ in range(n_rows)]
    table = build_table(headers, rows, TITLE)
    recs = table_records(table, "x.pdf", profile)
    body = sum((_visible(v) for r in rows for v in r), Counter())
    missing = body - _output_chars(recs)
    assert not missing, (headers, recs.columns, missing)


def test_a_column_no_profile_column_fits_is_kept_after_them():
    headers = ["ประเด็นการประเมิน", "มาตรการ", "วิธีการปฏิบัติ", "ระยะเวลา", "ผู้รับผิดชอบ", "หมายเหตุ"]
    rows = [["การปฏิบัติหน้าที่", "มาตรการเผยแพร่ข้อมูล", "1. ประชุม\n2. เผยแพร่", "ต.ค. 67 - ก.ย. 68", "สำนักปลัด", "ดำเนินการแล้ว"],
            ["", "โครงการอบรม (งบประมาณ 20,000 บาท)", "1. อบรม\n2. สรุปผล", "ม.ค. 68", "กองคลัง", ""]]
    recs = table_records(build_table(headers, rows, TITLE), "x.pdf", "auto")
    assert recs.profile == "ita"
    assert recs.columns[-len(PROVENANCE) - 1:] == ["หมายเหตุ", *PROVENANCE]
    assert [r["หมายเหตุ"] for r in recs.rows] == ["ดำเนินการแล้ว", ""]
    assert [r["issue"] for r in recs.rows] == ["การปฏิบัติหน้าที่", "การปฏิบัติหน้าที่"]
    assert recs.rows[1]["budget_baht"] == 20000.0 and recs.rows[0]["period_start"] == "2024-10"
    assert any("หมายเหตุ" in w and "kept under its own header" in w for w in recs.warnings)
    described = [nm.describe() for nm in recs.mapping]
    assert described[2].startswith("วิธีการปฏิบัติ → steps (header: วิธีการ; cells: numbered")


def test_a_non_ita_table_with_budget_columns_keeps_every_amount():
    headers = ["ที่", "โครงการ", "วัตถุประสงค์", "เป้าหมาย", "งบประมาณ 2566 (บาท)", "2567 (บาท)", "2568 (บาท)",
               "หน่วยงานรับผิดชอบ"]
    amounts = [["90,000.-", "-", "150,000"], ["1,200,000", "500,000.-", "-"], ["๒๐,๐๐๐", "30,000", "45,500.50"]]
    rows = [[str(i + 1), f"โครงการก่อสร้างถนนสาย {i + 1}", "เพื่อการสัญจรสะดวก", f"ถนนยาว {200 + i} เมตร",
             *amounts[i], "กองช่าง"] for i in range(3)]
    table = build_table(headers, rows, "แผนพัฒนาท้องถิ่น (พ.ศ. 2566-2570)\nเทศบาลตำบลหนองบัว")
    for profile in ("auto", "generic", "lpd02"):
        recs = table_records(table, "plan.pdf", profile)
        assert len(recs.rows) == 3
        assert "fiscal_year_be" not in recs.columns  # a plan's title names no fiscal year
        values = [[v for k, v in r.items() if k not in ("source_file", "page_start", "page_end", "table",
                                                         "method", "confidence", "warnings")] for r in recs.rows]
        for vals, amts in zip(values, amounts):
            for a in amts:
                if a == "-":
                    assert "-" in vals
                else:
                    assert a in vals or _number(a) in vals, (profile, a, vals)
    recs = table_records(table, "plan.pdf", "auto")
    assert recs.profile == "lpd02"
    assert [r["budget_2566"] for r in recs.rows] == [90000.0, 1200000.0, 20000.0]
    assert [r["budget_2568"] for r in recs.rows] == [150000.0, "-", 45500.5]
    assert recs.rows[0]["municipality"] == "เทศบาลตำบลหนองบัว"


def _number(text: str) -> float:
    from thaitab.normalize.numbers import parse_amount

    return parse_amount(text)


def test_map_names_a_column_the_headers_cannot():
    headers = ["มาตรการ", "สิ่งที่จะทำ", "ระยะเวลา", "ผู้รับผิดชอบ"]
    rows = [["มาตรการเผยแพร่ข้อมูล", "1. ประชุม\n2. เผยแพร่", "ต.ค. 67 - ก.ย. 68", "สำนักปลัด"]]
    table = build_table(headers, rows, TITLE)
    recs = table_records(table, "x.pdf", "ita", column_map={"สิ่งที่จะทำ": "steps"})
    assert recs.rows[0]["steps"] == "1. ประชุม\n2. เผยแพร่"
    assert recs.mapping[1].how == "map"
    generic = table_records(table, "x.pdf", "generic", column_map={"2": "todo"})
    assert "todo" in generic.columns and generic.rows[0]["todo"] == "1. ประชุม\n2. เผยแพร่"


def test_an_issue_only_last_row_is_kept():
    headers = ["ประเด็น", "มาตรการ", "ขั้นตอน", "ระยะเวลา"]
    rows = [["ด้านหนึ่ง", "มาตรการเผยแพร่ข้อมูล", "1. ประชุม\n2. เผยแพร่", "ต.ค. 67 - ก.ย. 68"],
            ["ด้านสอง", "", "", ""]]
    recs = table_records(build_table(headers, rows, TITLE), "x.pdf", "ita")
    assert [r["issue"] for r in recs.rows] == ["ด้านหนึ่ง", "ด้านสอง"]


def test_text_beside_the_frame_is_kept_in_a_beside_column_under_every_profile():
    from tests.helpers import line_of

    table = build_table(["ลำดับ", "รายการ", "จำนวน"], [["1", "เครื่องปริ้นเตอร์", "1"], ["2", "พัดลม", "2"]])
    table.rows[1].beside = (line_of("ชอ.", x=400, top=100),)
    for profile in ("generic", "ita", "auto"):
        recs = table_records(table, "x.pdf", profile)
        assert "_beside" in recs.columns, profile
        assert [rec["_beside"] for rec in recs.rows] == ["", "ชอ."], profile
    plain = table_records(build_table(["ลำดับ", "รายการ"], [["1", "พัดลม"]]), "x.pdf", "generic")
    assert "_beside" not in plain.columns


def test_a_sara_am_the_layer_spells_in_two_characters_is_never_read_as_powerpoints():
    table = build_table(["ลำดับ", "รายการ"], [["1", "เครื่องคำานวนเลข 12 หลัก"], ["2", "กำรดำเนินงำน"]])
    recs = table_records(table, "x.pdf", "generic")
    assert [rec["รายการ"] for rec in recs.rows] == ["เครื่องคำนวนเลข 12 หลัก", "การดำเนินงาน"]
