"""The Thai core (extract.thai): the classes are what Unicode says, and every
table in it agrees with the authority it was written from."""
from __future__ import annotations

import unicodedata

import pytest

from thaitab.extract.thai import charset, months
from thaitab.extract.thai.continued import CONTINUED_MARK, strip_continued
from thaitab.extract.thai.pua import MAI_EK_FORMS, PUA_TO_THAI, THAI_PUA
from thaitab.extract.thai.reading import plain, plain_map

_BLOCK = [chr(c) for c in range(0x0E00, 0x0E80)]
_ASSIGNED = [ch for ch in _BLOCK if unicodedata.category(ch) != "Cn"]


def _in_class(body: str, ch: str) -> bool:
    import re

    return re.fullmatch(f"[{body}]", ch) is not None


def test_every_assigned_thai_character_is_in_exactly_one_class():
    classes = (charset.CONSONANTS, charset.LEADING_VOWELS, charset.FOLLOWING_VOWELS, charset.VOWELS_ABOVE,
               charset.VOWELS_BELOW, charset.TONE_MARKS, charset.SIGNS_ABOVE, charset.DIGITS, charset.SIGNS)
    for ch in _ASSIGNED:
        assert sum(ch in c for c in classes) == 1, unicodedata.name(ch)
    assert sum(len(c) for c in classes) == len(_ASSIGNED)


def test_marks_are_the_combining_characters_and_letters_the_spacing_ones():
    assert set(charset.MARKS) == {ch for ch in _ASSIGNED if unicodedata.category(ch) == "Mn"}
    assert all(unicodedata.category(ch) == "Lo" for ch in charset.LETTERS)
    assert set(charset.DIGITS) == {ch for ch in _ASSIGNED if unicodedata.category(ch) == "Nd"}


def test_predicates_and_regex_classes_agree():
    for ch in _BLOCK + ["a", "1", " ", "\uf70a"]:
        # U+0E01..U+0E5B: every assigned character (and the unassigned U+0E3B..U+0E3E among them)
        assert charset.is_thai(ch) == _in_class(charset.THAI, ch) == ("\u0e01" <= ch <= "\u0e5b")
        assert charset.is_consonant(ch) == (ch in charset.CONSONANTS)
        assert charset.is_thai_digit(ch) == (ch in charset.DIGITS)
        assert charset.is_mark(ch) == (ch in charset.MARKS)
        assert charset.is_thai_text(ch) == _in_class(charset.THAI_TEXT, ch)
        assert _in_class(charset.THAI_TEXT, ch) == (charset.is_thai(ch) and ch not in charset.DIGITS
                                                    and ch not in "\u0e4f\u0e5a\u0e5b")


def test_is_thai_letter_counts_what_ocr_counted():
    # extract/ocr.py's _is_thai_letter, applied to characters that are alphabetic
    def old(ch: str) -> bool:
        return "\u0e01" <= ch <= "\u0e2e" or "\u0e30" <= ch <= "\u0e33" or "\u0e40" <= ch <= "\u0e45"

    for ch in _BLOCK:
        if ch.isalpha():
            assert charset.is_thai_letter(ch) == old(ch), unicodedata.name(ch)


def test_thai_pua_range_is_the_harfbuzz_table():
    assert {chr(c) for c in PUA_TO_THAI} == {chr(c) for c in range(0xE000, 0xF900) if _in_class(THAI_PUA, chr(c))}
    assert MAI_EK_FORMS[0] == charset.MAI_EK and all(PUA_TO_THAI[ord(c)] == charset.MAI_EK for c in MAI_EK_FORMS[1:])


@pytest.mark.parametrize("mark", ["(ต่อ)", "( ต่อ )", "(ต ่ อ)", "(ต\uf70aอ)", "(ต\uf713อ)", "(\nต่อ\n)"])
def test_the_continued_mark_in_every_form(mark):
    assert CONTINUED_MARK.search(f"ตัวชี้วัด {mark}")
    assert strip_continued(f"ตัวชี้วัด{mark}") == "ตัวชี้วัด"


def test_continued_mark_needs_its_parentheses_and_letters():
    assert not CONTINUED_MARK.search("ต่อ") and not CONTINUED_MARK.search("(ต่อไป)")


def test_months_are_pythainlps():
    from pythainlp.util.date import thai_abbr_months, thai_full_months

    assert list(months.ABBREVIATIONS) == list(thai_abbr_months)
    assert list(months.FULL_NAMES) == list(thai_full_months)
    assert months.SHORT_NAMES[:2] == ("มกรา", "กุมภา")


@pytest.mark.parametrize("text,number", [("ต.ค.", 10), ("ต. ค.", 10), ("ตค", 10), ("ตุลาคม", 10), ("ตุลา", 10),
                                         ("มี.ค", 3), ("กุมภาพันธ์", 2), ("ธ.ค.", 12), ("ตุลาการ", None), ("", None)])
def test_month_number(text, number):
    assert months.month_number(text) == number


def test_ocr_months_are_the_core_abbreviations():
    # extract/ocr.py keeps its MONTHS name until it is switched to the core
    from thaitab.extract import ocr

    assert tuple(getattr(ocr, "MONTHS", months.ABBREVIATIONS)) == months.ABBREVIATIONS


def test_plain_reads_glyph_variants_as_letters():
    assert plain("ส\uf70aงเสริม") == "ส่งเสริม"
    assert plain("น\u0e4d\u0e49\u0e32") == "น\u0e49\u0e33"  # NIKHAHIT + tone + SARA AA: tone + SARA AM
    assert plain("ผ\u0e48\u0e39") == "ผ\u0e39\u0e48"  # tone before its vowel: vowel first
    assert plain("แบบ\u200bรายงาน") == "แบบรายงาน"
    assert all(plain(f"แบบ{z}รายงาน") == "แบบรายงาน" for z in charset.ZERO_WIDTH)
    flat, idx = plain_map("ก\u0e4d\u0e32ร")
    assert flat == "กำร" and idx == [0, 2, 3]
