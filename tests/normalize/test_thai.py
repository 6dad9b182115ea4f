"""Tests for thaitab.normalize.thai: text-level repairs of Thai PDF text layers.

The before/after strings are copied from real PDFs: the dev corpus text layers
(fixtures/thai_devcorpus_lines.json, every expected string checked against the
gold rows) and the real-world government PDFs described in
shared/realworld/CHARACTERISTICS.md (copied inline below, with the file they
come from). Nothing here reads outside the repository.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thaitab.normalize import thai
from thaitab.normalize.thai import (
    PUA_TO_THAI,
    compose_sara_am,
    dedupe_marks,
    drop_unknown_pua,
    fix_am_for_aa,
    fix_double_sara_e,
    join_space_before_am,
    map_pua,
    move_marks_before_am,
    non_dictionary_share,
    rejoin_split_digits,
    remove_space_before_marks,
    reorder_marks,
    repair,
    repair_logged,
    restore_am_from_replacement_char,
    restore_dropped_am,
    sort_marks,
    strip_zero_width,
    thai_ratio,
    tidy_spaces,
)

FIXTURES = Path(__file__).parent / "fixtures"
DEV_PAIRS = json.loads((FIXTURES / "thai_devcorpus_lines.json").read_text("utf-8"))["pairs"]


# ---------------------------------------------------------------------------
# 1. PUA
# ---------------------------------------------------------------------------

# (Windows PUA, Mac PUA, Unicode) as listed in HarfBuzz thai_pua_shape.
HARFBUZZ_TRIPLES = [
    (0xF70A, 0xF88B, "\u0e48"), (0xF70B, 0xF88E, "\u0e49"), (0xF70C, 0xF891, "\u0e4a"),
    (0xF70D, 0xF894, "\u0e4b"), (0xF70E, 0xF897, "\u0e4c"), (0xF718, 0xF89B, "\u0e38"),
    (0xF719, 0xF89C, "\u0e39"), (0xF71A, 0xF89D, "\u0e3a"),
    (0xF705, 0xF88C, "\u0e48"), (0xF706, 0xF88F, "\u0e49"), (0xF707, 0xF892, "\u0e4a"),
    (0xF708, 0xF895, "\u0e4b"), (0xF709, 0xF898, "\u0e4c"),
    (0xF713, 0xF88A, "\u0e48"), (0xF714, 0xF88D, "\u0e49"), (0xF715, 0xF890, "\u0e4a"),
    (0xF716, 0xF893, "\u0e4b"), (0xF717, 0xF896, "\u0e4c"), (0xF710, 0xF884, "\u0e31"),
    (0xF701, 0xF885, "\u0e34"), (0xF702, 0xF886, "\u0e35"), (0xF703, 0xF887, "\u0e36"),
    (0xF704, 0xF888, "\u0e37"), (0xF712, 0xF889, "\u0e47"), (0xF711, 0xF899, "\u0e4d"),
    (0xF70F, 0xF89A, "\u0e0d"), (0xF700, 0xF89E, "\u0e10"),
]


@pytest.mark.parametrize(("win", "mac", "uni"), HARFBUZZ_TRIPLES)
def test_map_pua_matches_harfbuzz_table(win, mac, uni):
    assert map_pua(chr(win)) == uni
    assert map_pua(chr(mac)) == uni


def test_pua_table_covers_both_ranges_exactly():
    assert set(PUA_TO_THAI) == set(range(0xF700, 0xF71B)) | set(range(0xF884, 0xF89F))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # corpus README examples
        ("ส\uf70aงเสริม", "ส่งเสริม"),
        ("องค\uf70eการ", "องค์การ"),
        ("ใต\uf70b", "ใต้"),
        # constitution-draft-2559-01-29.pdf p1
        ("ร\uf70aางเบื้องต\uf70bน วันศุกร\uf70e", "ร่างเบื้องต้น วันศุกร์"),
        ("รงเป\uf712นประมุข", "รงเป็นประมุข"),
        # constitution-draft-2559-03-29.pdf p1
        ("ในรัชกาลป\uf710จจุบัน", "ในรัชกาลปัจจุบัน"),
        # moi-reg-travel-expenses-2526.pdf p1
        ("ว\uf70aาด\uf70bวยค\uf70aาใช\uf70bจ\uf70aาย", "ว่าด้วยค่าใช้จ่าย"),
        # phichai-ethics-code-pdfmaker.pdf p1
        ("ข\uf70bอกําหนดจริยธรรมเจ\uf70bาหน\uf70bาที่", "ข้อกําหนดจริยธรรมเจ้าหน้าที่"),
        # THO THAN / YO YING without descender
        ("\uf700าน \uf70fาติ", "ฐาน ญาติ"),
    ],
)
def test_map_pua_real_strings(raw, expected):
    assert map_pua(raw) == expected


def test_pua_mark_before_its_vowel_ends_up_after_it():
    # a shifted MAI EK written before SARA II: mapping then mark order gives ที่
    assert map_pua("ท\uf70a\u0e35") == "ท\u0e48\u0e35"
    assert repair("ท\uf70a\u0e35") == "ที่"
    assert repair("ผ\uf70b\u0e39") == "ผู้"


def test_unknown_pua_dropped_and_symbol_bullets_mapped():
    assert drop_unknown_pua("a\ue000b\uf8ffc\U000f0001") == "abc"
    assert repair("\uf0b7 ข้อหนึ่ง") == "\u2022 ข้อหนึ่ง"
    text, notes = repair_logged("ก\ue123ข")
    assert text == "กข"
    assert notes == ["unknown private-use characters removed"]


# ---------------------------------------------------------------------------
# 2. zero width
# ---------------------------------------------------------------------------


def test_strip_zero_width_all_kinds():
    assert strip_zero_width("a\u200bb\u200cc\u200dd\u2060e\ufefff\u00adg") == "abcdefg"
    assert strip_zero_width("ไม่มี") == "ไม่มี"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # dev14_huaisaingam_2567.pdf (mPDF-style ZWSP after each word)
        ("แบบ\u200bรายงาน\u200bผล\u200bการ\u200bขับเคลื่อน", "แบบรายงานผลการขับเคลื่อน"),
        ("ประจำปีงบประมาณ\u200b 2567", "ประจำปีงบประมาณ 2567"),
        # phichai-esaraban-memo.pdf p1: ZWSP, PUA MAI THO and decomposed SARA AM together
        ("เรียน\u200b ผู\uf70b\u200bอํานวย\u200bการ\u200bโรง\u200bพยาบาล", "เรียน ผู้อำนวยการโรงพยาบาล"),
    ],
)
def test_zero_width_real_strings(raw, expected):
    assert repair(raw) == expected


def test_zero_width_before_pua_mark_joins_its_base():
    # phichai-esaraban-memo.pdf: "\u200b\uf70e" (ZWSP glued before a PUA THANTHAKHAT)
    assert repair("ประโยชน\u200b\uf70e") == "ประโยชน์"


# ---------------------------------------------------------------------------
# 3. sara am composition
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("น\u0e4d\u0e49\u0e32", "น้ำ"),  # HarfBuzz order: NIKHAHIT before the tone
        ("น\u0e49\u0e4d\u0e32", "น้ำ"),  # tone first
        ("สํานักงาน", "สำนักงาน"),
        ("กําหนด", "กำหนด"),
        ("ด\u0e4d\u0e32เนิน", "ดำเนิน"),  # corpus README
        ("สำานักงาน", "สำนักงาน"),  # budget2565-doc3-vol17.pdf (SARA AA mapped twice)
        ("ไม่มีอะไร", "ไม่มีอะไร"),
    ],
)
def test_compose_sara_am(raw, expected):
    assert compose_sara_am(raw) == expected


def test_nfkc_would_split_sara_am_but_repair_never_does():
    import unicodedata

    assert unicodedata.normalize("NFKC", "ำ") == "\u0e4d\u0e32"  # why NFKC is banned
    assert repair("น้ำ ดำเนินการ") == "น้ำ ดำเนินการ"
    assert tidy_spaces("น้ำ") == "น้ำ"


def test_fix_double_sara_e():
    assert fix_double_sara_e("เเละ") == "และ"
    assert fix_double_sara_e("และเเปลก") == "และแปลก"


# ---------------------------------------------------------------------------
# 4. marks
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ข้้อความ", "ข้อความ"),  # fixthaipdf README
        ("รายจ่่าย", "รายจ่าย"),  # budget2565-doc3-vol17.pdf
        ("ถ ึง", "ถึง"),  # pdf-inspector PR #249
        ("ต ้องการ", "ต้องการ"),
        ("กลับเป็นซ ้ำร้อยละ 85", "กลับเป็นซ้ำร้อยละ 85"),  # nysso-strategy-slide-table.pdf
        ("ระบบดิ ิจิตอล", "ระบบดิจิตอล"),  # budget reference csv: space + doubled SARA I
        ("ผ\u0e49\u0e39รับผิดชอบ", "ผู้รับผิดชอบ"),  # LibreOffice drawing order (dev01)
        ("เอกสิทธ\u0e4c\u0e34", "เอกสิทธิ์"),  # constitution reference text
        ("ดำ\u0e49น", "ด\u0e49ำน"),  # PowerPoint: tone after SARA AM
        ("เครื่องยนต ์C-17 ใหม่", "เครื่องยนต์ C-17 ใหม่"),  # satang-word-misorder.pdf
    ],
)
def test_reorder_marks(raw, expected):
    assert reorder_marks(raw) == expected


def test_reorder_marks_parts():
    assert move_marks_before_am("ก\u0e33\u0e48") == "ก\u0e48\u0e33"
    assert remove_space_before_marks("ถ ึง") == "ถึง"
    assert dedupe_marks("ข\u0e49\u0e49") == "ข\u0e49"
    assert sort_marks("ท\u0e48\u0e35") == "ที่"


def test_reorder_marks_leaves_what_it_cannot_place():
    assert reorder_marks(" \u0e48ก") == " \u0e48ก"  # no Thai base before the space
    assert reorder_marks("A \u0e49") == "A \u0e49"
    # an above and a below vowel on one consonant is garbage either way: kept
    assert reorder_marks("ยต\u0e38\u0e34ธรรม") == "ยต\u0e38\u0e34ธรรม"
    # valid text is untouched
    valid = "ที่ผู้น้ำกี่ปี่เรื่องสิทธิ์ศักดิ์สิทธิ์"
    assert reorder_marks(valid) == valid


# ---------------------------------------------------------------------------
# 5. sara am lost to a space (Word) or to U+FFFD
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ส านักงาน", "สำนักงาน"),
        ("ประจ าปี", "ประจำปี"),
        ("ด าเนินการ", "ดำเนินการ"),
        ("น้ าท่วม", "น้ำท่วม"),
        ("บ่อน้ าค า", "บ่อน้ำคำ"),
        # dev13_bonamkham_2568.pdf title line
        ("เทศบาลต าบลบ่อน้ าค า อ าเภอเมือง จังหวัดขอนแก่น", "เทศบาลตำบลบ่อน้ำคำ อำเภอเมือง จังหวัดขอนแก่น"),
        # gazette-2566-dissolution.pdf p1
        ("ด้วยนายกรัฐมนตรีได้น าความกราบบังคมทูลฯ", "ด้วยนายกรัฐมนตรีได้นำความกราบบังคมทูลฯ"),
        ("ด าเนินไปอย่างต่อเนื่อง", "ดำเนินไปอย่างต่อเนื่อง"),
        # nysso-procurement-analysis-2562.pdf p1
        ("ส านักงานสาธารณสุขอ าเภอหนอง", "สำนักงานสาธารณสุขอำเภอหนอง"),
        # hangdong-*-w2016.pdf: Word 2016 puts the space before the tone
        ("ท่อระบายน ้ามีไม่เพียงพอ", "ท่อระบายน้ำมีไม่เพียงพอ"),
        ("อย่างสม ่าเสมอ", "อย่างสม่ำเสมอ"),
        ("ไม่ต ่ากว่าร้อยละ 5", "ไม่ต่ำกว่าร้อยละ 5"),
        # phichai-ethics-action-plan-canva.pdf
        ("ค าน า", "คำนำ"),
        ("คิด พูด ท า ในทางที่เป็นคุณ", "คิด พูด ทำ ในทางที่เป็นคุณ"),
    ],
)
def test_restore_dropped_am(raw, expected):
    assert restore_dropped_am(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "เก าะ",  # "เกำะ" is no word: a stray gap inside เกาะ stays for a human
        "แ ผ น ป ฏิ บั ติ ร า ช ก า ร",  # letter-spaced Canva title
        "a า",
        "สำนักงาน ราคา",
    ],
)
def test_restore_dropped_am_leaves(text):
    assert restore_dropped_am(text) == text


def test_restore_am_from_replacement_char():
    # budget2565-doc3-vol17.pdf cover
    raw = "ประจ\ufffdาปีงบประมาณ พ.ศ. ๒๕๖๕"
    assert restore_am_from_replacement_char(raw) == "ประจำปีงบประมาณ พ.ศ. ๒๕๖๕"
    assert restore_am_from_replacement_char("ab\ufffdc") == "ab\ufffdc"


def test_dropped_am_is_repaired_before_spaces_before_marks():
    # Word 2016 " ้า": joining the space first would give the word น้า (aunt)
    assert repair("ระบายน ้า") == "ระบายน้ำ"


# ---------------------------------------------------------------------------
# 6. sara am drawn for sara aa (PowerPoint)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # phichai-org-chart-pptx.pdf
        ("ผู้อ ำนวยกำรโรงพยำบำลพิชัย", "ผู้อำนวยการโรงพยาบาลพิชัย"),
        ("นำยแพทย์เชี่ยวชำญ", "นายแพทย์เชี่ยวชาญ"),
        ("กลุ่มงำนบริกำรทำงกำรแพทย์", "กลุ่มงานบริการทางการแพทย์"),
        ("นำยแพทย์ช ำนำญกำร", "นายแพทย์ชำนาญการ"),
        ("นักกำยภำพบ ำบัดช ำนำญกำร", "นักกายภาพบำบัดชำนาญการ"),
        # nysso-strategy-slide-table.pdf
        ("ยุทธศำสตร์", "ยุทธศาสตร์"),
        ("กำรดำเนินงำน", "การดำเนินงาน"),
        ("เป้ำประสงค์  1.ประชำชน", "เป้าประสงค์  1.ประชาชน"),
        ("หญิงอำยุ 15-19ปี", "หญิงอายุ 15-19ปี"),
        ("ด้ำนอนำมัยสิ่งแวดล้อมและอำชีวอนำมัย", "ด้านอนามัยสิ่งแวดล้อมและอาชีวอนามัย"),
        ("4) ระดับควำมส ำเร็จกำร", "4) ระดับความสำเร็จการ"),
        # phichai-procurement-analysis-2567.pdf headings
        ("สำรบัญ", "สารบัญ"),
        ("หน้ำ", "หน้า"),
        ("๔.ควำมสำมำรถในกำรประหยัดงบประมำณ", "๔.ความสามารถในการประหยัดงบประมาณ"),
    ],
)
def test_fix_am_for_aa(raw, expected):
    assert fix_am_for_aa(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ดำเนินการ",
        "สำนักงาน",
        "น้ำ",
        "จำนวน",
        "น้ำดำ",  # more SARA AM than SARA AA, all real
        "ดำน้ำ",
        "จำนำ",
        "นำมา",
        "ยำ",  # a word in both spellings (ยำ/ยา): kept
        "สำนักงานจำนวนคำ",
    ],
)
def test_fix_am_for_aa_keeps_real_sara_am(text):
    assert fix_am_for_aa(text) == text


def _drawn_spellings_reference() -> tuple[dict[str, str], object]:
    """The PowerPoint key map and trie as they were built before
    :class:`thai._AmForAaDictionary` (every SARA AA word re-spelt, clashes and
    real words dropped, one trie over dictionary + keys): the reference."""
    from pythainlp.corpus import thai_words
    from pythainlp.util import Trie

    words = frozenset(thai_words())
    keys: dict[str, str] = {}
    clashes: set[str] = set()
    for w in words:
        if "\u0e32" not in w:
            continue
        k = w.replace("\u0e32", "\u0e33")
        if k in words:
            continue
        if k in keys and keys[k] != w:
            clashes.add(k)
        keys[k] = w
    for k in clashes:
        del keys[k]
    return keys, Trie(list(words) + list(keys))


def test_drawn_spellings_match_a_trie_of_dictionary_and_keys():
    """The walk over the default trie answers exactly as the second trie did:
    same word for every key, none for real words, same prefixes everywhere."""
    import random

    keys, trie = _drawn_spellings_reference()
    assert all(thai._aa_word(k) == w for k, w in keys.items())
    am_words = [w for w in thai.words() if "\u0e33" in w]
    assert all(thai._aa_word(w) is None for w in am_words)
    rng = random.Random(6)
    pieces = rng.sample(sorted(keys), 3000) + rng.sample(sorted(thai.words()), 3000)
    rng.shuffle(pieces)
    text = "".join(pieces) + "ผู้อำนวยกำรโรงพยำบำลพิชัย กำรดำเนินงำน ยำ น้ำ สำนักปลัด"
    drawn = thai._AmForAaDictionary()
    for i in range(len(text)):
        assert drawn.prefixes(text, i) == trie.prefixes(text, i), text[i:i + 20]


def test_fix_am_for_aa_builds_no_trie(monkeypatch):
    # the repair walks the one dictionary of thaitab.extract.thai.words; no pythainlp trie is filled
    from pythainlp.util import trie as trie_module

    for cache in (thai._am_tokens, thai._aa_word, thai._tokens):
        cache.cache_clear()
    thai.words()

    def boom(*_args, **_kwargs):
        raise AssertionError("a trie was filled")

    monkeypatch.setattr(trie_module.Trie, "add", boom)
    assert fix_am_for_aa("ผู้อ ำนวยกำรโรงพยำบำลพิชัย") == "ผู้อำนวยการโรงพยาบาลพิชัย"
    assert fix_am_for_aa("สำนักปลัด") == "สำนักปลัด"


def test_join_space_before_am():
    assert join_space_before_am("ค ำน ำ") == "คำนำ"  # Canva
    assert join_space_before_am("น้ ำใจ") == "น้ำใจ"
    assert join_space_before_am("a ำ") == "a ำ"


# ---------------------------------------------------------------------------
# 7. split numbers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # budget2565-doc3-vol17.pdf (million baht, four decimals)
        ("4 78.9665", "478.9665"),
        ("2 82.8268", "282.8268"),
        ("7 8.4590", "78.4590"),
        ("2 04.3678", "204.3678"),
        ("รวม 1 92.0550 ล้านบาท", "รวม 192.0550 ล้านบาท"),
        ("1 2,345", "12,345"),
        ("4 78,966,500 บาท", "478,966,500 บาท"),
        # poknoi-pr4-cost-estimate.pdf
        ("1 ,845.80", "1,845.80"),
        ("4 05.00", "405.00"),
        ("(1 2,345)", "(12,345)"),
        ("๔ ๗๘.๙๖๖๕", "๔๗๘.๙๖๖๕"),
        ("๒ ๐๔.๓๖๗๘", "๒๐๔.๓๖๗๘"),
    ],
)
def test_rejoin_split_digits(raw, expected):
    assert rejoin_split_digits(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ข้อ 1 2 3",
        "ปี 2567 2568",
        "หมู่ 5 10 ครัวเรือน",
        "1 50.00",  # count then percentage (two columns)
        "5.1 5 13.89",
        "1 0.5",  # "0.5" is a well-formed number
        "1 0.500",
        "1 2 3,456",  # a list: the digit follows another number
        "๖ ๕๘๑,๐๙๖.๐๐",  # first group would have four digits
        "12 3,456",  # not a single leading digit
        "4 ๗๘.๙๖๖๕",  # scripts mixed
        "1 2,345,6",
        "ข้อ1 2,345",  # digit glued to a word
    ],
)
def test_rejoin_split_digits_leaves_lists(text):
    assert rejoin_split_digits(text) == text


# ---------------------------------------------------------------------------
# 8. spaces
# ---------------------------------------------------------------------------


def test_tidy_spaces():
    assert tidy_spaces("  a  b \n\n c ") == "a b\n\nc"
    assert tidy_spaces("\nก\tข\u00a0ค\r\nง\r") == "ก ข ค\nง"
    assert tidy_spaces("e\u0301") == "\u00e9"  # NFC
    assert tidy_spaces("ต.ค. ๖๗ - ก.ย. ๖๘") == "ต.ค. ๖๗ - ก.ย. ๖๘"  # Thai digits kept


# ---------------------------------------------------------------------------
# pipeline
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pair", DEV_PAIRS, ids=lambda p: p["source"][:5] + ":" + p["expected"][:12]
)
def test_dev_corpus_lines(pair):
    text, notes = repair_logged(pair["raw"])
    assert text == pair["expected"]
    assert notes == pair["notes"]
    assert repair(text) == text


def test_repair_logged_notes_in_order():
    raw = "เรียน\u200b ผู\uf70b\u200bอํานวย\u200bการ ส านักงาน ข้้อ 4 78.9665"
    text, notes = repair_logged(raw)
    assert text == "เรียน ผู้อำนวยการ สำนักงาน ข้อ 478.9665"
    assert notes == [
        "zero-width characters removed",
        "PUA glyphs mapped",
        "sara am restored from a space",
        "sara am composed",
        "doubled marks removed",
        "split number rejoined",
    ]
    assert repair(raw) == text


def test_repair_logged_clean_text_has_no_notes():
    clean = "มาตรการส่งเสริมคุณธรรมและความโปร่งใส (ไม่ใช้งบประมาณ) จำนวน ๑ ฉบับ"
    assert repair_logged(clean) == (clean, [])
    assert repair_logged("  two  spaces ") == ("two spaces", [])  # tidying is not reported


def _refuse_everywhere(monkeypatch, names, fake) -> None:
    """Replace ``names`` by ``fake`` in thaitab.normalize.thai and every module of it."""
    import importlib
    import pkgutil

    modules = [thai] + [importlib.import_module(f"thaitab.normalize.thai.{m.name}")
                        for m in pkgutil.iter_modules(thai.__path__)]
    for module in modules:
        for name in names:
            if hasattr(module, name):
                monkeypatch.setattr(module, name, fake)


def test_clean_text_never_touches_the_dictionary(monkeypatch):
    def boom(*_args, **_kwargs):
        raise AssertionError("dictionary used")

    _refuse_everywhere(monkeypatch, ("_tokens", "_am_tokens"), boom)
    for clean in [
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในองค์การบริหารส่วนตำบลหนองบัวแดง",
        "1. ประชุมคณะทำงานเพื่อวิเคราะห์ผลการประเมิน ครั้งที่ 2/2568",
        "ผลการดำเนินการ (Output)",
        "",
    ]:
        assert repair(clean) == clean


def test_sara_am_heavy_clean_text_is_checked_but_kept():
    # more SARA AM than SARA AA: the PowerPoint check runs (dictionary) and keeps it
    for clean in [
        "สำนักปลัด",
        "1. ประชุมคณะทำงาน ครั้งที่ 2/2568 ณ สำนักปลัด",
        "มีคำสั่งมอบอำนาจ จำนวน 7 ฉบับ",
    ]:
        assert repair_logged(clean) == (clean, [])


def test_a_clean_cell_never_reaches_the_dictionary(monkeypatch):
    """The usual cell takes the fast path: a few regex searches, no word list,
    no segmentation (speed itself is measured by benchmarks/bench.py)."""
    import thaitab.normalize.thai as thai

    def refuse(*_a, **_k):
        raise AssertionError("the dictionary was consulted for a clean cell")

    _refuse_everywhere(monkeypatch, ("_words", "_tokens", "words", "dictionary", "tokenize"), refuse)
    clean = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในองค์การบริหารส่วนตำบลหนองบัวแดง (ไม่ใช้งบประมาณ) 2568"
    assert repair(clean) == clean


# ---------------------------------------------------------------------------
# measures
# ---------------------------------------------------------------------------


def test_thai_ratio():
    assert thai_ratio("") == 0.0
    assert thai_ratio("   ") == 0.0
    assert thai_ratio("กขค abc") == 0.5
    assert thai_ratio("ส\uf70aง") == 1.0  # PUA Thai glyphs count as Thai
    assert thai_ratio("j . v _,rttnartunuragiruaul") == 0.0  # garbage OCR layer


def test_non_dictionary_share():
    assert non_dictionary_share("") == 0.0
    assert non_dictionary_share("hello 123") == 0.0
    assert non_dictionary_share("ผู้อำนวยการโรงพยาบาลพิชัย") == 0.0
    assert non_dictionary_share("ประจำปีงบประมาณ พ.ศ. 2568 ต.ค. อบต. ต่าง ๆ") == 0.0
    # hangdong-dev-projects-garbled-calc.pdf: wrong ToUnicode (substitution cipher)
    assert non_dictionary_share("บบญชชสรรปจจจ นวนโครงกจรพบฒนจททองถถถน") > 0.4
    # the PowerPoint glitch reads worse than its repair
    assert non_dictionary_share("ผู้อ ำนวยกำรโรงพยำบำลพิชัย") > 0.2


# ---------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------

CONSONANTS = [chr(c) for c in range(0x0E01, 0x0E2F)]
VOWELS = list("ะาำเแโใไๅ") + [chr(c) for c in (0x0E31, *range(0x0E34, 0x0E3B), 0x0E47)]
MARKS = ["\u0e48", "\u0e49", "\u0e4a", "\u0e4b", "\u0e4c", "\u0e4d", "\u0e4e"]
PUA = [
    chr(c)
    for c in (0xF700, 0xF701, 0xF705, 0xF70A, 0xF70B, 0xF70E, 0xF70F, 0xF710, 0xF711, 0xF712,
              0xF718, 0xF884, 0xF889, 0xF88B, 0xF899, 0xF89A, 0xF89E, 0xF0B7, 0xE000, 0xF8FF)
]
ZW = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
SPACES = [" ", " ", " ", "\n", "\t", "\u00a0"]
DIGITS = list("0123456789๐๑๒๓๔๕๖๗๘๙") + [",", "."]
LATIN = list("abcXYZ-()/") + ["\ufffd"]
# whole words and glitch fragments, so the dictionary steps get exercised
PIECES = [
    "การ", "กำร", "ดำเนิน", "ด าเนิน", "ส านัก", "สำนัก", "น้ า", "น ้า", "น\u0e4d\u0e49\u0e32",
    "งำน", "ควำม", "ยำ", "ผู้อ ำนวย", "ข้้อ", "ถ ึง", "ส\uf70aง", "ป\uf710จจุบัน", "4 78.9665",
    "1 2,345", "ประจ\ufffdาปี", "ร า ช",
    "ที่", "น้ำ", "เเละ", "า", " า", "ำ", " ำ",
]

ALPHABET = CONSONANTS + VOWELS + MARKS + PUA + ZW + SPACES + DIGITS + LATIN
thai_soup = st.text(alphabet=st.sampled_from(ALPHABET), max_size=40)
word_soup = st.lists(
    st.one_of(st.sampled_from(PIECES), st.sampled_from(ALPHABET)),
    max_size=12,
).map("".join)
any_text = st.one_of(thai_soup, word_soup)

PROPERTY_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(any_text)
def test_repair_is_idempotent(text):
    once = repair(text)
    assert repair(once) == once


@PROPERTY_SETTINGS
@given(any_text)
def test_repair_logged_matches_repair(text):
    assert repair_logged(text)[0] == repair(text)


@PROPERTY_SETTINGS
@given(any_text)
def test_repair_never_emits_pua(text):
    assert not any("\ue000" <= ch <= "\uf8ff" for ch in repair(text))


def _consonants(text: str) -> Counter[str]:
    mapped = text.translate({0xF700: "ฐ", 0xF89E: "ฐ", 0xF70F: "ญ", 0xF89A: "ญ"})
    return Counter(ch for ch in mapped if "\u0e01" <= ch <= "\u0e2e")


@PROPERTY_SETTINGS
@given(any_text)
def test_repair_keeps_every_thai_consonant(text):
    assert _consonants(repair(text)) == _consonants(text)


CLEAN_WORDS = [
    "การ", "ดำเนิน", "สำนัก", "น้ำ", "ที่", "ผู้", "สิทธิ์", "กำหนด", "ปี", "๒๕๖๘", "2568", "1,000",
    "(ITA)", "-", "ๆ",
]
clean_thai = st.lists(
    st.tuples(st.sampled_from(CLEAN_WORDS), st.sampled_from(["", "", " ", "\n"])), max_size=10
).map(lambda parts: "".join(w + sep for w, sep in parts).strip())


@PROPERTY_SETTINGS
@given(st.one_of(clean_thai, any_text))
def test_fast_path_is_sound(text):
    """Text the fast path lets through is text every step leaves alone."""
    assert thai._needs_work(text) or thai._run_steps(text, None) == text


non_thai_text = st.text(
    alphabet=st.sampled_from(list("abcxyzABC0123456789.,;:-()/'\"!? \n") + [" ", "é", "ß", "中"]),
    max_size=40,
).map(tidy_spaces)


@PROPERTY_SETTINGS
@given(non_thai_text)
def test_non_thai_tidy_text_only_gets_split_numbers_rejoined(text):
    """Text with no Thai, PUA, zero-width or U+FFFD character that is already tidy
    (tidy_spaces(text) == text) comes back unchanged, except that a split number
    ("1 2,345") is rejoined: repair(text) == rejoin_split_digits(text)."""
    assert repair(text) == rejoin_split_digits(text)


def test_only_a_layer_writing_sara_am_alone_is_read_as_powerpoint():
    from thaitab.normalize.thai import repair, writes_am_alone

    # LibreOffice and Distiller spell SARA AM in two characters: a real SARA AM, whatever word it is in
    assert not writes_am_alone("เครื่องคำานวนเลข") and not writes_am_alone("เครื่องค\u0e4dานวนเลข")
    assert writes_am_alone("ไปปฏิบัติอย่ำงจริงจัง") and not writes_am_alone("ราคา")
    assert repair("เครื่องคำานวนเลข", am_for_aa=False) == "เครื่องคำนวนเลข"
    assert repair("เครื่องคำนวนเลข", am_for_aa=False) == "เครื่องคำนวนเลข"  # idempotent under the same reading
    assert repair("ไปปฏิบัติอย่ำงจริงจัง") == "ไปปฏิบัติอย่างจริงจัง"
