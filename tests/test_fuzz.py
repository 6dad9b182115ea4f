"""Fuzzing (issue 7): the text repairs, the line joining and the date and number
parsers take any text a PDF can hold and never raise.

Every property runs ``THAITAB_FUZZ_EXAMPLES`` examples (default 200, a few
seconds for the whole file). CI runs the big number through
``benchmarks/fuzz.py``, which sets it so that the file as a whole tries at
least 100,000 inputs and prints the count and the time::

    .venv/bin/python benchmarks/fuzz.py --total 100000

An input that once broke a property is pinned with ``@example`` on that
property, so it is tried first on every run, whatever the setting.
"""
from __future__ import annotations

import os
import re
import string

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from thaitab.normalize import thai
from thaitab.normalize.dates import parse_period
from thaitab.normalize.join import join_lines, wrap_space
from thaitab.normalize.numbers import parse_amount, parse_budget_note, split_budget_note, to_arabic_digits
from tests.helpers import line_of

EXAMPLES = int(os.environ.get("THAITAB_FUZZ_EXAMPLES", "200"))

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # a cold pythainlp dictionary load must not count as slow
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    print_blob=True,  # a failure prints @reproduce_failure(...) to paste back
)

# ---------------------------------------------------------------------------
# strategies: text as PDF text layers give it
# ---------------------------------------------------------------------------

THAI_BLOCK = [chr(c) for c in range(0x0E01, 0x0E5C)]
THAI_PUA = [chr(c) for c in (*range(0xF700, 0xF71B), *range(0xF884, 0xF89F))]
OTHER_PUA = ["\ue000", "\uf0b7", "\uf0a7", "\uf0d8", "\uf0fc", "\uf8ff"]
ODD = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\ufffd", "\u00a0", "\u2009", "\u3000",
       "\r", "\t", "\x0b", "\x0c", "\x00", "\u2028", "\u0301", "\u2013", "\u2212", "\U0001f600"]
SPACES = [" ", " ", " ", "\n"]
DIGITS = list("0123456789๐๑๒๓๔๕๖๗๘๙,.-/:()")
LATIN = list(string.ascii_letters + "=+@'\"!?;[]&%$#*")
WORDS = [
    # words, glitches and keywords the parsers look for
    "การ", "กำร", "ดำเนิน", "ด าเนิน", "ส านัก", "น้ า", "น ้า", "ผู้อ ำนวย", "ข้้อ", "ส\uf70aง",
    "ประจ\ufffdาปี", "เเละ", "งบประมาณ", "ไม่ใช้งบประมาณ", "(ไม่ใช้งบประมาณ)", "(ใช้งบประมาณ)",
    "งบประมาณ 20,000 บาท", "บาท", "บ.", ".-", "ล้าน", "แสน", "หมื่น", "จำนวน", "ต.ค.", "ต. ค.",
    "ก.ย.", "ม.ค.", "มี.ค.", "ธันวาคม", "ตุลา", "พ.ศ.", "ปีงบประมาณ", "ตลอดปีงบประมาณ", "ทั้งปี",
    "ไตรมาส", "ไตรมาสที่", "ที่", "และ", "ถึง", "67", "68", "2567", "2568", "2024", "1/10/2567",
    " - ", "–", "(", ")", "1.", "2.1", "๑.", "-", "•", "เช่น", "ได้แก่", "กอง", "สำนัก",
]
ALPHABET = THAI_BLOCK + THAI_PUA + OTHER_PUA + ODD + SPACES + DIGITS + LATIN

thai_soup = st.text(alphabet=st.sampled_from(ALPHABET), max_size=60)
word_soup = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(ALPHABET)), max_size=16).map("".join)
#: any code point at all, lone surrogates included (broken text layers have them)
anything = st.text(alphabet=st.characters(codec=None, categories=None), max_size=60)
any_text = st.one_of(thai_soup, word_soup, anything)

ISO_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


# ---------------------------------------------------------------------------
# normalize.thai.repair
# ---------------------------------------------------------------------------


@FUZZ
@given(any_text)
@example("ด าัา")  # two passes of the pipeline meet (see thai._MAX_PASSES)
@example("\ud800ก\udfff")  # lone surrogates
@example("ำ" * 40)
def test_repair_never_raises_and_is_idempotent(text):
    once = thai.repair(text)
    assert isinstance(once, str)
    assert thai.repair(once) == once


@FUZZ
@given(any_text)
def test_repair_logged_agrees_with_repair(text):
    fixed, notes = thai.repair_logged(text)
    assert fixed == thai.repair(text)
    assert isinstance(notes, list) and all(isinstance(n, str) and n for n in notes)
    assert len(notes) == len(set(notes))


@FUZZ
@given(any_text)
def test_repair_leaves_no_private_use_or_zero_width_glyph(text):
    out = thai.repair(text)
    assert not any("\ue000" <= ch <= "\uf8ff" for ch in out)
    assert not any(ch in "\u200b\u200c\u200d\u2060\ufeff" for ch in out)


# ---------------------------------------------------------------------------
# normalize.join: wrap_space and join_lines
# ---------------------------------------------------------------------------

line_text = st.one_of(thai_soup, word_soup).map(lambda t: t.replace("\n", " ")).filter(str.strip)


@FUZZ
@given(any_text, any_text, st.booleans())
@example("", "", False)
@example(" ", "\n", True)
def test_wrap_space_is_a_space_or_nothing(a, b, had_space):
    assert wrap_space(a, b, had_space) in ("", " ")


