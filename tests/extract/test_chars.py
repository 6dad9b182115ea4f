from thaitab.extract.chars import NIKHAHIT, clean_chars
from tests.helpers import raw


def test_fake_bold_copies_are_dropped():
    text = "ประเด็น"
    first = [raw(ch, 10 + 8 * i, font="Laksaman-Bold") for i, ch in enumerate(text)]
    copy = [raw(ch, 10.3 + 8 * i, font="Laksaman-Bold") for i, ch in enumerate(text)]
    out = clean_chars(first + copy)
    assert "".join(c.text for c in out) == text
    assert all(c.bold for c in out)


def test_repeated_letters_are_kept():
    out = clean_chars([raw("ร", 10), raw("ร", 18)])
    assert [c.text for c in out] == ["ร", "ร"]


def test_zero_width_space_glued_to_a_glyph_is_removed():
    out = clean_chars([raw("น\u200b", 10), raw("ก", 18)])
    assert [c.text for c in out] == ["น", "ก"]


def test_zero_width_space_glyph_before_sara_aa_is_a_nikhahit():
    # Word 2007-2013: "ส านัก" where the NIKHAHIT glyph maps to a space of no width
    chars = [raw("ส", 10), raw(" ", 18, width=0), raw("า", 18), raw("น", 26)]
    out = clean_chars(chars)
    assert "".join(c.text for c in out) == "ส" + NIKHAHIT + "าน"


def test_a_real_space_stays():
    out = clean_chars([raw("ก", 10), raw(" ", 18, width=4), raw("า", 22)])
    assert "".join(c.text for c in out) == "ก า"


def test_rotated_glyphs_are_dropped():
    c = raw("ก", 10)
    c["upright"] = False
    assert clean_chars([c, raw("ข", 20)])[0].text == "ข"


def test_settings_zero_width_space_em_decides_which_spaces_are_a_nikhahit():
    from thaitab.extract.settings import use

    # a 0.5 pt space at 14 pt is under the default 0.05 em (0.7 pt): a NIKHAHIT
    chars = [raw("ส", 10), raw(" ", 18, width=0.5), raw("า", 18.5), raw("น", 26)]
    assert "".join(c.text for c in clean_chars(chars)) == "ส" + NIKHAHIT + "าน"
    with use({"text.zero_width_space_em": 0.01}):  # narrower than the glyph: a real space
        assert "".join(c.text for c in clean_chars(chars)) == "ส าน"


def test_settings_fake_bold_offset_pt_decides_which_copies_are_dropped():
    from thaitab.extract.settings import use

    chars = [raw("ก", 10), raw("ก", 10.3)]
    assert len(clean_chars(chars)) == 1
    with use({"text.fake_bold_offset_pt": 0.2}):  # a copy 0.3 pt away is now a second glyph
        assert len(clean_chars(chars)) == 2


def test_a_sara_am_of_no_advance_is_the_nikhahit_of_a_two_glyph_sara_am():
    # Word with Laksaman: "น้ำ" drawn as น, a nikhahit glyph named SARA AM, ้, า
    chars = [raw("น", 10), raw("\u0e33", 18, width=0), raw("\u0e49", 18, width=0), raw("\u0e32", 18)]
    assert "".join(c.text for c in clean_chars(chars)) == "น" + NIKHAHIT + "\u0e49\u0e32"
    assert clean_chars([raw("ค", 10), raw("\u0e33", 18)])[1].text == "\u0e33"  # a real SARA AM has an advance
