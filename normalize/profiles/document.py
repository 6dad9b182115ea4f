"""Document fields from a table's title block: the local government and the fiscal year.

Only a title that names them gives them: a title without "เทศบาล…"/"องค์การบริหารส่วน…"
gives no municipality, one without "ปีงบประมาณ"/"พ.ศ." and a year no fiscal year.
"""
from __future__ import annotations

import re

_ORG = re.compile(
    r"((?:เทศบาล(?:นคร|เมือง|ตำบล)|องค์การบริหารส่วน(?:ตำบล|จังหวัด)|กรุงเทพมหานคร|เมืองพัทยา)"
    r"[^\s,()]*)"
)
_ORG_PREFIX = re.compile(r"เทศบาล(?:นคร|เมือง|ตำบล)|องค์การบริหารส่วน(?:ตำบล|จังหวัด)|กรุงเทพมหานคร|เมืองพัทยา")
_FY = re.compile(r"(?:ปีงบประมาณ|พ\.\s*ศ\.)\s*(?:พ\.\s*ศ\.\s*)?([0-9๐-๙]{4})")
_HEADER_AFTER_ORG = ("อำเภอ", "จังหวัด", "ประจำปี", "ปีงบประมาณ", "พ.ศ.")




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
