"""Evidence for what a column is: the words of its header and what its cells hold.

Header: the header is cut into parts ("/", "หรือ", parentheses: "โครงการ/กิจกรรม"
offers either meaning), each part into pythainlp word tokens; a vocabulary word
counts where it starts on a token boundary (so "งาน" is not found inside
"หน่วยงาน"), in full at the head of a part and less further in (the first word
of a Thai header names it: "ระยะเวลาดำเนินการ" is a period, "วิธีการดำเนินการ"
steps), and less in a later part.

Cells: for each kind in :data:`CELL_KINDS`, the share of the column's
non-empty cells that show it (numbered steps, month and year ranges, office
names, counts, budget notes, bare amounts, ...). Kinds are fixed code; which
kinds speak for which column, and how much, is the profile's data.
"""
from __future__ import annotations

import re
from functools import lru_cache

from thaitab.extract.thai.continued import strip_continued
from thaitab.extract.thai.months import ABBREVIATIONS, FULL_NAMES, abbreviation_pattern
from thaitab.normalize.dates import parse_period
from thaitab.normalize.numbers import split_budget_note

#: a word further into a header part than its head, and a part after the first
INNER_WORD_FACTOR = 0.6
LATER_PART_FACTOR = 0.85
#: words of a header besides its strongest add this share of their weight
OTHER_WORDS_SHARE = 0.25
#: a period, an office name or a count is a phrase, not a paragraph: longer
#: cells do not count as that evidence (characters)
SHORT_CELL = 60
#: a cell this long, or with this many lines, is running text or a list
LONG_CELL = 150
LIST_LINES = 3

_PARTS = re.compile(r"[/()\[\]{},;:]|หรือ")
_YEAR = re.compile(r"(?<![0-9๐-๙])(?:25|๒๕)[0-9๐-๙]{2}(?![0-9๐-๙])")

_NUMBERED = re.compile(r"^\s*(?:[0-9๐-๙]{1,2}\s*[.)]|\(\s*[0-9๐-๙]{1,2}\s*\))(?![0-9๐-๙])", re.M)
# a month (abbreviated, or in full) or a word for a stretch of the year
_MONTH = re.compile("|".join(
    [abbreviation_pattern(a) for a in ABBREVIATIONS] + list(FULL_NAMES)
    + ["ไตรมาส", "ปีงบประมาณ", "ตลอดปี", "ทุกเดือน", "รายเดือน", "ตลอดทั้งปี"]))
_OFFICE = re.compile(
    r"^[\s\-•·*]*(?:ทุก\s*)?(?:กอง|สำนัก|งาน|ฝ่าย|ส่วน|ศูนย์|หน่วย|กลุ่มงาน|แผนก|ปลัด|รองปลัด|ผู้อำนวยการ|"
    r"ผอ\.|หัวหน้า|นายก|รองนายก|เจ้าหน้าที่|เจ้าพนักงาน|นักวิเคราะห์|นักทรัพยากร|นิติกร|คณะ|ผู้บริหาร|"
    r"พนักงาน|ประธาน|เลขานุการ|สภา|โรงเรียน|สถานี|กิจการ|การประปา|ท้องถิ่น|อำเภอ|เทศบาล|องค์การ)", re.M)
_COUNT = re.compile(
    r"[0-9๐-๙][0-9๐-๙,.]*\s*(?:คน|ครั้ง|ฉบับ|เรื่อง|แห่ง|โครงการ|กิจกรรม|ช่องทาง|หน่วยงาน|กระบวนงาน|รายการ|"
    r"ราย|หมู่บ้าน|ชุมชน|คะแนน|หลังคาเรือน|ครัวเรือน|%|เปอร์เซ็นต์)|ร้อยละ\s*[0-9๐-๙]|จำนวน\s*[0-9๐-๙]")
_MEASURE_WORD = re.compile(r"^\s*(?:[0-9๐-๙]{1,3}[.)]?\s*)?(?:มาตรการ|โครงการ|กิจกรรม|แผนงาน|แผน|แนวทาง)")
_OBJECTIVE_WORD = re.compile(r"^[\s\-•·*0-9๐-๙.)]*เพื่อ", re.M)
AMOUNT_CELL = re.compile(r"^\s*[0-9๐-๙][0-9๐-๙,]*(?:\.[0-9๐-๙]+)?\s*(?:\.-|-|บาท)?\s*$")
DASH_CELL = re.compile(r"^\s*[-–—]\s*$")
_ORDINAL = re.compile(r"^\s*[0-9๐-๙]{1,3}\s*\.?\s*$")

#: what a cell can show; a profile weighs them per column
CELL_KINDS = ("numbered", "dated", "office", "counts", "budget_note", "measure_word", "objective_word",
              "amount", "ordinal", "long_list", "repeated")


def header_key(text: str) -> str:
    """A header without "(ต่อ)" marks and white space, lower case: what a user's
    ``--map`` key is compared with."""
    return "".join(strip_continued(text or "").split()).lower()


