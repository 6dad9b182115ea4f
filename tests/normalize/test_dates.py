from __future__ import annotations

import pytest

from thaitab.normalize.dates import be_to_ce, fiscal_year_range, month_number, parse_period


def test_be_to_ce():
    assert be_to_ce(2568) == 2025
    assert be_to_ce(2543) == 2000


def test_fiscal_year_range():
    assert fiscal_year_range(2568) == ("2024-10", "2025-09")


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("ม.ค.", 1),
        ("ก.พ.", 2),
        ("มี.ค.", 3),
        ("เม.ย.", 4),
        ("พ.ค.", 5),
        ("มิ.ย.", 6),
        ("ก.ค.", 7),
        ("ส.ค.", 8),
        ("ก.ย.", 9),
        ("ต.ค.", 10),
        ("พ.ย.", 11),
        ("ธ.ค.", 12),
        ("ต.ค", 10),
        ("ตค.", 10),
        ("ต. ค.", 10),
        ("มกราคม", 1),
        ("กุมภาพันธ์", 2),
        ("พฤศจิกายน", 11),
        ("มกรา", 1),
        ("กรกฎา", 7),
        ("วันจันทร์", None),
        ("", None),
    ],
)
def test_month_number(text, month):
    assert month_number(text) == month


@pytest.mark.parametrize(
    ("text", "fy", "expected"),
    [
        # month ranges with BE years, two- or four-digit, Thai digits too
        ("ต.ค. 67 - ก.ย. 68", 2568, ("2024-10", "2025-09")),
        ("ต.ค. ๖๗ - ก.ย. ๖๘", 2568, ("2024-10", "2025-09")),
        ("ต.ค. 2567 - ก.ย. 2568", None, ("2024-10", "2025-09")),
        ("ตุลาคม 2567 - กันยายน 2568", None, ("2024-10", "2025-09")),
        ("ตุลาคม พ.ศ. 2567 ถึง กันยายน พ.ศ. 2568", None, ("2024-10", "2025-09")),
        ("1 ต.ค. 67 - 30 ก.ย. 68", None, ("2024-10", "2025-09")),
        ("1 ต.ค. 2567 – 30 ก.ย. 2568", None, ("2024-10", "2025-09")),
        ("ต.ค. 67 — ก.ย. 68", None, ("2024-10", "2025-09")),
        ("ต.ค.67-ก.ย.68", None, ("2024-10", "2025-09")),
        ("ตค 67 - กย 68", None, ("2024-10", "2025-09")),
        ("มกรา - มีนา 68", None, ("2025-01", "2025-03")),
        # a yearless month takes the year of the next dated month
        ("ต.ค. - ธ.ค. 67", 2568, ("2024-10", "2024-12")),
        ("ม.ค. - ก.ย. 68", 2568, ("2025-01", "2025-09")),
        ("ต.ค. - ธ.ค. ๖๗", None, ("2024-10", "2024-12")),
        # ... one year less when it would come after that month
        ("ต.ค. - ม.ค. 68", 2568, ("2024-10", "2025-01")),
        # no dated month at all: the fiscal year rule
        ("มกราคม - มีนาคม", 2568, ("2025-01", "2025-03")),
        ("ตุลาคม", 2568, ("2024-10", "2024-10")),
        ("ต.ค. - ธ.ค.", 2568, ("2024-10", "2024-12")),
        ("ต.ค. 67 - ก.ย.", 2568, ("2024-10", "2025-09")),
        ("ต.ค. - ธ.ค.", None, (None, None)),
        # single dates
        ("มีนาคม 2568", None, ("2025-03", "2025-03")),
        ("15 มี.ค. 68", None, ("2025-03", "2025-03")),
        ("1 ต.ค. 2567", None, ("2024-10", "2024-10")),
        ("1/10/2567", None, ("2024-10", "2024-10")),
        # whole fiscal year
        ("ตลอดปีงบประมาณ", 2568, ("2024-10", "2025-09")),
        ("ตลอดปี", 2567, ("2023-10", "2024-09")),
        ("ปีงบประมาณ พ.ศ. 2568", None, ("2024-10", "2025-09")),
        ("ปีงบประมาณ 2568", 2560, ("2024-10", "2025-09")),
        ("ตลอดปีงบประมาณ พ.ศ. 2568", None, ("2024-10", "2025-09")),
        ("ตลอดปีงบประมาณ", None, (None, None)),
        # fiscal quarters
        ("ไตรมาส 1", 2568, ("2024-10", "2024-12")),
        ("ไตรมาส 2", 2568, ("2025-01", "2025-03")),
        ("ไตรมาส 3", 2568, ("2025-04", "2025-06")),
        ("ไตรมาสที่ ๔", 2568, ("2025-07", "2025-09")),
        ("ไตรมาส 1 - 2", 2568, ("2024-10", "2025-03")),
        ("ไตรมาส 2 ปีงบประมาณ 2569", 2568, ("2026-01", "2026-03")),
        # no date
        ("ตามความเหมาะสม", 2568, (None, None)),
        ("ตามความ เหมาะสม", 2568, (None, None)),
        ("", 2568, (None, None)),
        ("   ", 2568, (None, None)),
    ],
)
def test_parse_period(text, fy, expected):
    assert parse_period(text, fy) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ต.ค. 67\n- ก.ย.\n68",
        "ต.ค.  67 -\nก.ย. 68",
        "ต. ค. 67 - ก. ย. 68",
        "ต.ค. 6 7 - ก.ย. 6 8",
        "ต.ค. 67 ถึง ก.ย. 68",
        "ต.ค.\u200b 67 - ก.ย.\u200b 68",
    ],
)
def test_parse_period_tolerates_extraction_noise(text):
    assert parse_period(text, 2568) == ("2024-10", "2025-09")


@pytest.mark.parametrize(
    "text", ["ตลอดปีงบประมา\nณ", "ตลอดปี งบประมาณ", "ตลอด\nปีงบประมาณ"]
)
def test_parse_period_whole_year_with_line_breaks(text):
    assert parse_period(text, 2568) == ("2024-10", "2025-09")


@pytest.mark.parametrize(
    "text",
    [None, 123, "ก.พ.ร.", "ไตรมาส", "((((", "ต.ค. 99999999", "\x00", "ม" * 5000],
)
def test_parse_period_never_raises(text):
    start, end = parse_period(text, 2568)  # type: ignore[arg-type]
    assert (start is None) == (end is None)
