"""Numbers in Thai report cells: Thai digits, baht amounts and budget notes.

ITA reports print amounts as "20,000", "๒๐,๐๐๐" or "20000.-", and the
measure (project) cell often ends with a budget note such as
"(ไม่ใช้งบประมาณ)" or "งบประมาณ 20,000 บาท". Text extracted from PDFs may
carry stray spaces, line breaks or zero-width characters anywhere, so the
patterns below tolerate whitespace between every character of a keyword.
"""

from __future__ import annotations

import math
import re

from pythainlp.util import thai_digit_to_arabic_digit

from thaitab.extract.thai.charset import ZERO_WIDTH_FORMAT

__all__ = [
    "parse_amount",
    "parse_budget_note",
    "split_budget_note",
    "to_arabic_digits",
]

# Whitespace as it comes out of PDF text layers, zero-width characters included.
_WS = rf"[\s{ZERO_WIDTH_FORMAT}]"
_WS_RE = re.compile(_WS)
_NUMBER_JUNK_RE = re.compile(_WS + "|,")

# Thai number words that scale an amount ("1.5 ล้านบาท").
_MULTIPLIERS: dict[str, float] = {
    "ล้าน": 1_000_000.0,
    "แสน": 100_000.0,
    "หมื่น": 10_000.0,
}


def _spaced(word: str) -> str:
    """Regex for ``word`` that allows whitespace between any two characters."""
    return (_WS + "*").join(re.escape(ch) for ch in word)


_MULT_RE_PART = "|".join(_spaced(w) for w in _MULTIPLIERS)

# First number in a text: "1,234.50", "20000", "20, 000" (space around commas).
_AMOUNT_RE = re.compile(
    r"(?<![\d.])(?P<num>\d+(?:" + _WS + r"*," + _WS + r"*\d+)*(?:\.\d+)?)"
    r"(?:" + _WS + r"*(?P<mult>" + _MULT_RE_PART + r"))?"
)

_USE = _spaced("ใช") + _WS + r"*[่้]?"  # ใช้, and the common typo ใช่
_BUDGET = _spaced("งบประมาณ")
_BAHT = r"(?:" + _spaced("บาท") + r"|บ" + _WS + r"*\.)"
_NEG = (
    _spaced("ไม่") + r"(?:" + _WS + r"*" + _spaced("ได้") + r")?"
    + _WS + r"*(?:" + _USE + r"|" + _spaced("มี") + r")" + _WS + r"*" + _BUDGET
)
# Amount part of a note: "20,000 บาท", ": 20,000.- บาท", "จำนวน ๕,๐๐๐ บาท".
_AMOUNT_PART = (
    _WS + r"*[:：]?" + _WS + r"*(?:" + _spaced("จำนวน") + _WS + r"*)?"
    r"(?P<amt>\d[\d," + _WS[1:-1] + r"]*(?:\.\d+)?)"
    + _WS + r"*(?P<dash1>\." + _WS + r"*-|-)?"
    + _WS + r"*(?P<mult>" + _MULT_RE_PART + r")?"
    + _WS + r"*(?P<baht>" + _BAHT + r")?"
    + _WS + r"*(?P<dash2>\." + _WS + r"*-|\.)?"
)
_POS = r"(?:" + _USE + _WS + r"*)?" + _BUDGET + r"(?:" + _AMOUNT_PART + r")?"

# A budget note at the very end of a measure cell, with or without parentheses.
_NOTE_RE = re.compile(
    r"(?:(?P<open>\()" + _WS + r"*)?(?:(?P<neg>" + _NEG + r")|(?P<pos>" + _POS + r"))"
    + _WS + r"*(?P<close>\))?" + _WS + r"*\Z"
)


def _rstrip(text: str) -> str:
    """``text`` without trailing whitespace, zero-width characters included.

    A loop, not a trailing-space pattern: that one is quadratic on long inner runs
    of spaces (each run is matched to its end before ``$`` fails)."""
    end = len(text)
    while end and (text[end - 1].isspace() or text[end - 1] in ZERO_WIDTH_FORMAT):
        end -= 1
    return text[:end]