def _ink(text: str) -> str:
    return re.sub(r"\s", "", text)


@FUZZ
@given(st.lists(line_text, min_size=1, max_size=5), st.floats(50, 800), st.booleans())
def test_join_lines_loses_and_reorders_nothing(texts, right_limit, with_width):
    """Joining wrapped lines only chooses the separators: "\\n", " " or ""."""
    lines = [line_of(t, top=100.0 + 16 * i) for i, t in enumerate(texts)]
    joined = join_lines(lines, right_limit, right_limit - 10 if with_width else None)
    assert isinstance(joined, str)
    assert _ink(joined) == "".join(_ink(ln.text) for ln in lines)


# ---------------------------------------------------------------------------
# normalize.dates.parse_period
# ---------------------------------------------------------------------------

fiscal_years = st.one_of(st.none(), st.integers(2400, 2700), st.integers(0, 99))


@FUZZ
@given(any_text, st.one_of(fiscal_years, st.integers(), st.text(max_size=6)))
@example("ต.ค. 67 - ก.ย. 68", None)
@example("ไตรมาส 4 - 1", 2568)
@example("99/99/9999", 2568)
def test_parse_period_never_raises(text, fy):
    start, end = parse_period(text, fy)
    assert (start is None) == (end is None)
    assert start is None or (isinstance(start, str) and isinstance(end, str))


@FUZZ
@given(any_text, fiscal_years)
def test_parse_period_gives_ordered_iso_months(text, fy):
    start, end = parse_period(text, fy)
    if start is not None:
        assert ISO_MONTH.match(start) and ISO_MONTH.match(end), (start, end)
        assert start <= end


MONTH_ABBR = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@FUZZ
@given(st.integers(1, 12), st.integers(0, 99), st.booleans(), st.sampled_from([" ", "", "  ", "\n"]))
def test_parse_period_reads_back_a_written_month(month, yy, thai_digits, gap):
    """Round trip: the cell a report would print for a month gives that month."""
    year = f"{yy:02d}".translate(THAI_DIGITS) if thai_digits else f"{yy:02d}"
    iso = f"{2500 + yy - 543:04d}-{month:02d}"
    assert parse_period(f"{MONTH_ABBR[month - 1]}{gap}{year}", None) == (iso, iso)


# ---------------------------------------------------------------------------
# normalize.numbers
# ---------------------------------------------------------------------------


@FUZZ
@given(any_text)
@example("1" * 400)  # float("1" * 400) is inf
@example("0" * 5000 + "1")
def test_parse_amount_never_raises(text):
    value = parse_amount(text)
    assert value is None or (isinstance(value, float) and value >= 0)


@FUZZ
@given(st.integers(0, 10**12), st.booleans(), st.sampled_from(["", " บาท", ".-", " บาท.-", ".- บาท", "บาท"]))
def test_parse_amount_reads_back_a_written_amount(n, thai_digits, suffix):
    text = f"{n:,}" + suffix
    if thai_digits:
        text = text.translate(THAI_DIGITS)
    assert parse_amount(text) == float(n)


@FUZZ
@given(any_text)
@example("(ไม่ใช้งบประมาณ)")
@example("งบประมาณ " + "1" * 400 + " บาท")
def test_split_budget_note_never_raises_and_keeps_the_name(measure):
    name, uses, baht = split_budget_note(measure)
    assert isinstance(name, str)
    assert uses is None or isinstance(uses, bool)
    assert baht is None or isinstance(baht, float)
    assert measure.startswith(name)  # the name is the cell up to its note, as written
    if uses is None:
        assert baht is None
    if baht is not None:
        assert uses is True and baht >= 0
    # what split_budget_note removed is a note on its own
    if uses is not None:
        assert parse_budget_note(measure[len(name):]) == (uses, baht)


@FUZZ
@given(word_soup, st.integers(0, 10**9), st.booleans())
def test_split_budget_note_reads_back_a_written_note(name, n, thai_digits):
    amount = f"{n:,}".translate(THAI_DIGITS) if thai_digits else f"{n:,}"
    name = name.strip() or "โครงการ"
    got_name, uses, baht = split_budget_note(f"{name} (งบประมาณ {amount} บาท)")
    assert (uses, baht) == (True, float(n))
    assert got_name == re.sub(r"[\s\u200b\u200c\u200d\u2060\ufeff]+\Z", "", name)


@FUZZ
@given(any_text)
def test_to_arabic_digits_keeps_length_and_is_idempotent(text):
    once = to_arabic_digits(text)
    assert len(once) == len(text)
    assert to_arabic_digits(once) == once
    assert not any("๐" <= ch <= "๙" for ch in once)


def test_examples_setting_is_a_number():
    """benchmarks/fuzz.py relies on it."""
    assert EXAMPLES >= 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(pytest.main([__file__, "-q"]))


def test_hostile_cells_are_handled():
    """Regression: long runs used to make these scans quadratic (30-50 s; the
    timing itself is watched by ``benchmarks/fuzz.py --long``, not here)."""
    from thaitab.normalize.numbers import parse_amount, split_budget_note
    from thaitab.normalize.thai import repair

    assert repair("ด า" * 3000 + "x").startswith("ดา")
    assert split_budget_note("(งบประมาณ " + " " * 30000 + "x")[1:] == (None, None)
    assert parse_amount("1" * 400) is None
