"""Spaces: Unicode spaces unified, NFC and tidy lines, and numbers split by a kerning gap."""
from __future__ import annotations

import re
import unicodedata
from re import Pattern

__all__ = ["rejoin_split_digits", "unify_spaces", "tidy_spaces", "OTHER_SPACES", "DIGIT_SPACE_DIGIT"]

# Space characters other than " " and "\n" that tidy_spaces turns into " ".
OTHER_SPACES = "\t\u000b\u000c\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"

def _split_number_pattern(d: str, nonzero: str) -> Pattern[str]:
    """The split-number rule for one digit script (class bodies for all digits
    and for 1-9)."""
    return re.compile(
        # one digit at the start of the text, after whitespace or "(", but not
        # right after another number ("1 2 3,456" is a list)
        f"(?<![^\\s(])(?<![{d}] )([{d}]) "
        "("
        # 1-2 digits then thousands groups: "1 2,345" -> "12,345"
        f"[{d}]{{1,2}}(?:,[{d}]{{3}})+(?:\\.[{d}]+)?"
        # a bare thousands group: "1 ,845.80" -> "1,845.80"
        f"|,[{d}]{{3}}(?:,[{d}]{{3}})*(?:\\.[{d}]+)?"
        # a leading zero: "2 04.3678" -> "204.3678", "1 00.00" -> "100.00"
        f"|{d[0]}[{d}]\\.[{d}]+"
        # 1-2 digits (not "0.") and 3 or more decimals: "4 78.9665" -> "478.9665"
        f"|[{nonzero}][{d}]?\\.[{d}]{{3,}}"
        ")"
        f"(?![{d}]|[.,][{d}])"
    )


_RE_SPLIT_NUMBERS: tuple[Pattern[str], ...] = (
    _split_number_pattern("0-9", "1-9"),
    _split_number_pattern("\u0e50-\u0e59", "\u0e51-\u0e59"),
)
DIGIT_SPACE_DIGIT: Pattern[str] = re.compile("[0-9\u0e50-\u0e59] [0-9\u0e50-\u0e59,]")


def rejoin_split_digits(text: str) -> str:
    """Remove a kerning gap that split a number after its first digit.

    Right-aligned figures come out as "4 78.9665" or "1 2,345". The rule (ASCII
    or Thai digits, never mixed): a single digit that starts the text or follows
    whitespace or "(" (but not "<digit> ", which makes a list), one space, then

    * 1-2 digits followed by thousands groups (",ddd"), optionally decimals,
      so that the joined number has a well-formed first group of 2-3 digits;
    * or a bare thousands group (",ddd...");
    * or a part with a leading zero before a decimal point ("04.3678", "00.00");
    * or 1-2 digits, not starting "0.", with three or more decimals
      ("78.9665", the four-decimal million-baht figures of budget tables);

    and no digit, ",d" or ".d" right after it. Lists such as "ข้อ 1 2 3",
    "ปี 2567 2568", "หมู่ 5 10", "1 50.00", "1 0.5" and "๖ ๕๘๑,๐๙๖.๐๐"
    (first group would have four digits) are left alone.
    """
    if not DIGIT_SPACE_DIGIT.search(text):
        return text
    for pattern in _RE_SPLIT_NUMBERS:
        text = pattern.sub(r"\1\2", text)
    return text


# ---------------------------------------------------------------------------
# Spaces and Unicode form
# ---------------------------------------------------------------------------

_REOTHER_SPACES: Pattern[str] = re.compile(f"[{OTHER_SPACES}]")
_RE_MULTI_SPACE: Pattern[str] = re.compile(" {2,}")
_RE_LINE_EDGE_SPACES: Pattern[str] = re.compile("^ +| +$", re.MULTILINE)


def unify_spaces(text: str) -> str:
    """Tabs, no-break and other Unicode spaces -> " ", "\\r\\n"/"\\r" -> "\\n",
    runs of spaces -> one.

    Run first so that no later pattern (" า", "4 78.9665") hides behind a tab or
    a double space until the final :func:`tidy_spaces`.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _REOTHER_SPACES.sub(" ", text)
    if "  " in text:
        text = _RE_MULTI_SPACE.sub(" ", text)
    return text


def tidy_spaces(text: str) -> str:
    """NFC, one space at a time, no spaces at line ends, line breaks kept.

    Tabs, no-break and other Unicode spaces become " "; "\\r\\n" and "\\r"
    become "\\n"; leading and trailing empty lines go, inner ones stay. NFC
    (never NFKC: it would split SARA AM) only reorders marks the way
    :func:`sort_marks` already does.
    """
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = unify_spaces(text)
    text = _RE_LINE_EDGE_SPACES.sub("", text)
    return text.strip("\n")

