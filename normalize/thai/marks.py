"""The combining marks of a cluster: position, order, repeats, stray spaces before them."""
from __future__ import annotations

import re
import unicodedata
from re import Pattern

from thaitab.extract.thai.charset import MARKS, SARA_AM, THAI_TEXT

__all__ = ["reorder_marks", "move_marks_before_am", "remove_space_before_marks", "dedupe_marks",
           "sort_marks", "BAD_MARK_PAIR"]

# Canonical order inside one cluster, as data: vowels above/below (0), tone
# marks (1), THANTHAKHAT/NIKHAHIT/YAMAKKAN (2). Marks of the same rank keep
# their order, except that Unicode canonical ordering (NFC) is then applied to
# the run, so PHINTHU (ccc 9) goes before SARA U/UU (ccc 103) and NFC never
# changes the result.
_MARK_RANK: dict[str, int] = {
    "\u0e31": 0,  # MAI HAN-AKAT
    "\u0e34": 0,  # SARA I
    "\u0e35": 0,  # SARA II
    "\u0e36": 0,  # SARA UE
    "\u0e37": 0,  # SARA UEE
    "\u0e38": 0,  # SARA U
    "\u0e39": 0,  # SARA UU
    "\u0e3a": 0,  # PHINTHU
    "\u0e47": 0,  # MAITAIKHU
    "\u0e48": 1,  # MAI EK
    "\u0e49": 1,  # MAI THO
    "\u0e4a": 1,  # MAI TRI
    "\u0e4b": 1,  # MAI CHATTAWA
    "\u0e4c": 2,  # THANTHAKHAT
    "\u0e4d": 2,  # NIKHAHIT
    "\u0e4e": 2,  # YAMAKKAN
}

_RE_MARK_RUN: Pattern[str] = re.compile(f"[{MARKS}]{{2,}}")


def _marks_of_rank(low: int, high: int) -> str:
    return "".join(ch for ch, r in _MARK_RANK.items() if low <= r <= high)


# Two adjacent marks whose ranks do not strictly increase (doubled marks
# included): the quick test for "a cluster may need sorting or de-duplicating".
BAD_MARK_PAIR: Pattern[str] = re.compile(
    f"[{_marks_of_rank(2, 2)}][{_marks_of_rank(0, 2)}]"
    f"|[{_marks_of_rank(1, 1)}][{_marks_of_rank(0, 1)}]"
    f"|[{_marks_of_rank(0, 0)}][{_marks_of_rank(0, 0)}]"
)
_RE_AM_BEFORE_MARK: Pattern[str] = re.compile(f"{SARA_AM}[{SARA_AM}{MARKS}]*[{MARKS}]")
# Spaces between a Thai character and a combining mark. When the marks are
# followed by a non-Thai character ("ยนต ์C-17") the space belongs after them.
_RE_SPACE_BEFORE_MARK: Pattern[str] = re.compile(
    f"(?<=[{THAI_TEXT}])( +)([{MARKS}]+)(?=([^{THAI_TEXT}\\s])?)"
)


def _marks_first(m: re.Match[str]) -> str:
    run = m.group(0)
    return run.replace(SARA_AM, "") + SARA_AM * run.count(SARA_AM)


def move_marks_before_am(text: str) -> str:
    """Put a tone mark (any combining mark) written after SARA AM before it.

    SARA AM is a spacing vowel; a mark after it has no base. PowerPoint and
    Word misorder write the tone of the consonant after the SARA AM: "ดำ\\u0e49"
    -> "ด\\u0e49ำ" (then, in PowerPoint text, "ด้าน" via :func:`fix_am_for_aa`).
    """
    if SARA_AM not in text:
        return text
    return _RE_AM_BEFORE_MARK.sub(_marks_first, text)


def remove_space_before_marks(text: str) -> str:
    """Remove spaces between a Thai character and the combining mark after it.

    A combining mark right after a space can never be correct Thai ("ถ ึง" ->
    "ถึง", "ซ ้ำ" -> "ซ้ำ"). If the marks are followed by Latin text or digits
    the space moves after them ("เครื่องยนต ์C-17" -> "เครื่องยนต์ C-17"). A mark
    after a space with no Thai character before it is left alone.
    """
    if " " not in text:
        return text

    def _fix(m: re.Match[str]) -> str:
        return m.group(2) + (m.group(1)[:1] if m.group(3) else "")

    return _RE_SPACE_BEFORE_MARK.sub(_fix, text)


def _dedupe_run(m: re.Match[str]) -> str:
    return "".join(dict.fromkeys(m.group(0)))


def dedupe_marks(text: str) -> str:
    """Drop exact repeats of a mark inside one cluster ("ข้้อความ" -> "ข้อความ").

    Doubled tone marks come from fake-bold remnants, stacked-mark ligatures and
    typing slips; a cluster never carries the same mark twice.
    """
    if not BAD_MARK_PAIR.search(text):
        return text
    return _RE_MARK_RUN.sub(_dedupe_run, text)


def _sort_run(m: re.Match[str]) -> str:
    return unicodedata.normalize("NFC", "".join(sorted(m.group(0), key=_MARK_RANK.__getitem__)))


def sort_marks(text: str) -> str:
    """Put the marks of each cluster in canonical order.

    Vowels above/below (ั ิ ี ึ ื ุ ู ฺ ็) come before tone marks (่ ้ ๊ ๋),
    which come before ์ ํ ๎: "ผ\\u0e49\\u0e39" -> "ผู้", "ธ\\u0e4c\\u0e34" -> "ธิ์".
    LibreOffice and PUA-font text layers and Word misorder put the tone first.
    Marks of the same rank keep their order (a cluster with both an above and a
    below vowel is garbage either way), up to Unicode canonical ordering.
    """
    if not BAD_MARK_PAIR.search(text):
        return text
    return _RE_MARK_RUN.sub(_sort_run, text)


def reorder_marks(text: str) -> str:
    """Fix the marks of each cluster: position, order, repeats.

    Runs :func:`move_marks_before_am`, :func:`remove_space_before_marks`,
    :func:`dedupe_marks` and :func:`sort_marks`, in that order.
    """
    text = move_marks_before_am(text)
    text = remove_space_before_marks(text)
    text = dedupe_marks(text)
    return sort_marks(text)

