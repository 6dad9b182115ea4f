import pytest

from thaitab.normalize.profiles import ProfileError, get_profile, load_profile, shipped
from thaitab.normalize.profiles.assign import assign, detect
from thaitab.normalize.profiles.evidence import cell_evidence, header_matches
from thaitab.normalize.records import choose_profile
from thaitab.normalize.profiles.ita import fiscal_year, is_ita, map_headers, municipality

STEPS = ["1. แต่งตั้งคณะทำงาน\n2. ประชุมคณะทำงาน\n3. รายงานผล", "1. สำรวจข้อมูล\n2. จัดทำคู่มือ"]
PERIOD = ["ต.ค. 67 - ก.ย. 68", "ม.ค. - มี.ค. 68"]
OFFICE = ["สำนักปลัด", "กองคลัง"]
MEASURE = ["มาตรการเผยแพร่ข้อมูล (ไม่ใช้งบประมาณ)", "โครงการอบรมคุณธรรม งบประมาณ 20,000 บาท"]
ISSUE = ["การปฏิบัติหน้าที่", ""]
OUTPUT = ["มีคู่มือ จำนวน 1 ฉบับ", "ผู้เข้าอบรม จำนวน 50 คน"]


def test_header_wordings_map_by_meaning():
    headers = ["ตัวชี้วัด/ประเด็น", "มาตรการ/แนวทางการดำเนินการ", "ขั้นตอนการดำเนินการ", "ห้วงเวลาดำเนินการ",
               "ผลผลิต (Output)", "ผลลัพธ์ที่ได้รับ", "หน่วยงานที่รับผิดชอบ"]
    m = map_headers(headers)
    assert [m[i] for i in range(7)] == ["issue", "measure", "steps", "period", "output", "outcome", "responsible"]
    # headers alone are not enough for auto: the cells must agree
    assert not is_ita(headers)
    assert is_ita(headers, [ISSUE, MEASURE, STEPS, PERIOD, OUTPUT, OUTPUT, OFFICE])


def test_other_order_and_continued_marks():
    headers = ["ประเด็น", "มาตรการ/กิจกรรม", "วิธีการดำเนินการ (ต่อ)", "หน่วยงานที่รับผิดชอบ", "ระยะเวลาดำเนินการ", "ผลการดำเนินงาน", "ผลลัพธ์"]
    assert map_headers(headers) == {0: "issue", 1: "measure", 2: "steps", 3: "responsible", 4: "period", 5: "output", 6: "outcome"}


def test_words_count_on_token_boundaries():
    # "งาน" inside "หน่วยงาน" is not the word งาน
    assert header_matches("หน่วยงาน", {"งาน": 1.0}) == []
    assert {w for w, _ in header_matches("ผลการดำเนินงาน (Output)", {"output": 4, "ผลการดำเนินงาน": 3})} == \
        {"ผลการดำเนินงาน", "output"}


def test_cells_decide_between_two_readings_of_a_header():
    # "แนวทาง..." may be a measure or its steps: numbered cells say steps, measure names say measure
    profile = shipped()["ita"]
    headers = ["แนวทางการแก้ไข", "แนวทางปฏิบัติงาน", "ระยะเวลา", "ผู้รับผิดชอบหลัก"]
    namings, _, _ = assign(profile, headers, [MEASURE, STEPS, PERIOD, OFFICE])
    assert [nm.concept for nm in namings] == ["measure", "steps", "period", "responsible"]
    namings, _, _ = assign(profile, headers, [STEPS, MEASURE, PERIOD, OFFICE])
    assert [nm.concept for nm in namings][:2] == ["steps", "measure"]


def test_weak_evidence_keeps_the_header():
    profile = shipped()["ita"]
    headers = ["มาตรการ", "ขั้นตอน", "หมายเหตุ"]
    namings, _, _ = assign(profile, headers, [MEASURE, STEPS, ["ดูรายละเอียดแนบท้าย", "ไม่มี"]])
    assert namings[2].concept is None and namings[2].name == ""
    assert "kept" in namings[2].describe()


def test_cell_evidence_kinds():
    ev = cell_evidence(STEPS)
    assert ev["numbered"] == 1.0 and ev["dated"] == 0.0
    assert cell_evidence(PERIOD)["dated"] == 1.0
    assert cell_evidence(OFFICE + ["ทุกกอง/สำนัก"])["office"] == 1.0
    assert cell_evidence(["90,000", "-", "120,000.-"])["amount"] == 1.0
    assert cell_evidence(MEASURE)["budget_note"] == 1.0


