"""Thai dates in ITA report cells: months, Buddhist-era years, fiscal years.

The "period" cell (ช่วงระยะเวลา) of an ITA report says when a measure runs,
e.g. "ต.ค. 67 - ก.ย. 68", "ม.ค. - มี.ค. 68", "ตลอดปีงบประมาณ" or
"ไตรมาส 2". :func:`parse_period` turns it into Gregorian "YYYY-MM" bounds.
The Thai fiscal year FY runs from October of FY-1 to September of FY.

pythainlp's ``thai_strptime`` is not used: it needs exact spacing and
Arabic digits, while text extracted from PDFs has Thai digits and stray
spaces or line breaks anywhere, so the patterns here allow whitespace
between every character of a word.
"""

from __future__ import annotations

import re

from pythainlp.util import thai_digit_to_arabic_digit

from thaitab.extract.thai.charset import CONSONANTS, THAI_TEXT, ZERO_WIDTH_FORMAT
from thaitab.extract.thai.months import ABBREVIATIONS, FULL_NAMES, MONTH_NUMBERS, SHORT_NAMES, month_key, month_number

__all__ = [
    "be_to_ce",
    "fiscal_year_range",
    "month_number",
    "parse_period",
]

_THAI = THAI_TEXT  # Thai letters, vowels and marks (not digits)

