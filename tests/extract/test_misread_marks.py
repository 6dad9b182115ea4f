"""Tests for extract.misread_marks: a mark the text layer calls a digit."""
from thaitab.extract.chars import Char
from thaitab.extract.glyph_shapes import UNREAD
from thaitab.extract.misread_marks import misread_marks, repair_misread_marks
from tests.helpers import chars_of


def _word(text: str, x: float = 10.0, top: float = 100.0) -> list[Char]:
    """Chars of ``text`` where "3" is a glyph of no advance (a raised tone mark
    whose /ToUnicode says "3")."""
    out = []
    for ch in chars_of(text.replace("3", "\u0e49"), x=x, top=top):
        if ch.text == "\u0e49" and text[len(out)] == "3":
            ch.text = "3"
        out.append(ch)
    return out


def test_a_digit_of_no_advance_over_a_thai_glyph_is_a_misnamed_mark():
    chars = _word("เก้าอี3") + chars_of("13", x=100.0)  # a real 13 has advances
    assert misread_marks(chars) == [6]


def test_the_mark_that_makes_words_is_chosen_for_every_glyph_of_that_text():
    chars = _word("เก้าอี3") + _word("ลิ3นชัก", x=100.0) + _word("ตั3งโต๊ะ", x=200.0)
    assert repair_misread_marks(chars) == 0
    assert "".join(c.text for c in chars) == "เก้าอี้ลิ้นชักตั้งโต๊ะ"


def test_votes_carry_over_from_earlier_pages_and_a_tie_stays_unread():
    votes: dict = {}
    assert repair_misread_marks(_word("เก้าอี3"), votes) == 0
    page2 = _word("ตั3ง")  # ตั้ง and ตั่ง are both words: alone, a tie
    assert repair_misread_marks(page2, votes) == 0 and page2[2].text == "\u0e49"
    alone = _word("ตั3ง")
    assert repair_misread_marks(alone) == 1 and alone[2].text == UNREAD


def test_a_slash_of_no_advance_over_a_thai_glyph_is_a_misnamed_mark_too():
    # LibreOffice maps Garuda's raised tone marks to "/" ("นิ/ว"); a real slash has an advance
    chars = [c if c.text != "3" else Char("/", c.x0, c.x1, c.top, c.bottom, c.size, c.bold)
             for c in _word("นิ3ว") + _word("ชั3น", x=100.0)] + chars_of("12/2566", x=200.0)
    assert misread_marks(chars) == [2, 6]
    assert repair_misread_marks(chars) == 0
    assert "".join(c.text for c in chars[:8]) == "นิ้วชั้น"
