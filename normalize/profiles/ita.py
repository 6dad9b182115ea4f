"""The ITA measures profile: header words → column names, and derived fields.

A municipal ITA report ("รายงานผลการดำเนินการ...ส่งเสริมคุณธรรมและความโปร่งใส")
has one row per measure. Offices word their headers differently, so a header
is mapped to a column by the keywords it contains, weighted by how early they
appear (the first word of a header names it: "มาตรการ/แนวทางการดำเนินการ" is a
measure, "ขั้นตอนการดำเนินการ" a list of steps).
"""
from __future__ import annotations

import re

# column → keywords (white space removed, lower case)
KEYWORDS: dict[str, tuple[str, ...]] = {
    "issue": ("ประเด็น", "ตัวชี้วัด", "ด้าน"),
    "measure": ("มาตรการ", "โครงการ", "กิจกรรม"),
    "steps": ("ขั้นตอน", "วิธีการ", "วิธีปฏิบัติ", "วิธีดำเนิน"),
    "period": ("ระยะเวลา", "ห้วงเวลา", "ช่วงเวลา", "ระยะ", "เวลา"),
    "output": ("ผลการดำเนิน", "ผลผลิต", "output", "ผลการปฏิบัติ"),
    "outcome": ("ผลลัพธ์", "outcome", "ผลที่ได้รับ", "ผลที่คาดว่า"),
    "responsible": ("ผู้รับผิดชอบ", "รับผิดชอบ", "หน่วยงาน", "ผู้ดำเนินการ"),
}
TEXT_COLUMNS = tuple(KEYWORDS)
OUTPUT_COLUMNS = (
    "source_file", "page_start", "page_end", "municipality", "fiscal_year_be",
    "issue", "measure", "uses_budget", "budget_baht", "steps", "period",
    "period_start", "period_end", "output", "outcome", "responsible",
)

_WS = re.compile(r"\s+")
_CONTINUED = re.compile(r"\(\s*ต่อ\s*\)")
_ORG = re.compile(
    r"((?:เทศบาล(?:นคร|เมือง|ตำบล)|องค์การบริหารส่วน(?:ตำบล|จังหวัด)|กรุงเทพมหานคร|เมืองพัทยา)"
    r"[^\s,()]*)"
)
_ORG_PREFIX = re.compile(r"เทศบาล(?:นคร|เมือง|ตำบล)|องค์การบริหารส่วน(?:ตำบล|จังหวัด)|กรุงเทพมหานคร|เมืองพัทยา")
_FY = re.compile(r"(?:ปีงบประมาณ|พ\.\s*ศ\.)\s*(?:พ\.\s*ศ\.\s*)?([0-9๐-๙]{4})")
_HEADER_AFTER_ORG = ("อำเภอ", "จังหวัด", "ประจำปี", "ปีงบประมาณ", "พ.ศ.")


def header_key(text: str) -> str:
    return _WS.sub("", _CONTINUED.sub("", text)).lower()


def _score(header: str, column: str) -> float:
    best = 0.0
    for kw in KEYWORDS[column]:
        pos = header.find(kw)
        if pos >= 0:
            best = max(best, len(kw) / (1.0 + pos / 4.0))
    return best


def map_headers(headers: list[str]) -> dict[int, str]:
    """Map header texts (by position) to ITA column names, each used once."""
    keys = [header_key(h) for h in headers]
    pairs = sorted(
        ((_score(k, col), i, col) for i, k in enumerate(keys) for col in TEXT_COLUMNS),
        reverse=True,
    )
    out: dict[int, str] = {}
    used: set[str] = set()
    for score, i, col in pairs:
        if score <= 0 or i in out or col in used:
            continue
        out[i] = col
        used.add(col)
    return out


def is_ita(headers: list[str]) -> bool:
    """True when the headers read like an ITA measures table."""
    mapping = map_headers(headers)
    cols = set(mapping.values())
    return "measure" in cols and len(cols & {"steps", "period", "output", "outcome", "responsible", "issue"}) >= 3


def municipality(title: str) -> str:
    """The local government named in the title block ("เทศบาลเมืองลพบุรี")."""
    lines = [ln.strip() for ln in title.splitlines() if ln.strip()]
    m = None
    for i, line in enumerate(lines):
        # a centred title may wrap inside the name: "…ภายในเทศบาล" / "นครศรีวิชัยบุรี"
        joined = line + (lines[i + 1] if i + 1 < len(lines) else "")
        m = _ORG.search(joined)
        if m and m.start() < len(line):
            break
        m = None
    if not m:
        return ""
    name = m.group(1)
    prefix = _ORG_PREFIX.match(name)
    start = prefix.end() + 1 if prefix else 1
    for word in _HEADER_AFTER_ORG:
        cut = name.find(word, start)
        if cut > 0:
            name = name[:cut]
    return name


def fiscal_year(title: str) -> int | None:
    """The Buddhist-era fiscal year in the title block ("ประจำปีงบประมาณ พ.ศ. 2568")."""
    m = _FY.search(title)
    if not m:
        return None
    year = int(m.group(1))  # int() reads Thai digits too
    return year if 2400 <= year <= 2700 else None