# Zero-width characters are dropped and dash variants unified before parsing.
_CLEAN_TABLE = str.maketrans(
    {
        **dict.fromkeys(ZERO_WIDTH_FORMAT),
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)


def _spaced(word: str) -> str:
    """Regex for ``word`` that allows whitespace between any two characters."""
    return r"\s*".join(re.escape(ch) for ch in word)


def _abbr_patterns(abbr: str) -> tuple[str, str]:
    """(dotted, undotted) patterns for an abbreviation such as "มี.ค."."""
    head, tail = [part for part in abbr.split(".") if part]
    dotted = _spaced(head) + r"\s*\.\s*" + _spaced(tail) + r"(?:\s*\.)?"
    # Without dots the letters could be part of a word ("ตามความ" holds
    # "มค"), so they must stand apart from other Thai text.
    undotted = (
        rf"(?<![{_THAI}])" + _spaced(head + tail) + rf"(?:\s*\.|(?![{_THAI}]))"
    )
    return dotted, undotted


_full_alts = [_spaced(m) for m in FULL_NAMES]
_short_alts = [_spaced(m) + rf"(?![{_THAI}])" for m in SHORT_NAMES]
_abbr_alts = [p for a in ABBREVIATIONS for p in _abbr_patterns(a)]

# "พ.ศ." (Buddhist era) or "ค.ศ." (Christian era) before a year.
_PHOSO = r"(?:[พค]\s*\.?\s*ศ\s*\.?)"
# A year: four-digit BE (2567) or CE (2024), or two-digit BE (67); a stray
# space may split the digits ("25 68", "6 8").
_YEAR = r"(?:2\s?[45]\s?\d\s?\d|(?:19|20)\d\d|\d\s?\d)(?!\d)"

# A month name, optionally followed by its year ("ต.ค. 67", "ตุลาคม พ.ศ. 2567"),
# or a numeric day/month/year date ("1/10/2567"). Dotted abbreviations
# followed by another "X." (as in "ก.พ.ร.") are not months.
_MONTH_RE = re.compile(
    r"(?P<month>" + "|".join(_full_alts + _short_alts + _abbr_alts) + r")"
    rf"(?!\.?[{CONSONANTS}]\.)"
    r"(?:\s*(?:" + _PHOSO + r")?\s*(?P<year>" + _YEAR + r"))?"
    r"|(?<![\d/.])\d{1,2}\s*(?P<sep>[/.])\s*(?P<nmonth>\d{1,2})\s*(?P=sep)\s*"
    r"(?P<nyear>\d{4}|\d{2})(?![\d/.])"
)

# Whole fiscal year: "ตลอดปีงบประมาณ", "ตลอดปี", "ทั้งปี", "ปีงบประมาณ 2568".
_WHOLE_YEAR_RE = re.compile(
    "|".join(_spaced(w) for w in ("ตลอดปี", "ทั้งปี", "ปีงบ"))
)
# A year standing on its own: four-digit BE anywhere, two-digit BE only
# after "ปี", "ปีงบประมาณ" or "พ.ศ.".
_BE4_RE = re.compile(r"(?<!\d)(?P<year>2\s?[45]\s?\d\s?\d)(?!\d)")
_FY_WORD = (
    _spaced("ปี") + r"(?:\s*" + _spaced("งบ") + r"(?:\s*" + _spaced("ประมาณ") + r")?)?"
)
_KEYWORD_YEAR_RE = re.compile(
    r"(?:" + _FY_WORD + r"|" + _PHOSO + r")\s*(?:" + _PHOSO + r")?"
    r"\s*(?P<year>\d\s?\d)(?!\d)"
)
# Quarters of the fiscal year: "ไตรมาส 1", "ไตรมาสที่ 2 - 3", "ไตรมาส 1 และ 2".
_QUARTER_SEP = r"\s*(?:-|,|" + _spaced("และ") + "|" + _spaced("ถึง") + r")\s*"
_QUARTER_WORD = _spaced("ไตรมาส") + r"(?:\s*" + _spaced("ที่") + r")?"
_QUARTER_RE = re.compile(
    _QUARTER_WORD + r"\s*(?P<qs>[1-4](?:" + _QUARTER_SEP
    + r"(?:" + _QUARTER_WORD + r"\s*)?[1-4](?!\d))*)(?!\d)"
)
_DIGIT_RE = re.compile(r"\d")
_SPACE_RE = re.compile(r"\s")

# First month of each fiscal quarter, as (year offset from FY, month).
_QUARTER_START: dict[int, tuple[int, int]] = {
    1: (-1, 10),
    2: (0, 1),
    3: (0, 4),
    4: (0, 7),
}


def be_to_ce(year: int) -> int:
    """Buddhist-era year to Gregorian (2568 -> 2025)."""
    return year - 543


def _iso(year_be: int, month: int) -> str:
    return f"{be_to_ce(year_be):04d}-{month:02d}"


def fiscal_year_range(fy_be: int) -> tuple[str, str]:
    """("YYYY-MM", "YYYY-MM") bounds of a Thai fiscal year: Oct FY-1 .. Sep FY."""
    return _iso(fy_be - 1, 10), _iso(fy_be, 9)


def _year_be(text: str) -> int:
    """BE year of a year token: "67" -> 2567, "2567" -> 2567, "2024" -> 2567."""
    year = int(_SPACE_RE.sub("", text))
    if year < 100:
        return 2500 + year
    if year < 2300:  # Gregorian
        return year + 543
    return year


def _coerce_fy(fiscal_year_be: object) -> int | None:
    try:
        fy = int(fiscal_year_be)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
    return 2500 + fy if 0 <= fy < 100 else fy


def _fy_month_year(month: int, fy: int) -> int:
    """BE calendar year of ``month`` inside fiscal year ``fy``."""
    return fy - 1 if month >= 10 else fy


def _resolve(
    tokens: list[tuple[int, int | None]], fy: int | None
) -> list[tuple[int, int]]:
    """Give every (month, year-or-None) token a year; returns (year_be, month)."""
    resolved: list[tuple[int, int] | None] = [None] * len(tokens)
    # A yearless month takes the year of the next dated month, one less if
    # it would otherwise come after it ("ต.ค. - ม.ค. 68" starts in 2567).
    after: tuple[int, int] | None = None
    for i in range(len(tokens) - 1, -1, -1):
        month, year = tokens[i]
        if year is None and after is not None:
            year = after[0] if month <= after[1] else after[0] - 1
        if year is not None:
            after = (year, month)
            resolved[i] = after
    # Months after the last dated one: the fiscal year rule, unless that
    # would put them before the preceding month; then count forward.
    before: tuple[int, int] | None = None
    for i, (month, _) in enumerate(tokens):
        if resolved[i] is not None:
            before = resolved[i]
            continue
        year: int | None = _fy_month_year(month, fy) if fy is not None else None
        if before is not None and (year is None or (year, month) < before):
            year = before[0] if month >= before[1] else before[0] + 1
        if year is not None:
            before = (year, month)
            resolved[i] = before
    return [r for r in resolved if r is not None]


def _text_fiscal_years(text: str) -> list[int]:
    """BE years written in the text outside month tokens ("ปีงบประมาณ 2568")."""
    years = [_year_be(m.group("year")) for m in _BE4_RE.finditer(text)]
    years += [_year_be(m.group("year")) for m in _KEYWORD_YEAR_RE.finditer(text)]
    return years


def parse_period(
    text: str, fiscal_year_be: int | None
) -> tuple[str | None, str | None]:
    """(period_start, period_end) as Gregorian "YYYY-MM" for a Thai period cell.

    Understands months with BE years ("ต.ค. 67 - ก.ย. 68", "1/10/2567"),
    yearless months (year of the next dated month, else the fiscal year:
    Oct-Dec -> FY-1), single dates (start = end), quarters ("ไตรมาส 1" =
    Oct-Dec of FY-1) and the whole fiscal year ("ตลอดปีงบประมาณ",
    "ปีงบประมาณ พ.ศ. 2568"). Returns (None, None) when there is no date;
    never raises.
    """
    if not isinstance(text, str) or not text.strip():
        return None, None
    try:
        return _parse_period(text, fiscal_year_be)
    except Exception:  # noqa: BLE001 - a bad cell must not stop a whole table
        return None, None


def _parse_period(
    text: str, fiscal_year_be: int | None
) -> tuple[str | None, str | None]:
    clean = thai_digit_to_arabic_digit(text).translate(_CLEAN_TABLE)
    fy = _coerce_fy(fiscal_year_be)
    tokens, outside = _month_tokens(clean)

    # A fiscal year written in the text ("ปีงบประมาณ 2568") beats the argument.
    has_whole_year = _WHOLE_YEAR_RE.search(outside) is not None
    text_years = _text_fiscal_years(outside) if has_whole_year or not tokens else []
    fy_used = text_years[0] if text_years else fy

    if tokens:
        return _months_period(tokens, fy_used)
    quarter = _QUARTER_RE.search(clean)
    if quarter is not None:
        return _quarters_period(quarter, fy_used)
    if has_whole_year or text_years:
        return _years_period(text_years or ([fy] if fy is not None else []))
    return None, None


def _month_tokens(clean: str) -> tuple[list[tuple[int, int | None]], str]:
    """The (month, BE year or None) of every month written in ``clean``, and the
    text outside them (for fiscal-year hints)."""
    tokens: list[tuple[int, int | None]] = []
    rest: list[str] = []
    last = 0
    for match in _MONTH_RE.finditer(clean):
        if match.group("month") is not None:
            month = MONTH_NUMBERS.get(month_key(match.group("month")))
            year = match.group("year")
        else:
            month = int(match.group("nmonth"))
            year = match.group("nyear")
        if month is None or not 1 <= month <= 12:
            continue
        tokens.append((month, _year_be(year) if year else None))
        rest.append(clean[last : match.start()])
        last = match.end()
    rest.append(clean[last:])
    return tokens, " ".join(rest)


def _months_period(tokens: list[tuple[int, int | None]], fy: int | None) -> tuple[str | None, str | None]:
    """The first and last of the months written, each given its year."""
    dates = _resolve(tokens, fy)
    if not dates:
        return None, None
    return _iso(*min(dates)), _iso(*max(dates))


def _quarters_period(quarter: re.Match[str], fy: int | None) -> tuple[str | None, str | None]:
    """From the first month of the first quarter named to the last month of the last."""
    if fy is None:
        return None, None
    quarters = [int(d) for d in _DIGIT_RE.findall(quarter.group("qs"))]
    first_off, first_month = _QUARTER_START[min(quarters)]
    last_off, last_month = _QUARTER_START[max(quarters)]
    return _iso(fy + first_off, first_month), _iso(fy + last_off, last_month + 2)


def _years_period(years: list[int]) -> tuple[str | None, str | None]:
    """Whole fiscal years: October before the first to September of the last."""
    if not years:
        return None, None
    return fiscal_year_range(min(years))[0], fiscal_year_range(max(years))[1]
