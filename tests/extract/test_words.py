"""Tests for extract.thai.words: the dictionary newmm segments with."""
from __future__ import annotations

import random

import pytest
from pythainlp.tokenize import word_tokenize
from pythainlp.util import Trie

from thaitab.extract.thai import words
from thaitab.extract.thai.words import PrefixDictionary, dictionary, tokenize

LINES = [
    "ผู้อำนวยการโรงพยาบาลพิชัย",
    "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในองค์การบริหารส่วนตำบลหนองบัวแดง",
    "1. ประชุมคณะทำงานเพื่อวิเคราะห์ผลการประเมิน ครั้งที่ 2/2568",
    "คู่มือบนเว็บไซต์ อบต.โปร่งใส (ไม่ใช้งบประมาณ) ต.ค. 67 - ก.ย. 68",
    "บบญชชสรรปจจจ นวนโครงกจรพบฒนจททองถถถน",
    "",
    "   ",
    "abc 123 ๑๒๓",
]


@pytest.fixture(scope="module")
def trie() -> Trie:
    return Trie(words.words())


def test_prefixes_are_those_of_pythainlps_trie(trie):
    rng = random.Random(6)
    text = "".join(rng.sample(sorted(words.words()), 4000)) + "".join(LINES)
    d = dictionary()
    for i in range(len(text)):
        assert d.prefixes(text, i) == trie.prefixes(text, i), text[i:i + 20]


@pytest.mark.parametrize("keep_whitespace", [False, True])
def test_tokens_are_those_of_pythainlps_default_dictionary(keep_whitespace):
    for line in LINES:
        assert tokenize(line, keep_whitespace) == word_tokenize(
            line, engine="newmm", keep_whitespace=keep_whitespace)


def test_words_are_stripped_like_the_trie_stores_them():
    d = PrefixDictionary(frozenset({" ดี ", "ดีใจ", ""}))
    assert d.prefixes("ดีใจมาก") == ["ดี", "ดีใจ"]
    assert "ดี" in d and "ด" not in d and "" not in d
    assert d  # never falsy: newmm would fall back to its own trie


def test_tokenize_builds_no_trie(monkeypatch):
    dictionary()

    def boom(*_args, **_kwargs):
        raise AssertionError("a trie was filled")

    monkeypatch.setattr(Trie, "add", boom)
    assert tokenize("การทดสอบภาษาไทย") == ["การ", "ทดสอบ", "ภาษาไทย"]
