"""Thai month names as data: full names, abbreviations, short names, their numbers.

The names are pythainlp's (``thai_full_months``, ``thai_abbr_months``), written
out here so that the extractor (OCR spelling fixes) and the normalizer (period
cells, column evidence) read the same table without importing pythainlp.
"""
from __future__ import annotations

import re

__all__ = ["FULL_NAMES", "ABBREVIATIONS", "SHORT_NAMES", "MONTH_NUMBERS", "month_key", "month_number",
           "short_name", "abbreviation_pattern"]

#: มกราคม .. ธันวาคม, January first
FULL_NAMES: tuple[str, ...] = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
#: ม.ค. .. ธ.ค., January first
ABBREVIATIONS: tuple[str, ...] = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)

_GENDER_SUFFIX = re.compile(r"(?:คม|ยน|พันธ์)$")
_KEY_JUNK = re.compile(r"[\s.]")


def short_name(full: str) -> str:
    """A month's name without its ending: "มกราคม" -> "มกรา", "กุมภาพันธ์" -> "กุมภา"."""
    return _GENDER_SUFFIX.sub("", full)


#: มกรา .. ธันวา, January first
SHORT_NAMES: tuple[str, ...] = tuple(short_name(m) for m in FULL_NAMES)


def month_key(text: str) -> str:
    """Lookup key of a month spelling, white space and dots dropped: "ต. ค." -> "ตค"."""
    return _KEY_JUNK.sub("", text)


#: every spelling's key (:func:`month_key`) -> month number 1-12
MONTH_NUMBERS: dict[str, int] = {
    key: number
    for number, names in enumerate(zip(ABBREVIATIONS, FULL_NAMES, SHORT_NAMES), 1)
    for key in map(month_key, names)
}


def month_number(text: str) -> int | None:
    """Month 1-12 of a Thai month name or abbreviation ("ต.ค", "ตุลา"), else None."""
    return MONTH_NUMBERS.get(month_key(text)) if text else None


def abbreviation_pattern(abbr: str, between: str = r"\.\s?") -> str:
    """Regex for a dotted abbreviation ("มี.ค.") with ``between`` for its inner dot and
    no final dot: ``มี\\.\\s?ค\\.`` by default."""
    head, tail = [part for part in abbr.split(".") if part]
    return re.escape(head) + between + re.escape(tail) + r"\."