def to_arabic_digits(text: str) -> str:
    """Replace Thai digits ๐-๙ with 0-9, leaving everything else unchanged."""
    return thai_digit_to_arabic_digit(text) if text else ""


def _to_float(number: str, mult: str | None) -> float | None:
    digits = _NUMBER_JUNK_RE.sub("", number)
    try:
        value = float(digits)
    except ValueError:
        return None
    if mult:
        value *= _MULTIPLIERS.get(_WS_RE.sub("", mult), 1.0)
    return value


def parse_amount(text: str) -> float | None:
    """First number in ``text`` as a float, or None when there is none.

    Handles thousands separators, Thai digits, a trailing "บาท" or ".-"
    and the scale words ล้าน/แสน/หมื่น: "๒๐,๐๐๐" -> 20000.0,
    "1,234.50 บาท" -> 1234.5, "1.5 ล้านบาท" -> 1500000.0.
    """
    if not text:
        return None
    match = _AMOUNT_RE.search(to_arabic_digits(text))
    if match is None:
        return None
    value = _to_float(match.group("num"), match.group("mult"))
    return value if value is None or math.isfinite(value) else None


def _classify(text: str, match: re.Match[str]) -> tuple[bool, float | None] | None:
    """(uses_budget, budget_baht) for a ``_NOTE_RE`` match, None if not a note."""
    if match.group("open") is None:
        if match.group("close") is not None:
            return None  # "(แผนงบประมาณ ...)": the parenthesis opens inside the name
        if match.group("neg") is not None:
            # A bare "ไม่ใช้งบประมาณ" must stand apart from the name.
            start = match.start("neg")
            if start == 0 or _WS_RE.match(text[start - 1]):
                return False, None
            return None
        # Without parentheses only an amount in baht makes it a note, so that
        # a name like "...การบริหารงบประมาณ 2568" keeps its last words.
        if match.group("amt") is None or not (
            match.group("baht") or match.group("dash1") or match.group("dash2")
        ):
            return None
    if match.group("neg") is not None:
        return False, None
    amount = match.group("amt")
    if amount is None:
        return True, None
    return True, _to_float(amount, match.group("mult"))


_NOTE_TAIL = 160  # characters at the end of a cell that can hold its budget note


def split_budget_note(measure: str) -> tuple[str, bool | None, float | None]:
    """Split a trailing budget note off a measure cell.

    Returns ``(name, uses_budget, budget_baht)``: "(ไม่ใช้งบประมาณ)" (or the
    typo "(ไม่ใช่งบประมาณ)") -> False, None; "(ใช้งบประมาณ)" -> True, None;
    "งบประมาณ 20,000 บาท" / "(งบประมาณ ๒๐,๐๐๐ บาท)" -> True, 20000.0; no note
    -> None, None. Only a note at the end of the cell counts; the name is
    returned without trailing whitespace.
    """
    if not measure:
        return "", None, None
    # Digit conversion is one character for one, so match offsets still
    # index the original text (whose Thai digits the name keeps).
    text = to_arabic_digits(measure)
    # a note is short: look for it in the cell's tail only, which also keeps a
    # hostile cell of thousands of spaces from making the pattern backtrack
    start = max(0, len(text) - _NOTE_TAIL)
    match = _NOTE_RE.search(text, start)
    if match is not None:
        result = _classify(text, match)
        if result is not None:
            return _rstrip(measure[: match.start()]), result[0], result[1]
    return _rstrip(measure), None, None


def parse_budget_note(note: str) -> tuple[bool | None, float | None]:
    """(uses_budget, budget_baht) of a budget note on its own, e.g. "(ใช้งบประมาณ)"."""
    name, uses_budget, baht = split_budget_note(note)
    if _WS_RE.sub("", name):
        return None, None
    return uses_budget, baht
