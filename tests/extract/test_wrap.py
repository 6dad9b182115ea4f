from thaitab.extract.wrap import first_word, item_number, list_goes_on, numbered, starts_item, wrapped
from tests.helpers import line_of


def test_item_numbers():
    assert numbered("1. จัดตั้ง") and numbered("2.1 วิเคราะห์") and numbered("(3) ก") and numbered("๑. ก")
    assert not numbered("97.86 คะแนน") and not numbered("12,000 บาท") and not numbered("2568 ก")
    assert starts_item("- มีการ") and starts_item("• ก") and not starts_item("ต.ค. 67")


def test_first_word_thai_and_latin():
    assert first_word("ประชาชนทราบ") == "ประชาชน"
    assert first_word("Google form") == "Google"


def test_a_word_that_would_have_fitted_means_a_deliberate_break():
    prev = line_of("สั้น")  # ends at x=42
    nxt = line_of("ประชุม", top=120)
    assert not wrapped(prev, nxt, right_limit=200)
    assert wrapped(prev, nxt, right_limit=60)


def test_no_break_after_a_full_stop_that_a_letter_follows():
    # Unicode line breaking (LB29): "อบต.โปร่งใส" moves to the next line whole
    assert first_word('"อบต.โปร่งใส"') == '"อบต.โปร่งใส'
    assert first_word("ม.ค. 68") == "ม.ค."


def test_two_thai_figures_are_not_a_word_cut_in_two():
    from thaitab.extract.wrap import splits_word

    assert not splits_word("๑", "๑")
    assert not splits_word("จำนวน ๒", "๕๖๖")
    assert splits_word("- กองสวัสดิการ", "สังคม")


def test_settings_wrap_slack_em_makes_close_calls_wraps():
    from thaitab.extract.settings import use

    prev = line_of("สั้น")
    nxt = line_of("ประชุม", top=120)
    assert not wrapped(prev, nxt, right_limit=200)
    with use({"text.wrap_slack_em": 20.0}):  # demand far more room for a deliberate break
        assert wrapped(prev, nxt, right_limit=200)


def test_item_numbers_read_thai_digits_and_levels():
    assert item_number("๔. จำนวนเครือข่าย") == (4,)
    assert item_number("1.2.3 โครงการ") == (1, 2, 3)
    assert item_number("จำนวน 4 ราย") is None


def test_a_cells_numbered_list_goes_on_only_with_the_next_number():
    cell = [line_of("1.ภาคีเครือข่ายมีความรู้"), line_of("2.จำนวนโครงการ"), line_of("3.การมีส่วนร่วม")]
    assert list_goes_on(cell, "4.จำนวนเครือข่ายที่เพิ่มขึ้น")
    assert not list_goes_on(cell, "1.ภาคีเครือข่าย")
    assert not list_goes_on(cell, "5.ข้ามไป")
    # one number per cell is a key column numbering its rows, not a list
    assert not list_goes_on([line_of("3.")], "4.")
