from normalize.profiles.ita import fiscal_year, is_ita, map_headers, municipality


def test_header_wordings_map_by_meaning():
    headers = ["ตัวชี้วัด/ประเด็น", "มาตรการ/แนวทางการดำเนินการ", "ขั้นตอนการดำเนินการ", "ห้วงเวลาดำเนินการ",
               "ผลผลิต (Output)", "ผลลัพธ์ที่ได้รับ", "หน่วยงานที่รับผิดชอบ"]
    m = map_headers(headers)
    assert [m[i] for i in range(7)] == ["issue", "measure", "steps", "period", "output", "outcome", "responsible"]
    assert is_ita(headers)


def test_other_order_and_continued_marks():
    headers = ["ประเด็น", "มาตรการ/กิจกรรม", "วิธีการดำเนินการ (ต่อ)", "หน่วยงานที่รับผิดชอบ", "ระยะเวลาดำเนินการ", "ผลการดำเนินงาน", "ผลลัพธ์"]
    assert map_headers(headers) == {0: "issue", 1: "measure", 2: "steps", 3: "responsible", 4: "period", 5: "output", 6: "outcome"}


def test_not_an_ita_table():
    assert not is_ita(["ลำดับที่", "งานที่จัดซื้อหรือจัดจ้าง", "วงเงินที่จะซื้อหรือจ้าง", "ราคากลาง"])


def test_title_block():
    title = "รายงานผลการดำเนินการตามมาตรการ\nประจำปีงบประมาณ พ.ศ. ๒๕๖๖\nองค์การบริหารส่วนตำบลดอนตะโกงาม อำเภอเมือง จังหวัดราชบุรี"
    assert municipality(title) == "องค์การบริหารส่วนตำบลดอนตะโกงาม"
    assert fiscal_year(title) == 2566
    assert municipality("ภายในเทศบาลเมืองลพบุรี") == "เทศบาลเมืองลพบุรี"
