from thaitab.extract.chars import Char
from thaitab.extract.lines import group_lines, make_line
from tests.helpers import chars_of


def test_lines_are_grouped_top_to_bottom():
    chars = chars_of("บรรทัดสอง", top=130) + chars_of("บรรทัดหนึ่ง", top=100)
    assert [ln.text for ln in group_lines(chars)] == ["บรรทัดหนึ่ง", "บรรทัดสอง"]


def test_marks_stay_with_their_base_whatever_the_x_order():
    # a tone mark drawn right after its base but positioned at the next base's edge
    chars = [Char("ท", 10, 18, 0, 14, 14), Char("ี", 18, 18, 0, 14, 14), Char("่", 18, 18, 0, 14, 14),
             Char("จ", 18, 26, 0, 14, 14)]
    assert make_line(chars).text == "ที่จ"


def test_a_mark_inside_another_base_moves_to_it():
    # Word 2016 draws some marks late; the mark sits over "พ", not over "อ"
    chars = [Char("พ", 10, 20, 0, 14, 14), Char("อ", 20, 30, 0, 14, 14), Char("ื", 15, 15, 0, 14, 14)]
    assert make_line(chars).text == "พือ"


def test_wide_gap_reads_as_space():
    chars = chars_of("ITA") + chars_of("97", x=10 + 3 * 8 + 6)
    assert make_line(chars).text == "ITA 97"


def test_letter_spaced_text_is_not_split_into_words():
    # Word's distributed alignment puts every glyph 6 pt apart: "ก า ร" is one word
    chars = [Char(ch, 10 + 13 * i, 17 + 13 * i, 0, 16, 16) for i, ch in enumerate("การสนบสนน")]
    assert make_line(chars).text == "การสนบสนน"
    # a real word gap in such a line is still a space
    chars += [Char(ch, 10 + 13 * (9 + i) + 40, 17 + 13 * (9 + i) + 40, 0, 16, 16) for i, ch in enumerate("งบ")]
    assert make_line(chars).text == "การสนบสนน งบ"


def test_space_glyphs_drawn_over_letters_are_not_spaces():
    from thaitab.extract.chars import Char
    from thaitab.extract.lines import make_line

    letters = [Char(t, x, x + 7, 100, 116, 16) for t, x in zip("คณภาพ", (306.8, 313.5, 323.0, 330.4, 335.7))]
    phantoms = [Char(" ", x, x + 3.5, 100, 116, 16) for x in (309.1, 316.3, 327.0, 334.2)]
    assert make_line(letters + phantoms).text == "คณภาพ"
    word_gap = [Char("ก", 10, 17, 100, 116, 16), Char(" ", 17, 21, 100, 116, 16), Char("ข", 21, 28, 100, 116, 16)]
    assert make_line(word_gap).text == "ก ข"


def test_a_short_letter_spaced_run_is_one_word():
    from thaitab.extract.chars import Char
    from thaitab.extract.lines import make_line

    spread = [Char(t, x, x + 7, 100, 116, 16) for t, x in zip("ตาม", (61.7, 93.0, 116.5))]
    assert make_line(spread).text == "ตาม"
    word = [Char(t, 140 + 7 * i, 147 + 7 * i, 100, 116, 16) for i, t in enumerate("อธยาศย")]
    assert make_line(spread + word).text == "ตามอธยาศย"  # the gap after the run is no wider
    two = [Char("ก", 10, 17, 100, 116, 16), Char("ข", 40, 47, 100, 116, 16)]
    assert make_line(two).text == "ก ข"  # two letters are not a run


def test_a_typed_space_at_the_line_end_is_narrow():
    typed = make_line(chars_of("การรักษา ", x=10))  # a word processor's hanging space: one advance
    assert typed.ends_with_space
    gap = chars_of("หน่วยงานที่", x=10)
    wide = Char(" ", gap[-1].x1, gap[-1].x1 + 30, 100, 114, 14.0)  # OCR's space across a column gap
    assert not make_line(gap + [wide]).ends_with_space
    assert not make_line(chars_of("การรักษา", x=10)).ends_with_space


def test_the_space_gap_is_a_setting():
    from thaitab.extract.settings import use

    chars = chars_of("ITA") + chars_of("97", x=10 + 3 * 8 + 6)  # a gap of 6 pt = 0.43 em
    with use({"lines.space_gap_em": 0.5}):
        assert make_line(chars).text == "ITA97"  # a wider space gap: no space read there
    assert make_line(chars).text == "ITA 97"
