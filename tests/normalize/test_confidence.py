"""Row confidence: a small documented formula over run-time evidence; more
doubt never raises it."""
from __future__ import annotations


import pytest

from thaitab.normalize.confidence import REPAIR_WEIGHTS, row_confidence, usually_filled

CLEAN = {
    "issue": "การใช้งบประมาณ",
    "measure": "มาตรการเผยแพร่แผนการใช้จ่ายงบประมาณประจำปี",
    "steps": "1. เผยแพร่แผนการใช้จ่ายงบประมาณให้ประชาชนทราบ\n2. รายงานผลการใช้จ่ายงบประมาณ",
    "period": "ต.ค. 67 - ก.ย. 68",
    "output": "มีรายงานผลการใช้จ่ายงบประมาณ",
    "outcome": "ประชาชนสามารถตรวจสอบการใช้จ่ายงบประมาณได้",
    "responsible": "กองคลัง",
}


def conf(cells=None, repairs=(), method="text", layout=(), **kw) -> float:
    return row_confidence(dict(CLEAN if cells is None else cells), list(repairs), method, list(layout), **kw)


def test_clean_text_row_is_fully_trusted():
    assert conf() == 1.0


def test_in_range_for_the_worst_row():
    bad = {k: "(cid:12)\ufffd\ue001 xqzv" for k in CLEAN} | {"measure": "", "steps": ""}
    c = conf(bad, repairs=list(REPAIR_WEIGHTS), method="ocr", ocr_confidence=0.0,
             layout=["row continued from page 1"] * 5 + ["issue filled down"])
    assert 0.0 <= c < 0.05


def test_more_repairs_lower():
    one = conf(repairs=["mark order fixed"])
    two = conf(repairs=["mark order fixed", "sara am restored from a space"])
    three = conf(repairs=["mark order fixed", "sara am restored from a space",
                          "unknown private-use characters removed"])
    assert 1.0 > one > two > three


def test_guessing_repairs_cost_more_than_routine_ones():
    assert conf(repairs=["PUA glyphs mapped"]) > 0.99
    assert conf(repairs=["sara am restored from a space"]) < conf(repairs=["PUA glyphs mapped"])
    assert conf(repairs=["unknown private-use characters removed"]) < conf(repairs=["sara am restored from a space"])


def test_ocr_lowers_and_its_own_confidence_orders_rows():
    text = conf()
    ocr = conf(method="ocr")
    assert ocr < text
    sure, unsure = conf(method="ocr", ocr_confidence=0.95), conf(method="ocr", ocr_confidence=0.4)
    assert unsure < sure < text
    assert conf(method="ocr", ocr_confidence=95) == sure  # percent accepted too
    # a confident OCR row still ranks below a text row with routine repairs and a page break
    assert sure < conf(repairs=["mark order fixed", "sara am composed"], layout=["row continued from page 3"])


def test_non_dictionary_text_lowers():
    garbled = dict(CLEAN, steps="1. เผยแพรแผนกำรใชจำยงบประมำณใหประชำชนทรำบ\n2. รำยงำนผลกำรใชจำยงบประมำณ")
    worse = dict(garbled, output="มีรำยงำนผลกำรใชจำยงบประมำณ", outcome="ประชำชนสำมำรถตรวจสอบกำรใชจำยงบได")
    assert conf(garbled) < conf()
    assert conf(worse) < conf(garbled)


def test_layout_doubt_lowers():
    once = conf(layout=["row continued from page 4"])
    twice = conf(layout=["row continued from page 4", "row continued from page 5"])
    assert 1.0 > once > twice
    assert conf(layout=["issue filled down"]) < 1.0


def test_notes_are_recognised_in_either_list():
    assert conf(repairs=["row continued from page 2"]) == conf(layout=["row continued from page 2"])
    assert conf(layout=["mark order fixed"]) == conf(repairs=["mark order fixed"])


@pytest.mark.parametrize("bad", ["(cid:31)(cid:45)", "การใช้\ufffdงบ", "การ\uf70aใช้", "ครบทั้ง ๔ ไตรมาส 0๑7"])
def test_suspicious_content_lowers(bad):
    assert conf(dict(CLEAN, output=bad)) < conf()


def test_empty_key_cells_and_very_short_measure_lower():
    assert conf(dict(CLEAN, steps="")) < conf()
    assert conf(dict(CLEAN, steps="", responsible="")) < conf(dict(CLEAN, steps=""))
    assert conf(dict(CLEAN, measure="ก")) < conf()
    # a column the table never fills (no outcome column) is no doubt
    filled = usually_filled([dict(CLEAN, outcome="")] * 4, list(CLEAN))
    assert "outcome" not in filled and "measure" in filled
    assert conf(dict(CLEAN, outcome=""), filled_columns=filled) == 1.0
    assert conf(dict(CLEAN, output=""), filled_columns=filled) < 1.0


def test_every_row_gets_a_confidence_in_range():
    rows = [dict(CLEAN, measure=CLEAN["measure"] + str(i)) for i in range(300)]
    for r in rows:
        c = row_confidence(r, ["mark order fixed"], "text", ["row continued from page 2"])
        assert 0.0 <= c <= 1.0


def test_a_guessed_column_lowers_confidence():
    from thaitab.normalize.confidence import GUESSED_COLUMN_FACTOR, row_confidence

    cells = {"measure": "มาตรการเผยแพร่ข้อมูล", "outcome": "ประชาชนพึงพอใจ"}
    sure = row_confidence(cells, [], "text", [])
    guessed = row_confidence(cells, [], "text", ["column 'ผลที่เกิด' taken as outcome: a guess"])
    assert guessed == round(sure * GUESSED_COLUMN_FACTOR, 3)


def test_settings_usually_filled_share_decides_which_columns_must_be_filled():
    from thaitab.extract.settings import use

    rows = [dict(CLEAN)] * 3 + [dict(CLEAN, outcome="")]  # outcome filled in 3 rows of 4
    assert "outcome" in usually_filled(rows, list(CLEAN))
    with use({"text.usually_filled_share": 0.9}):
        assert "outcome" not in usually_filled(rows, list(CLEAN))
