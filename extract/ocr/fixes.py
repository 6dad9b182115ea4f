"""The few OCR text corrections that are safe: they only restore a fixed
spelling (month abbreviations misread around their dots, an item number's
period read as a comma). No correction changes a digit or guesses a letter."""
from __future__ import annotations

import re

from thaitab.extract.thai.charset import MARKS, SARA_U
from thaitab.extract.thai.months import ABBREVIATIONS as MONTHS

_MONTH_KEY = {m.replace(".", ""): m for m in MONTHS}  # "มีค" -> "มี.ค."
_MARK_CLASS = MARKS
# a token shaped like a month abbreviation: (เ) letter (marks) [. , space] letter
# (marks) (. ,), standing alone: after a space, "-", "(" or the line start and
# before a space, a digit, a dash ("-", or "=" "~" as OCR reads it), ")" or the line end
_MONTH_TOKEN = re.compile(
    rf"(?<![\u0e01-\u0e4f.,])(เ?[ก-ฮ][{_MARK_CLASS}]*\s?[.,]{{0,2}}[{_MARK_CLASS}]*\s?[ก-ฮ][{_MARK_CLASS}]*"
    r"(?:\s?[.,]{1,2})?)(?=\s|[0-9๐-๙]|[-=~–)]|$)"
)
# an item number read with a comma: "3, เผยแพร่" at the start of a line
_ITEM_COMMA = re.compile(r"^([0-9๐-๙]{1,2}),(\s+[\u0e01-\u0e4f])")


def fix_month(token: str) -> str:
    """A month abbreviation as OCR misreads it, spelt right; anything else as is.

    Only a token with a dot or a comma is touched. Its letters without the
    dots, commas and spaces must be those of one month ("ต. ค." "ต,ค." →
    "ต.ค."), or become so when a SARA U (no month has one: the dot "ก.ย." read
    as "กุย.") or a mark after the last letter (a speck read as a vowel,
    "ม.คิ.") is dropped. A real month is never turned into another one.
    """
    if "." not in token and "," not in token:
        return token
    # "ม.ค .-": the dot went with the next word; it is the abbreviation's
    space = " " if re.search(r"\s[.,]+$", token) else ""
    key = re.sub(r"[\s.,]", "", token)
    if key in _MONTH_KEY:
        return _MONTH_KEY[key] + space
    key = re.sub(f"[{_MARK_CLASS}]+$", "", key.replace(SARA_U, ""))
    return _MONTH_KEY[key] + space if key in _MONTH_KEY else token


def fix_ocr_text(text: str) -> str:
    """The few OCR corrections that are safe: they only restore a fixed spelling.

    * month abbreviations (:func:`fix_month`): "ต. ค." "ต,ค." "กุย." "ม.คิ.";
    * a line that starts with an item number followed by a comma and Thai text
      ("3, เผยแพร่") gets its period back ("3. เผยแพร่").

    Digits are never changed, Thai or Arabic, and no letter is ever guessed.
    """
    text = _ITEM_COMMA.sub(r"\1.\2", text)
    return _MONTH_TOKEN.sub(lambda m: fix_month(m.group(1)), text)
