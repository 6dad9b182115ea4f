from __future__ import annotations

import pytest

from thaitab.normalize.numbers import (
    parse_amount,
    parse_budget_note,
    split_budget_note,
    to_arabic_digits,
)

NAME = "โครงการส่งเสริมความโปร่งใส"


def test_to_arabic_digits():
    assert to_arabic_digits("ต.ค. ๖๗ - ก.ย. ๖๘") == "ต.ค. 67 - ก.ย. 68"
    assert to_arabic_digits("๐๑๒๓๔๕๖๗๘๙") == "0123456789"
    assert to_arabic_digits("abc 12") == "abc 12"
    assert to_arabic_digits("") == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20,000", 20000.0),
        ("๒๐,๐๐๐", 20000.0),
        ("1,234.50 บาท", 1234.5),
        ("20000.-", 20000.0),
        ("20, 000 บาท", 20000.0),
        ("1.5 ล้านบาท", 1_500_000.0),
        ("ไม่มี", None),
        ("", None),
    ],
)
def test_parse_amount(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    ("cell", "uses_budget", "baht"),
    [
        (NAME + "\n(ไม่ใช้งบประมาณ)", False, None),
        (NAME + " (ไม่ใช่งบประมาณ)", False, None),  # common typo
        (NAME + "(ไม่ใช้งบประมาณ)", False, None),
        (NAME + "\n(ใช้งบประมาณ)", True, None),
        (NAME + "\nงบประมาณ 20,000 บาท", True, 20000.0),
        (NAME + "\n(งบประมาณ ๒๐,๐๐๐ บาท)", True, 20000.0),
        (NAME + " งบประมาณ 20,000.- บาท", True, 20000.0),
        (NAME + "\n(ใช้งบประมาณ 5,000 บาท)", True, 5000.0),
        (NAME + " งบประมาณ: 20,000 บาท", True, 20000.0),
        (NAME + "\nใช้งบประมาณ ๘๐,๐๐๐ บาท", True, 80000.0),
        (NAME + "\n(งบประมาณ 1.5 ล้านบาท)", True, 1_500_000.0),
        (NAME + "\nไม่ใช้งบประมาณ", False, None),
    ],
)
def test_split_budget_note_forms(cell, uses_budget, baht):
    assert split_budget_note(cell) == (NAME, uses_budget, baht)


@pytest.mark.parametrize(
    "cell",
    [
        NAME + "\n(ไม่ใช้งบ\nประมาณ)",
        NAME + " (ไม่ใช้งบ ประมาณ)",
        NAME + "\n( ไม่ใช้ งบประมาณ )\n",
        NAME + "\u200b(ไม่\u200bใช้\u200bงบประมาณ)",
    ],
)
def test_split_budget_note_tolerates_whitespace(cell):
    assert split_budget_note(cell) == (NAME, False, None)


def test_split_budget_note_amount_with_line_break():
    assert split_budget_note(NAME + "\n(งบประมาณ\n20,000 บาท)") == (NAME, True, 20000.0)


@pytest.mark.parametrize(
    "cell",
    [
        NAME,
        "โครงการจัดทำงบประมาณ",
        "กิจกรรมเสริมสร้างความโปร่งใสในการใช้งบประมาณ",
        "โครงการอบรมการจัดทำงบประมาณ 2568",
        "โครงการไม่ใช้งบประมาณ",
        "โครงการพัฒนาระบบ (E-Service)",
        "กิจกรรมจัดตั้งศูนย์ข้อมูลข่าวสาร (ระยะที่ ๒)",
    ],
)
def test_split_budget_note_without_note(cell):
    assert split_budget_note(cell) == (cell, None, None)


def test_split_budget_note_keeps_name_and_strips_trailing_whitespace():
    assert split_budget_note(NAME + "  \n") == (NAME, None, None)
    assert split_budget_note("โครงการจัดทำงบประมาณ\n(ไม่ใช้งบประมาณ)") == (
        "โครงการจัดทำงบประมาณ",
        False,
        None,
    )
    assert split_budget_note("โครงการ ระยะที่ ๒ (งบประมาณ ๕,๐๐๐ บาท)") == (
        "โครงการ ระยะที่ ๒",
        True,
        5000.0,
    )
    assert split_budget_note("") == ("", None, None)


def test_parse_budget_note():
    assert parse_budget_note("(ไม่ใช้งบประมาณ)") == (False, None)
    assert parse_budget_note("(ใช้งบประมาณ)") == (True, None)
    assert parse_budget_note("งบประมาณ 20,000 บาท") == (True, 20000.0)
    assert parse_budget_note("ตามความเหมาะสม") == (None, None)