@lru_cache(maxsize=512)
def _parts(header: str) -> tuple[tuple[str, frozenset[int]], ...]:
    """(part text, token start offsets) for each part of a header."""
    from thaitab.extract.thai.words import tokenize

    out = []
    for part in _PARTS.split(strip_continued(header or "").lower()):
        text = "".join(part.split())
        if not text:
            continue
        starts, pos = set(), 0
        for tok in tokenize(text):
            starts.add(pos)
            pos += len(tok)
        out.append((text, frozenset(starts)))
    return tuple(out)


def header_matches(header: str, words: dict[str, float]) -> list[tuple[str, float]]:
    """(word, weighted score) for each vocabulary word found in the header, best
    first, overlapping finds left out (the longest word at a place wins)."""
    found: list[tuple[float, int, int, int, str]] = []
    for p, (text, starts) in enumerate(_parts(header)):
        for word, weight in words.items():
            start = text.find(word)
            while start >= 0:
                if start in starts or (start == 0):
                    score = weight * (1.0 if start == 0 else INNER_WORD_FACTOR)
                    score *= 1.0 if p == 0 else LATER_PART_FACTOR
                    found.append((score, p, start, start + len(word), word))
                    break
                start = text.find(word, start + 1)
    found.sort(key=lambda f: (-f[0], -(f[3] - f[2])))
    taken: list[tuple[int, int, int]] = []
    out = []
    for score, p, a, b, word in found:
        if any(p == tp and a < tb and ta < b for tp, ta, tb in taken):
            continue
        taken.append((p, a, b))
        out.append((word, score))
    return out


def header_score(header: str, words: dict[str, float], year_weight: float = 0.0) -> tuple[float, str]:
    """How strongly the header's words say this concept, and which words did."""
    matches = header_matches(header, words)
    score = 0.0
    if matches:
        score = matches[0][1] + OTHER_WORDS_SHARE * sum(s for _, s in matches[1:])
    if year_weight and header_year(header):
        score += year_weight
        matches = matches + [(header_year(header) or "", year_weight)]
    return score, ", ".join(w for w, _ in matches)


def header_year(header: str) -> str | None:
    """A Buddhist-era year written in the header ("2566", "๒๕๖๖"), in Arabic digits."""
    from thaitab.normalize.numbers import to_arabic_digits

    m = _YEAR.search(header or "")
    return to_arabic_digits(m.group(0)) if m else None


@lru_cache(maxsize=8192)
def _cell_kinds(text: str) -> frozenset[str]:
    kinds = set()
    short = len(text) <= SHORT_CELL
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if len(_NUMBERED.findall(text)) >= 2:
        kinds.add("numbered")
    if short and (_MONTH.search(text) or parse_period(text, None) != (None, None)):
        kinds.add("dated")
    if short and _OFFICE.search(text):
        kinds.add("office")
    if _COUNT.search(text):
        kinds.add("counts")
    if split_budget_note(text)[1] is not None:
        kinds.add("budget_note")
    if _MEASURE_WORD.match(text):
        kinds.add("measure_word")
    if _OBJECTIVE_WORD.search(text):
        kinds.add("objective_word")
    if AMOUNT_CELL.match(text):
        kinds.add("amount")
    if _ORDINAL.match(text):
        kinds.add("ordinal")
    if len(text) > LONG_CELL or len(lines) >= LIST_LINES:
        kinds.add("long_list")
    return frozenset(kinds)


def cell_evidence(values: list[str]) -> dict[str, float]:
    """The share (0..1) of the column's non-empty cells showing each kind.

    ``repeated`` is the share of rows after the first whose cell is empty or
    the same as the row before (an assessment issue covers several measures).
    A lone dash counts as an amount in a column that has amounts ("-": no budget)."""
    cells = [v.strip() for v in values if v and v.strip()]
    out = dict.fromkeys(CELL_KINDS, 0.0)
    if not cells:
        return out
    dashes = 0
    for text in cells:
        for kind in _cell_kinds(text):
            out[kind] += 1
        if DASH_CELL.match(text):
            dashes += 1
    if out["amount"]:
        out["amount"] += dashes
    for kind in out:
        out[kind] /= len(cells)
    if len(values) >= 3:
        same = sum(1 for a, b in zip(values, values[1:]) if not b.strip() or a.strip() == b.strip())
        out["repeated"] = same / (len(values) - 1)
    return out


def cell_score(evidence: dict[str, float], weights: dict[str, float]) -> tuple[float, str]:
    """How strongly the cells say this concept, and which kinds did."""
    score = sum(w * evidence.get(k, 0.0) for k, w in weights.items())
    said = [f"{k} {evidence.get(k, 0.0):.0%}" for k, w in weights.items() if w > 0 and evidence.get(k, 0.0) > 0]
    return score, ", ".join(said)