def test_column_map_forces_and_renames():
    profile = shipped()["ita"]
    headers = ["มาตรการ", "สิ่งที่ทำ", "หมายเหตุ"]
    namings, _, notes = assign(profile, headers, [MEASURE, ["ก", "ข"], ["ค", "ง"]],
                               {"สิ่งที่ทำ": "steps", "3": "note", "ไม่มีหัวนี้": "output"})
    assert [(nm.concept, nm.name, nm.how) for nm in namings] == [
        ("measure", "measure", "header+cells"), ("steps", "steps", "map"), (None, "note", "map")]
    assert notes == ["--map 'ไม่มีหัวนี้': no column has this header"]


def test_development_plan_project_table():
    profile = shipped()["lpd02"]
    headers = ["ที่", "โครงการ", "วัตถุประสงค์", "เป้าหมาย (ผลผลิตของโครงการ)", "งบประมาณ 2566 (บาท)", "2567 (บาท)",
               "ตัวชี้วัด (KPI)", "ผลที่คาดว่าจะได้รับ", "หน่วยงานรับผิดชอบหลัก"]
    cols = [["1", "2"], ["โครงการก่อสร้างถนน", "โครงการขุดลอกคลอง"], ["เพื่อการสัญจร", "เพื่อระบายน้ำ"],
            ["ถนนยาว 200 เมตร", "คลองยาว 1 กิโลเมตร"], ["90,000.-", "-"], ["150,000", "200,000"],
            ["ร้อยละ 80", "ร้อยละ 90"], ["ประชาชนสัญจรสะดวก", "น้ำไม่ท่วม"], ["กองช่าง", "กองช่าง"]]
    namings, _, _ = assign(profile, headers, cols)
    assert [nm.name for nm in namings] == ["no", "project", "objective", "target", "budget_2566", "budget_2567",
                                           "kpi", "expected_result", "responsible"]
    assert detect(profile, namings)
    chosen, _, _ = choose_profile("auto", headers, cols)
    assert chosen.name == "lpd02"


def test_not_an_ita_table():
    assert not is_ita(["ลำดับที่", "งานที่จัดซื้อหรือจัดจ้าง", "วงเงินที่จะซื้อหรือจ้าง", "ราคากลาง"])
    assert not is_ita(["ลำดับที่", "งานที่จัดซื้อหรือจัดจ้าง", "วงเงินที่จะซื้อหรือจ้าง", "ราคากลาง"],
                      [["1", "2"], ["จ้างซ่อมถนน", "ซื้อวัสดุ"], ["90,000", "12,000"], ["89,500", "12,000"]])


def test_title_block():
    title = "รายงานผลการดำเนินการตามมาตรการ\nประจำปีงบประมาณ พ.ศ. ๒๕๖๖\nองค์การบริหารส่วนตำบลดอนตะโกงาม อำเภอเมือง จังหวัดราชบุรี"
    assert municipality(title) == "องค์การบริหารส่วนตำบลดอนตะโกงาม"
    assert fiscal_year(title) == 2566
    assert municipality("ภายในเทศบาลเมืองลพบุรี") == "เทศบาลเมืองลพบุรี"
    assert municipality("แผนพัฒนาท้องถิ่น") == "" and fiscal_year("แผนพัฒนาท้องถิ่น") is None


def test_shipped_profiles_and_a_users_own(tmp_path):
    assert {"ita", "lpd02"} <= set(shipped())
    path = tmp_path / "staff.toml"
    path.write_text('name = "staff"\n[columns.position]\n[columns.position.header]\n"ตำแหน่ง" = 3\n'
                    '[columns.count]\nderive = "amount"\n[columns.count.header]\n"จำนวน" = 3\n'
                    '[columns.count.cells]\namount = 2\n', encoding="utf-8")
    profile = get_profile(str(path))
    assert profile.name == "staff" and profile.output_columns() == ["source_file", "page_start", "page_end",
                                                                   "position", "count"]


@pytest.mark.parametrize("text, reason", [
    ('name = "x"\n[columns.a]\n[columns.a.cells]\nshiny = 1\n', "unknown kind"),
    ('name = "x"\n[columns.a]\nderive = "magic"\n[columns.a.header]\n"ก" = 1\n', "derive"),
    ('name = "x"\n', "columns"),
    ('name = "x"\n[columns.table]\n[columns.table.header]\n"ก" = 1\n', "provenance"),
    ('name = "x"\n[columns.a]\n[columns.a.header]\n"ก" = "heavy"\n', "must be a number"),
    ("name = \n", "not valid TOML"),
])
def test_a_bad_profile_file_is_one_clear_error(tmp_path, text, reason):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as err:
        load_profile(path)
    assert str(path) in str(err.value) and reason in str(err.value)
    with pytest.raises(ProfileError, match="unknown profile"):
        get_profile("nope")
