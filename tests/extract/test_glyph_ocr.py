"""Unread glyphs filled in from OCR of their word, only where the reading agrees."""
from __future__ import annotations

from thaitab.extract.chars import Char
from thaitab.extract.glyph_ocr import fill, word_of
from thaitab.extract.glyph_shapes import UNREAD


def test_an_unread_glyph_is_read_between_its_known_neighbours():
    known = ["ศ", "ู", "น", "ย", "์", "ป", "ฏ", "ิ", UNREAD, "ั", "ต", "ิ"]
    # Tesseract misread the start of the word; the glyph's own neighbours agree
    assert fill(known, "สูนย์ปฏิบัติ") == ["บ"]


def test_a_reading_that_disagrees_around_the_glyph_leaves_it_unread():
    known = ["ด", UNREAD, "า", "น"]
    assert fill(known, "ดต่าน") == [None]  # two characters where one glyph is
    assert fill(known, "คานาน") == [None]  # the neighbours are not there


def test_a_glyph_with_no_known_neighbour_is_not_guessed():
    assert fill([UNREAD], "0") == [None]
    # at a word's edge, the neighbours on the one side it has must agree
    assert fill([UNREAD, "5", "9", UNREAD], "2590") == ["2", "0"]
    assert fill([UNREAD, "5", "9", UNREAD], "2690") == [None, None]


def test_digits_and_latin_may_fill_a_glyph():
    assert fill(["0", "2", UNREAD, "9", "0"], "02590") == ["5"]


def _c(text, x0, x1):
    return Char(text, x0, x1, 100.0, 114.0, 14.0)


def test_word_of_stops_at_a_space_or_a_gap():
    chars = [_c("ก", 10, 17), _c("า", 17, 23), _c(" ", 23, 27), _c("ด", 27, 34), _c(UNREAD, 34, 40),
             _c("น", 40, 47), _c("ม", 60, 67)]
    assert word_of(chars, 4) == [3, 4, 5]
