#!/usr/bin/env python3
"""The spreadsheet matrix: workbooks laid out as Thai public bodies lay out their Excel sheets,
printed by LibreOffice Calc, extracted by thaitab and scored per cell.

    python benchmarks/sheets.py [--half tuning|validation|both] [--work DIR] [--count N] [--jobs N]

Workbook i (``sheet-000`` ... ``--count`` of them, default 40) is drawn from
``random.Random(i)`` alone, so every run builds the same files. It holds one to
three sheets, each one table of the workbook's kind: ``stats`` (figures by region
and province: "ภาค/จังหวัด" merged down the header, year groups merged over
"รับแจ้ง | จับกุม" or "ชาย | หญิง | รวม", region rows with totals or with a label
only, a grand total first or last, "#,##0" or "#,##0.00", "-" for none),
``register`` (an asset register: ลำดับที่ ... หมายเหตุ, "ราคา" or "จำนวน" over two
sub-columns or one header row, long wrapped item names, a "รวมเป็นเงิน" row merged
over the first columns) or ``plan`` (a budget plan: long project text, some with
explicit line breaks, "งบประมาณ (บาท)" over year columns, strategy rows merged over
the whole width, maybe the responsible unit merged down over its records). The
other axes, drawn per workbook and recorded in its gold under "axes": rows (short
8-30, medium 31-80, long 81-160 body rows per sheet; a stats sheet has at most
the 77 provinces, 4 regions and a total), borders (grid, grid with a medium
outline round the header, outline with a gridded header and column lines only,
horizontal rules only), header style (plain, bold, bold on light grey or light
blue), header rows printed on every page or not, orientation, fit to one page
wide or natural size (column widths chosen so the table fits: the font size is
brought down to 10 and year groups dropped until it does, else the workbook is
fitted after all; the gold records what was used), margins, font (a TLWG Thai
family) and size, 0-3 title lines with or without a blank row under them, a
source note and/or a signature block under the table, vertical alignment of the
body cells, and per kind the header layout and the like.

LibreOffice does not size rows to their wrapped text when it reads a workbook
that stores no row heights (openpyxl's), so each row's height is stored as Excel
would have saved it: the lines its cells wrap to (Thai words from pythainlp,
widths measured on the font files with Pillow) times the font's line pitch in
LibreOffice (``sheets/vocab.json``), erring long: a row is never too low for its
text (nothing clipped), many are a line or two taller than Calc needs, as rows
of an Excel-made workbook often are when Calc prints it.

The gold (``<name>.gold.json``, the format of ../shared/corpus/real) is read from
the generator's own model: header rows as printed (a merged cell's text in every
cell it covers), columns (header texts top to bottom joined with " / "), body
rows as displayed (a vertical merge filled down, a horizontal span's text in its
first column), pages found in the rendered PDF ([0, 0] when not found). Titles,
notes and signatures are not part of a table.

The split: workbooks are paired (2k, 2k+1); of each pair the one whose name has
the smaller SHA-256 hex digest is in the validation half, the other in the tuning
half. Nothing is ever tuned on the validation half: read its tables, never its
files.

Steps, in ``--work`` (default: a temporary folder): the workbooks and golds are
written to src/, printed by one ``soffice --headless --convert-to pdf`` call into
pdf/ (a workbook that does not print is named), extracted with ``thaitab extract
--profile generic`` (this interpreter, this repository's code) into out/ and
scored with ``../shared/tools/score_tables.py`` ($THAITAB_SHARED). Printed per
half: the overall line, a table per level of every axis (files, rows
aligned/gold, row_exact, cell_exact, cer, header, split, fused, extra: counts
summed over the files, then rated) and, for the tuning half only, the workbooks
below row_exact 0.9 with their own line. Without soffice the matrix is skipped
with a line saying so.
"""
from __future__ import annotations

import argparse
import copy
import functools
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from ita_wordings import SHARED  # noqa: E402  (one place for the shared corpus)

VOCAB = json.loads((HERE / "sheets" / "vocab.json").read_text(encoding="utf-8"))
FONTS = tuple(VOCAB["fonts"])
BELOW = 0.9  # the tuning half lists its workbooks below this row_exact
AXES = {  # every workbook draws one level of each (font_size: 10-16)
    "kind": ("stats", "register", "plan"),
    "sheets": ("1", "2", "3"),
    "rows": ("short", "medium", "long"),
    "borders": ("grid", "grid_thick_header", "outer_and_header", "horizontal"),
    "header_style": ("plain", "bold", "shaded_grey", "shaded_blue"),
    "print_titles": ("yes", "no"),
    "orientation": ("portrait", "landscape"),
    "fit": ("fit_width", "natural"),
    "margins": ("normal", "narrow"),
    "font": FONTS,
    "font_size": tuple(str(s) for s in range(10, 17)),
    "title": ("0", "1", "2", "3"),
    "title_gap": ("yes", "no"),
    "footer": ("none", "note", "signature", "both"),
    "valign": ("top", "center", "bottom"),
}
KIND_AXES = {  # drawn only for workbooks of that kind
    "stats": {"header_rows": ("1", "2", "3"), "regions": ("totals", "label", "none"),
              "total_at": ("first", "last"), "numbers": ("int", "decimal")},
    "register": {"register_header": ("one_row", "price_group", "qty_group"), "dates": ("thai", "slash", "empty")},
    "plan": {"header_rows": ("1", "2"), "merge_units": ("yes", "no"), "breaks": ("yes", "no")},
}
ROW_RANGE = {"short": (8, 30), "medium": (31, 80), "long": (81, 160)}
PAPER = {"portrait": (595.3, 841.9), "landscape": (841.9, 595.3)}  # A4 in points
MARGINS = {"normal": (0.7, 0.75), "narrow": (0.25, 0.75)}  # Excel's: left/right, top/bottom (inches)
FILLS = {"shaded_grey": "D9D9D9", "shaded_blue": "DDEBF7"}
NORMAL_FONT = ("DejaVu Sans", 11)  # the workbook's Normal font: column widths count its digit width
PAD_W = 6.0  # points a column needs beside its text (cell indents and a little room)
PAD_H = 4.0  # points a row needs beside its lines
FILL = 0.88  # share of a wrapped line's room the estimate fills: Calc (ICU) breaks Thai lines a little
# differently from pythainlp's words, so a line estimate must err long, never short (a row too low
# for its text loses the lines that do not fit: measured on 360 cells, 0.88 never fell short)
INT, DEC, GEN = "#,##0", "#,##0.00", "General"
SUMS = ("tables", "rows", "aligned", "rows_ok", "cells", "cells_ok", "gold_chars", "dist", "header_cols",
        "header_ok", "split", "fused", "extra")


# ----------------------------------------------------------------------------- the split
def digest(text: str) -> str:
    """SHA-256 hex digest: the one source of order for the split."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def split(names: list[str]) -> dict[str, str]:
    """Pairs (2k, 2k+1): the name with the smaller digest is validation, the other tuning."""
    halves = {}
    for k in range(0, len(names), 2):
        pair = names[k:k + 2]
        first = min(pair, key=digest)
        halves.update({n: "validation" if n == first else "tuning" for n in pair})
    return halves


# ----------------------------------------------------------------------------- measuring text
@functools.lru_cache(maxsize=None)
def font_file(family: str, bold: bool) -> str:
    """The file fontconfig gives for a family (LibreOffice asks fontconfig too)."""
    pattern = f"{family}:bold" if bold else family
    return subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True).stdout


@functools.lru_cache(maxsize=None)
def _pil_font(family: str, bold: bool):
    from PIL import ImageFont
    return ImageFont.truetype(font_file(family, bold), 100)


@functools.lru_cache(maxsize=200_000)
def em_width(text: str, family: str, bold: bool) -> float:
    """Advance width of a single line of text in em (Thai shaped by Pillow's layout)."""
    return _pil_font(family, bold).getlength(text) / 100 if text else 0.0


@functools.lru_cache(maxsize=1)
def unit_pt() -> float:
    """Points per Excel column-width unit: the digit width of the Normal font."""
    return em_width("0", NORMAL_FONT[0], False) * NORMAL_FONT[1]


@functools.lru_cache(maxsize=50_000)
def pieces(paragraph: str) -> tuple[str, ...]:
    """The units a line may break after: words between spaces, Thai runs cut into words."""
    from pythainlp.tokenize import word_tokenize
    out: list[str] = []
    for word in re.findall(r"\S+\s*", paragraph):
        core, space = word.rstrip(), word[len(word.rstrip()):]
        parts = word_tokenize(core, engine="newmm", keep_whitespace=False) if re.search("[\u0e00-\u0e7f]", core) \
            else [core]
        out += parts[:-1] + [parts[-1] + space] if parts else [word]
    return tuple(out)


def line_count(text: str, width: float, family: str, size: float, bold: bool) -> int:
    """Lines a wrapped cell of ``width`` points takes (greedy, like Calc), explicit breaks kept."""
    avail = max(width - PAD_W, 1.0) * FILL
    total = 0
    for para in text.split("\n"):
        lines, used = 1, 0.0
        for tok in pieces(para):
            w = em_width(tok.rstrip(), family, bold) * size
            if used and used + w > avail:
                lines, used = lines + 1, 0.0
            while w > avail:  # a word longer than the line is cut
                lines, w = lines + 1, w - avail
            used += em_width(tok, family, bold) * size
        total += lines
    return total


def longest_piece(text: str, family: str, size: float, bold: bool) -> float:
    """Width in points of the widest unit of text that cannot be broken."""
    return max((em_width(t.rstrip(), family, bold) * size for p in text.split("\n") for t in pieces(p)),
               default=0.0)


def widest_line(text: str, family: str, size: float, bold: bool) -> float:
    return max((em_width(p, family, bold) * size for p in text.split("\n")), default=0.0)


# ----------------------------------------------------------------------------- the table model
@dataclass
class Table:
    """One sheet's table as the generator knows it (coordinates 0-based within the table)."""
    sheet: str
    titles: list[str]
    header: list[list[str]]  # text at each merge's top-left cell, "" elsewhere
    roles: list[str]  # per column: text | long | num | center | code
    formats: list[str]  # per column: the number format of its numbers
    body: list[list[object]] = field(default_factory=list)  # str | int | float | None
    kinds: list[str] = field(default_factory=list)  # per body row: record | region | total | section
    header_merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1
    body_merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    groups: list[list[int]] = field(default_factory=list)  # column groups that may be dropped to fit
    note: str = ""
    signature: list[str] = field(default_factory=list)

    @property
    def ncols(self) -> int:
        return len(self.roles)


def drop_columns(t: Table, cols: set[int]) -> None:
    """Remove columns (a year group that does not fit), shrinking the merges over them."""
    keep = [c for c in range(t.ncols) if c not in cols]
    new = {c: i for i, c in enumerate(keep)}

    def remap(merges: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
        out = []
        for r0, c0, r1, c1 in merges:
            inside = [new[c] for c in range(c0, c1 + 1) if c in new]
            if inside:
                out.append((r0, inside[0], r1, inside[-1]))
        return out

    def carry(rows: list[list], merges: list[tuple[int, int, int, int]]) -> None:
        for r0, c0, r1, c1 in merges:  # a merge losing its first column keeps its text
            if c0 in cols and any(c in new for c in range(c0, c1 + 1)):
                first = min(c for c in range(c0, c1 + 1) if c in new)
                rows[r0][first] = rows[r0][c0]

    carry(t.header, t.header_merges)
    carry(t.body, t.body_merges)
    t.header = [[row[c] for c in keep] for row in t.header]
    t.body = [[row[c] for c in keep] for row in t.body]
    t.roles = [t.roles[c] for c in keep]
    t.formats = [t.formats[c] for c in keep]
    t.header_merges = [m for m in remap(t.header_merges) if m[0] != m[2] or m[1] != m[3]]
    t.body_merges = [m for m in remap(t.body_merges) if m[0] != m[2] or m[1] != m[3]]
    t.groups = [[new[c] for c in g if c in new] for g in t.groups if not set(g) <= cols]


def show(value: object, fmt: str) -> str:
    """The text Excel displays for a cell value under its number format."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if fmt == INT:
        return f"{value:,.0f}"
    if fmt == DEC:
        return f"{value:,.2f}"
    return str(value)


def money(cents: int) -> float:
    return round(cents / 100, 2)


# ----------------------------------------------------------------------------- stats tables
def stats_header(rng: random.Random, topic: dict, ax: dict, years: list[int]) -> tuple[list[list[str]], list, list]:
    """Header grid, merges and droppable column groups of a statistics table."""
    first = "ภาค/จังหวัด" if ax["regions"] != "none" else rng.choice(["จังหวัด", "ภาค/จังหวัด"])
    label = rng.choice(["พ.ศ. {y}", "{y}", "ปี {y}"])
    hr = int(ax["header_rows"])
    subs = topic["subs"] if hr > 1 else [None]
    rows = [[first] for _ in range(hr)]
    merges = [(0, 0, hr - 1, 0)] if hr > 1 else []
    groups = []
    for y in years:
        c0 = len(rows[0])
        groups.append(list(range(c0, c0 + len(subs))))
        if hr == 1:
            rows[0].append(label.format(y=y))
            continue
        rows[hr - 2] += [label.format(y=y)] + [""] * (len(subs) - 1)
        rows[hr - 1] += list(subs)
        merges.append((hr - 2, c0, hr - 2, c0 + len(subs) - 1))
        if hr == 3:
            rows[0] += [""] * len(subs)
    if hr == 3:
        rows[0][1] = rng.choice([topic["group"], *VOCAB["stats_group_tops"]])
        merges.append((0, 1, 0, len(rows[0]) - 1))
    return rows, merges, groups


def stats_values(rng: random.Random, topic: dict, ncols: int, subs: int, decimal: bool) -> list[object]:
    """One province's figures: "-" for none, a "รวม" column the sum of the ones before it."""
    vals: list[object] = []
    for c in range(ncols):
        if subs > 1 and topic["subs"][-1] == "รวม" and c % subs == subs - 1:
            got = [v for v in vals[c - subs + 1:c] if not isinstance(v, str)]
            vals.append(sum(got) if got else "-")
            continue
        if rng.random() < (0.25 if topic["low"] == 0 else 0.04):
            vals.append("-")
            continue
        v = int(topic["low"] + (topic["high"] - topic["low"]) * rng.random() ** 2)
        vals.append(v * 100 + rng.randint(0, 99) if decimal else max(v, 1))
    return vals


def stats_sum(rows: list[list[object]], ncols: int) -> list[object]:
    out: list[object] = []
    for c in range(ncols):
        got = [r[c] for r in rows if not isinstance(r[c], str)]
        out.append(sum(got) if got and sum(got) else "-")
    return out


def build_stats(rng: random.Random, ax: dict, n_rows: int, topic: dict) -> Table:
    """A statistics table by region and province."""
    hr = int(ax["header_rows"])
    nsub = len(topic["subs"]) if hr > 1 else 1
    years = list(range(rng.randint(2545, 2562), 2600))[: rng.randint(3, 8) if hr == 1 else rng.randint(2, 5)]
    header, merges, groups = stats_header(rng, topic, ax, years)
    ncols = len(header[0]) - 1
    decimal = ax["numbers"] == "decimal"
    regions = ax["regions"] != "none"
    want = max(4, min(77, n_rows - 1 - (4 if regions else 0)))
    provinces = [(reg["name"], p) for reg in VOCAB["regions"] for p in reg["provinces"]]
    chosen = sorted(rng.sample(range(len(provinces)), want))
    figures = {i: stats_values(rng, topic, ncols, nsub, decimal) for i in chosen}
    body, kinds = [], []
    if regions:
        for reg in VOCAB["regions"]:
            mine = [i for i in chosen if provinces[i][0] == reg["name"]]
            if not mine:
                continue
            total = stats_sum([figures[i] for i in mine], ncols) if ax["regions"] == "totals" else [None] * ncols
            body.append([reg["name"], *total])
            kinds.append("region")
            for i in mine:
                body.append([provinces[i][1], *figures[i]])
                kinds.append("record")
    else:
        from pythainlp.util import collate
        names = collate([provinces[i][1] for i in chosen])
        by_name = {provinces[i][1]: i for i in chosen}
        for name in names:
            body.append([name, *figures[by_name[name]]])
            kinds.append("record")
    grand = [rng.choice(VOCAB["grand_totals"]), *stats_sum([figures[i] for i in chosen], ncols)]
    at = 0 if ax["total_at"] == "first" else len(body)
    body.insert(at, grand)
    kinds.insert(at, "total")
    if decimal:
        body = [[money(v) if isinstance(v, int) else v for v in row] for row in body]
    span = f"พ.ศ. {years[0]} - {years[-1]}"
    titles = [f"{topic['title']} {span}", "หน่วย: " + topic["group"], f"ข้อมูล ณ ปี {years[-1]}"]
    return Table(sheet=topic["sheet"], titles=titles, header=header, header_merges=merges, groups=groups,
                 roles=["text"] + ["num"] * ncols, formats=[GEN] + [DEC if decimal else INT] * ncols,
                 body=body, kinds=kinds, note=rng.choice([topic["note"], *VOCAB["stats_notes"]]))


# ----------------------------------------------------------------------------- asset registers
def register_header(rng: random.Random, variant: str) -> tuple[list[list[str]], list]:
    """Header grid and merges of an asset register (one row, or two with a group over two)."""
    names = [rng.choice(["ลำดับที่", "ลำดับ\nที่", "ที่"]),
             rng.choice(["วัน เดือน ปี\nที่ได้รับ", "วัน เดือน ปี ที่ได้รับ"]),
             rng.choice(["หมายเลขประจำ\nวัสดุ-ครุภัณฑ์", "หมายเลขประจำวัสดุ-ครุภัณฑ์", "รหัสครุภัณฑ์"]),
             rng.choice(["รายการ ขนาด ลักษณะ", "รายการ ยี่ห้อ ชนิด แบบ ขนาดและลักษณะ"]),
             rng.choice(["ได้มา\nโดยวิธี", "วิธีการได้มา"])]
    tail = ["หมายเหตุ"]
    if variant == "one_row":
        return [names + ["จำนวน", rng.choice(["ราคา\nหน่วยละ", "ราคาต่อหน่วย"]), "เป็นเงิน"] + tail], []
    if variant == "price_group":
        top = names + ["จำนวน", "ราคา", ""] + tail
        low = names + ["จำนวน", "หน่วยละ", "เป็นเงิน"] + tail
        group = (0, 6, 0, 7)
    else:
        top = names + ["จำนวน", "", "ราคา\nหน่วยละ", "เป็นเงิน"] + tail
        low = names + ["เต็มตามบัญชี", "ชำรุด", "ราคา\nหน่วยละ", "เป็นเงิน"] + tail
        group = (0, 5, 0, 6)
    merges = [group] + [(0, c, 1, c) for c in range(len(top)) if not group[1] <= c <= group[3]]
    low = ["" if (0, c, 1, c) in merges else t for c, t in enumerate(low)]
    return [top, low], merges


def asset_date(rng: random.Random, style: str, year: int, two_digit: bool) -> str:
    d, m = rng.randint(1, 28), rng.randint(1, 12)
    y = year - rng.randint(0, 12)
    if style == "slash":
        return f"{d:02d}/{m:02d}/{y}"
    return f"{d} {VOCAB['months'][m - 1]} {y % 100 if two_digit else y}" if style == "thai" else ""


def asset_item(rng: random.Random, long: bool) -> tuple[str, str]:
    """An item's description and its FSN group."""
    group = rng.choice(VOCAB["assets"])
    name = rng.choice(group["names"])
    if long:
        brand = rng.choice(VOCAB["brands"])
        model = f"{rng.choice('ABCDEFGHKLMPRSTX')}{rng.choice('ABCDEFGHKLMPRSTX')}-{rng.randint(100, 9999)}"
        name += f" ยี่ห้อ {brand} รุ่น {model}"
        if rng.random() < 0.5:
            name += f" หมายเลขเครื่อง {rng.randint(10 ** 7, 10 ** 8 - 1)}"
    return name, group["group"]


def build_register(rng: random.Random, ax: dict, n_rows: int, dept: dict, year: int) -> Table:
    """An asset register with a "รวมเป็นเงิน" row merged over the first columns."""
    variant = ax["register_header"]
    header, merges = register_header(rng, variant)
    qty_group = variant == "qty_group"
    ncols = len(header[0])
    long_share = rng.choice([0.1, 0.3, 0.6])
    two_digit = rng.random() < 0.5
    yy = rng.randint(39, 66)
    body, kinds, sum_cents = [], [], 0
    for i in range(1, n_rows):
        name, grp = asset_item(rng, rng.random() < long_share)
        qty = 1 if rng.random() < 0.7 else rng.randint(2, 12)
        seq = rng.randint(1, 40)
        code = f"{grp}-{rng.randint(1, 12):03d}-{rng.randint(1, 60):04d}/{yy}{rng.randint(1, 9)}-{seq:03d}"
        code += f"-{seq + qty - 1:03d}" if qty > 1 and rng.random() < 0.5 else ""
        price = int(10 ** rng.uniform(2.7, 5.6)) // 10 * 1000  # in cents, whole tens of baht
        counts = [qty, rng.randint(0, qty)] if qty_group else [qty]
        sum_cents += price * qty
        body.append([i, asset_date(rng, ax["dates"], year, two_digit), code, name, rng.choice(VOCAB["acquired_by"]),
                     *counts, money(price), money(price * qty), rng.choice(VOCAB["remarks"])])
        kinds.append("record")
    total_col = ncols - 2
    body.append(["รวมเป็นเงิน"] + [None] * (total_col - 1) + [money(sum_cents), None])
    kinds.append("total")
    nums = len(header[0]) - 8  # the count columns
    roles = ["center", "center", "code", "long", "center"] + ["center"] * nums + ["num", "num", "text"]
    formats = [GEN, GEN, GEN, GEN, GEN] + [INT] * nums + [DEC, DEC, GEN]
    titles = [rng.choice(VOCAB["register_titles"]).format(year=year), f"{dept['name']} {rng.choice(VOCAB['colleges'])}",
              f"ตรวจสอบ ณ วันที่ 30 กันยายน {year}"]
    sign = rng.choice(VOCAB["sign_roles"])
    last = len(body) - 1
    return Table(sheet=dept["sheet"], titles=titles, header=header, header_merges=merges, roles=roles,
                 formats=formats, body=body, kinds=kinds, body_merges=[(last, 0, last, total_col - 1)],
                 note=rng.choice(VOCAB["register_notes"]), signature=signature(rng, sign))


def signature(rng: random.Random, role: str) -> list[str]:
    return [f"ลงชื่อ...........................................{role}", f"({rng.choice(VOCAB['persons'])})",
            f"ตำแหน่ง {rng.choice(VOCAB['positions'])}"]


# ----------------------------------------------------------------------------- plans
def plan_header(rng: random.Random, hr: int, years: list[int]) -> tuple[list[list[str]], list, list]:
    """Header grid, merges and droppable year columns of a plan table."""
    lead = [rng.choice(["ที่", "ลำดับ"]), rng.choice(["โครงการ/กิจกรรม", "โครงการ"]), "วัตถุประสงค์",
            rng.choice(["เป้าหมาย\n(ผลผลิตของโครงการ)", "เป้าหมาย"])]
    unit = rng.choice(["หน่วยงาน\nรับผิดชอบ", "หน่วยงานรับผิดชอบหลัก"])
    groups = [[len(lead) + k] for k in range(len(years))]
    if hr == 1:
        return [lead + [rng.choice(["{y}\n(บาท)", "งบประมาณ\nปี {y}"]).format(y=y) for y in years] + [unit]], [], groups
    top = lead + [rng.choice(["งบประมาณ (บาท)", "งบประมาณและที่มา"])] + [""] * (len(years) - 1) + [unit]
    low = [""] * len(lead) + [str(y) for y in years] + [""]
    merges = [(0, c, 1, c) for c in range(len(lead))] + [(0, len(top) - 1, 1, len(top) - 1)]
    merges.append((0, len(lead), 0, len(lead) + len(years) - 1))
    return [top, low], merges, groups


def project_row(rng: random.Random, project: dict, breaks: bool) -> tuple[str, str, str]:
    """(project, objective, target) with the template's blanks filled."""
    fill = dict(moo=rng.randint(1, 15), village=rng.choice(VOCAB["villages"]), m=rng.randint(1, 30) * 50,
                n=rng.randint(2, 60) * 10)
    name = project["name"].format(**fill)
    if breaks and rng.random() < 0.6:
        steps = rng.sample(VOCAB["project_steps"], rng.randint(2, 3))
        name += "".join(f"\n{k}. {s}" for k, s in enumerate(steps, 1))
    return name, project["goal"], project["target"].format(**fill)


def build_plan(rng: random.Random, ax: dict, n_rows: int, start: int) -> Table:
    """A plan: strategy rows over the whole width, records with budgets per year."""
    years = list(range(start, start + rng.randint(2, 5)))
    header, merges, groups = plan_header(rng, int(ax["header_rows"]), years)
    ncols = len(header[0])
    restart = rng.random() < 0.5
    body, kinds, body_merges, k = [], [], [], 0
    strategies = list(enumerate(VOCAB["strategies"]))
    s = rng.randrange(len(strategies))
    while len(body) < n_rows:
        idx, name = strategies[s % len(strategies)]
        s += 1
        body.append([f"ยุทธศาสตร์ที่ {idx + 1} {name}"] + [None] * (ncols - 1))
        kinds.append("section")
        body_merges.append((len(body) - 1, 0, len(body) - 1, ncols - 1))
        k = 0 if restart else k
        pool = [p for p in VOCAB["projects"] if p["s"] == idx] or VOCAB["projects"]
        for _ in range(min(rng.randint(2, 7), max(1, n_rows - len(body)))):
            p = rng.choice(pool)
            k += 1
            budgets = [rng.randint(p["low"] // 1000, p["high"] // 1000) * 1000 if rng.random() > 0.2 else "-"
                       for _ in years]
            body.append([k, *project_row(rng, p, ax["breaks"] == "yes"), *budgets, p["unit"]])
            kinds.append("record")
        if ax["merge_units"] == "yes":
            body_merges += unit_runs(rng, body, kinds, ncols - 1)
    titles = [rng.choice(VOCAB["plan_titles"]).format(y0=years[0], y1=years[-1]),
              f"องค์การบริหารส่วนตำบล{rng.choice(VOCAB['tambons'])} อำเภอเมือง จังหวัด"
              f"{rng.choice(VOCAB['regions'])['provinces'][0]}", f"ยุทธศาสตร์การพัฒนาและแผนงาน ปี {years[0]}"]
    return Table(sheet=f"แผน {years[0]}-{years[-1]}"[:31], titles=titles, header=header, header_merges=merges,
                 groups=groups, roles=["center", "long", "long", "long"] + ["num"] * len(years) + ["text"],
                 formats=[GEN] * 4 + [INT] * len(years) + [GEN], body=body, kinds=kinds, body_merges=body_merges,
                 note=rng.choice(VOCAB["plan_notes"]), signature=signature(rng, rng.choice(VOCAB["sign_roles"])))


def unit_runs(rng: random.Random, body: list[list], kinds: list[str], col: int) -> list[tuple[int, int, int, int]]:
    """Runs of 2-3 records of the last section given one unit, merged down (the text is in every row)."""
    last = max(i for i, k in enumerate(kinds) if k == "section")
    rows = list(range(last + 1, len(body)))
    merges, i = [], 0
    while i < len(rows) - 1:
        n = min(rng.randint(2, 3), len(rows) - i)
        run = rows[i:i + n]
        for r in run:
            body[r][col] = body[run[0]][col]
        merges.append((run[0], col, run[-1], col))
        i += n + rng.randint(0, 1)
    return merges


# ----------------------------------------------------------------------------- a workbook's plan
def draw_axes(rng: random.Random) -> dict[str, str]:
    """One level of every axis, and of the kind's own axes."""
    ax = {a: rng.choice(levels) for a, levels in AXES.items()}
    ax.update({a: rng.choice(levels) for a, levels in KIND_AXES[ax["kind"]].items()})
    return ax


def build_tables(rng: random.Random, ax: dict) -> list[Table]:
    """The workbook's tables, one per sheet, each with its own content."""
    n = int(ax["sheets"])
    lo, hi = ROW_RANGE[ax["rows"]]
    tables = []
    if ax["kind"] == "stats":
        for topic in rng.sample(VOCAB["stats_topics"], n):
            tables.append(build_stats(rng, ax, rng.randint(lo, hi), topic))
    elif ax["kind"] == "register":
        year = rng.randint(2560, 2567)
        for dept in rng.sample(VOCAB["departments"], n):
            tables.append(build_register(rng, ax, rng.randint(lo, hi), dept, year))
    else:
        start = rng.randint(2561, 2566)
        for k in range(n):
            tables.append(build_plan(rng, ax, rng.randint(lo, hi), start + k))
    for t in tables:
        t.titles = t.titles[:int(ax["title"])]
        if ax["footer"] in ("none", "signature"):
            t.note = ""
        if ax["footer"] in ("none", "note"):
            t.signature = []
        elif not t.signature:
            t.signature = signature(rng, rng.choice(VOCAB["sign_roles"]))
    return tables


# ----------------------------------------------------------------------------- widths
def bold_row(kind: str) -> bool:
    return kind in ("region", "total", "section")


def spanned(t: Table) -> set[tuple[int, int]]:
    """Body cells inside a horizontal span (their width is the span's, not the column's)."""
    return {(r, c) for r0, c0, r1, c1 in t.body_merges if c1 > c0 for r in range(r0, r1 + 1)
            for c in range(c0, c1 + 1)}


def column_needs(t: Table, family: str, size: float, header_bold: bool) -> tuple[list[float], list[float]]:
    """(desired, least) width in points of every column: numbers and codes never wrap,
    text wraps past a cap, nothing narrower than its widest unbreakable word."""
    skip = spanned(t)
    hmerged = {(r, c) for r0, c0, r1, c1 in t.header_merges if c1 > c0 for r in range(r0, r1 + 1)
               for c in range(c0, c1 + 1)}
    desired, least = [], []
    for c, role in enumerate(t.roles):
        cells = [(show(row[c], t.formats[c]), bold_row(t.kinds[r])) for r, row in enumerate(t.body)
                 if (r, c) not in skip]
        head = [t.header[r][c] for r in range(len(t.header)) if (r, c) not in hmerged and t.header[r][c]]
        indent = size if c == 0 and role == "text" else 0.0  # indented province names
        word = max([longest_piece(h, family, size, header_bold) for h in head] +
                   [longest_piece(s, family, size, b) for s, b in cells] + [0.0]) / FILL + PAD_W
        full = max([widest_line(s, family, size, b) for s, b in cells] + [0.0]) + indent
        if role in ("num", "code", "center"):
            want = max(full * 1.06 + PAD_W, word)
            desired.append(want)
            least.append(want)
        else:
            cap = size * (16 if role == "long" else 10)
            desired.append(max(min(full / FILL + PAD_W, cap), word, 4 * size))
            least.append(max(word, 4 * size))
    return desired, least


def fit_natural(desired: list[float], least: list[float], avail: float) -> list[float] | None:
    """Column widths within ``avail`` points: wrapping columns give up room, down to their least."""
    if sum(desired) <= avail:
        return desired
    slack = [d - m for d, m in zip(desired, least)]
    over = sum(desired) - avail
    if sum(slack) < over:
        return None
    keep = 1 - over / sum(slack)
    return [m + s * keep for m, s in zip(least, slack)]


def printable_width(ax: dict) -> float:
    return PAPER[ax["orientation"]][0] - 2 * 72 * MARGINS[ax["margins"]][0] - 4  # a hair for rounding


def plan_widths(tables: list[Table], ax: dict) -> tuple[list[list[float]], int, str]:
    """Widths of every table, the font size and the fit used: natural size brings the size
    down to 10 and drops year groups before it gives up and fits the workbook after all."""
    family, size = ax["font"], int(ax["font_size"])
    bold = ax["header_style"] != "plain"
    if ax["fit"] == "fit_width":
        return [column_needs(t, family, size, bold)[0] for t in tables], size, "fit_width"
    avail = printable_width(ax)
    for s in range(size, 9, -1):
        got = [fit_natural(*column_needs(t, family, s, bold), avail) for t in tables]
        if all(g is not None for g in got):
            return got, s, "natural"
    trimmed = [copy.deepcopy(t) for t in tables]
    widths = []
    for t in trimmed:
        while (w := fit_natural(*column_needs(t, family, 10, bold), avail)) is None and len(t.groups) > 1:
            drop_columns(t, set(t.groups[-1]))
        widths.append(w)
    if all(w is not None for w in widths):
        tables[:] = trimmed
        return widths, 10, "natural"
    return [column_needs(t, family, size, bold)[0] for t in tables], size, "fit_width"


# ----------------------------------------------------------------------------- writing a sheet
def hline(style: str, y: int, nh: int, nrows: int) -> str | None:
    """The rule above table row ``y`` (``nrows`` header and body rows; y == nrows: the bottom)."""
    if style == "grid_thick_header" and y in (0, nh):
        return "medium"
    if style == "outer_and_header" and nh < y < nrows:
        return None
    return "thin"


def vline(style: str, x: int, y: int, nh: int, ncols: int) -> str | None:
    """The rule left of table column ``x`` in table row ``y`` (x == ncols: the right edge)."""
    if style == "horizontal":
        return None
    if style == "grid_thick_header" and y < nh and x in (0, ncols):
        return "medium"
    return "thin"


def cell_border(style: str, rng_: tuple[int, int, int, int], r: int, c: int, nh: int, nrows: int, ncols: int):
    """The border of one physical cell of a (merged) range: rules on the range's edges only."""
    from openpyxl.styles import Border, Side
    r0, c0, r1, c1 = rng_

    def side(kind: str | None) -> Side:
        return Side(style=kind) if kind else Side()

    return Border(top=side(hline(style, r0, nh, nrows) if r == r0 else None),
                  bottom=side(hline(style, r1 + 1, nh, nrows) if r == r1 else None),
                  left=side(vline(style, c0, r, nh, ncols) if c == c0 else None),
                  right=side(vline(style, c1 + 1, r, nh, ncols) if c == c1 else None))


def ranges(t: Table) -> dict[tuple[int, int], tuple[int, int, int, int]]:
    """Every table cell (header rows first, then body rows) -> the range it belongs to."""
    nh = len(t.header)
    out = {(r, c): (r, c, r, c) for r in range(nh + len(t.body)) for c in range(t.ncols)}
    merges = t.header_merges + [(r0 + nh, c0, r1 + nh, c1) for r0, c0, r1, c1 in t.body_merges]
    for m in merges:
        for r in range(m[0], m[2] + 1):
            for c in range(m[1], m[3] + 1):
                out[r, c] = m
    return out


@dataclass
class Placed:
    """A written cell's text and box, for the row heights."""
    r0: int
    r1: int
    width: float
    text: str
    size: float
    bold: bool
    wrap: bool


def write_table(ws, t: Table, ax: dict, widths: list[float], size: int, rng: random.Random) -> None:
    """Titles, header, body, note and signature of one table on its sheet, rows sized to their text."""
    from openpyxl.utils import get_column_letter
    placed: list[Placed] = []
    top = write_titles(ws, t, ax, widths, size, placed)
    row = write_grid(ws, t, ax, widths, size, top, placed)
    row = write_footer(ws, t, ax["font"], widths, size, row, rng, placed)
    for c, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(c + 1)].width = round(w / unit_pt(), 2)
    set_heights(ws, placed, ax["font"], size, row)
    page_setup(ws, ax, top, len(t.header))


def write_line(ws, row: int, cols: tuple[int, int], text: str, font, horizontal: str) -> None:
    """One line of text merged over columns (1-based, inclusive), no borders."""
    from openpyxl.styles import Alignment
    ws.merge_cells(start_row=row, start_column=cols[0], end_row=row, end_column=cols[1])
    cell = ws.cell(row, cols[0], text)
    cell.font = font
    cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)


def write_titles(ws, t: Table, ax: dict, widths: list[float], size: int, placed: list[Placed]) -> int:
    """Title lines over the table's width (the first larger), maybe a blank row; returns the header's row."""
    from openpyxl.styles import Font
    row = 1
    for k, text in enumerate(t.titles):
        big = size + (2 if k == 0 else 1)
        write_line(ws, row, (1, t.ncols), text, Font(name=ax["font"], size=big, bold=True), "center")
        placed.append(Placed(row, row, sum(widths), text, big, True, True))
        row += 1
    return row + (1 if t.titles and ax["title_gap"] == "yes" else 0)


def write_grid(ws, t: Table, ax: dict, widths: list[float], size: int, top: int, placed: list[Placed]) -> int:
    """Header and body with their merges, borders, fonts, fills and formats; returns the row below."""
    from openpyxl.styles import Font, PatternFill
    n, nh = t.ncols, len(t.header)
    nrows = nh + len(t.body)
    cover = ranges(t)
    for r0, c0, r1, c1 in sorted(set(cover.values())):
        if (r0, c0) != (r1, c1):
            ws.merge_cells(start_row=top + r0, start_column=c0 + 1, end_row=top + r1, end_column=c1 + 1)
    fill = PatternFill("solid", fgColor=FILLS[ax["header_style"]]) if ax["header_style"] in FILLS else None
    for r in range(nrows):
        for c in range(n):
            rng_ = cover[r, c]
            cell = ws.cell(top + r, c + 1)
            cell.border = cell_border(ax["borders"], rng_, r, c, nh, nrows, n)
            head = r < nh
            kind = "header" if head else t.kinds[r - nh]
            bold = ax["header_style"] != "plain" if head else bold_row(kind)
            cell.font = Font(name=ax["font"], size=size, bold=bold)
            if head and fill:
                cell.fill = fill
            if (r, c) != rng_[:2]:
                continue  # a merge's other cells: borders and fonts only
            value = t.header[r][c] if head else t.body[r - nh][c]
            if value is not None and value != "":
                cell.value = value
            wrap = head or t.roles[c] in ("text", "long") or rng_[3] > rng_[1]
            cell.alignment = alignment(head, t.roles[c], kind, c, ax["valign"], wrap, value)
            if not head and not isinstance(value, str) and value is not None:
                cell.number_format = t.formats[c]
            text = show(value, t.formats[c]) if not head else (value or "")
            placed.append(Placed(top + rng_[0], top + rng_[2], sum(widths[rng_[1]:rng_[3] + 1]), text, size, bold,
                                 wrap))
    return top + nrows


def write_footer(ws, t: Table, family: str, widths: list[float], size: int, row: int, rng: random.Random,
                 placed: list[Placed]) -> int:
    """The note right under the table (or a row lower) and the signature block a few rows down,
    over the right half; returns the row below the last."""
    from openpyxl.styles import Font
    if t.note:
        row += rng.randint(0, 1)
        write_line(ws, row, (1, t.ncols), t.note, Font(name=family, size=size), "left")
        placed.append(Placed(row, row, sum(widths), t.note, size, False, True))
        row += 1
    if t.signature:
        row += rng.randint(1, 3)
        first = t.ncols // 2
        for text in t.signature:
            write_line(ws, row, (first + 1, t.ncols), text, Font(name=family, size=size), "center")
            placed.append(Placed(row, row, sum(widths[first:]), text, size, False, True))
            row += 1
    return row


def alignment(head: bool, role: str, kind: str, c: int, valign: str, wrap: bool, value: object):
    """Header centred; body: numbers right, codes and counters centred, text left (indented provinces)."""
    from openpyxl.styles import Alignment
    if head:
        return Alignment(horizontal="center", vertical="center", wrap_text=True)
    if kind == "section":
        return Alignment(horizontal="left", vertical=valign, wrap_text=True)
    if kind == "total" and role != "num" and c == 0:
        return Alignment(horizontal="center", vertical=valign, wrap_text=wrap)
    if role == "num":
        return Alignment(horizontal="center" if value == "-" else "right", vertical=valign)
    if role in ("center", "code"):
        return Alignment(horizontal="center", vertical=valign, wrap_text=False)
    indent = 1 if kind == "record" and c == 0 and role == "text" else 0
    return Alignment(horizontal="left", vertical=valign, wrap_text=wrap, indent=indent)


def set_heights(ws, placed: list[Placed], family: str, size: int, last: int) -> None:
    """Every row's height as Excel would store it: its tallest cell's lines, a merge's
    lines spread so that the rows it covers hold them all."""
    pitch = VOCAB["fonts"][family]
    heights = {r: pitch * size + PAD_H for r in range(1, last + 1)}
    need = []
    for p in placed:
        lines = line_count(p.text, p.width, family, p.size, p.bold) if p.wrap else p.text.count("\n") + 1
        need.append((p, lines * pitch * p.size + PAD_H))
    for p, h in need:
        if p.r0 == p.r1:
            heights[p.r0] = max(heights[p.r0], h)
    for p, h in need:
        have = sum(heights[r] for r in range(p.r0, p.r1 + 1))
        if p.r1 > p.r0 and have < h:
            heights[p.r1] += h - have
    for r, h in heights.items():
        ws.row_dimensions[r].height = round(min(h, 409.0), 1)


def page_setup(ws, ax: dict, top: int, nh: int) -> None:
    """A4, orientation, margins, header rows on every page, fit to one page wide."""
    from openpyxl.worksheet.page import PageMargins
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ax["orientation"]
    lr, tb = MARGINS[ax["margins"]]
    ws.page_margins = PageMargins(left=lr, right=lr, top=tb, bottom=tb, header=0.3, footer=0.3)
    if ax["print_titles"] == "yes":
        ws.print_title_rows = f"{top}:{top + nh - 1}"
    if ax["fit"] == "fit_width":
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0


# ----------------------------------------------------------------------------- gold
def gold_table(t: Table) -> dict:
    """The table as the gold format says: merged header text everywhere it covers,
    columns joined top to bottom, body rows as displayed."""
    nh = len(t.header)
    cover = ranges(t)
    header = [[t.header[cover[r, c][0]][cover[r, c][1]] for c in range(t.ncols)] for r in range(nh)]
    columns = []
    for c in range(t.ncols):
        parts, seen = [], set()
        for r in range(nh):
            key = cover[r, c]
            text = t.header[key[0]][key[1]]
            if key not in seen and text:
                parts.append(text.replace("\n", " "))
            seen.add(key)
        columns.append(" / ".join(parts))
    rows = []
    for r, row in enumerate(t.body):
        out = []
        for c in range(t.ncols):
            r0, c0, r1, c1 = cover[r + nh, c]
            src = row[c] if c == c0 else None  # a horizontal span: text in its first column only
            if c == c0 and r + nh != r0:
                src = t.body[r0 - nh][c0]  # a vertical merge: filled down
            out.append(show(src, t.formats[c]))
        rows.append(out)
    return {"pages": [0, 0], "header": header, "columns": columns, "rows": rows}


def build_workbook(i: int, src: Path) -> dict:
    """Write sheet-<i>.xlsx and its gold; returns the gold."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils.indexed_list import IndexedList
    rng = random.Random(i)
    ax = draw_axes(rng)
    tables = build_tables(rng, ax)
    widths, size, fit = plan_widths(tables, ax)
    ax.update(font_size=str(size), fit=fit)
    wb = Workbook()
    wb._fonts = IndexedList([Font(name=NORMAL_FONT[0], sz=NORMAL_FONT[1], family=2)])  # the width unit's font
    wb.remove(wb.active)
    for t, w in zip(tables, widths):
        ws = wb.create_sheet(t.sheet)
        write_table(ws, t, ax, w, size, rng)
    name = f"sheet-{i:03d}"
    wb.save(src / f"{name}.xlsx")
    gold = {"source": {"generator": "benchmarks/sheets.py", "seed": i}, "producer": "libreoffice-calc", "axes": ax,
            "tables": [gold_table(t) for t in tables]}
    (src / f"{name}.gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return gold


# ----------------------------------------------------------------------------- pages
def skeleton(text: str) -> str:
    """Consonants, digits and Latin letters only: what survives the text layer Calc writes with
    these fonts (sara am split, marks reordered, spaces inside words)."""
    text = re.sub(r"\(cid:\d+\)", "", unicodedata.normalize("NFC", text))  # glyphs with no Unicode
    return re.sub(r"[^\u0e01-\u0e2e\u0e50-\u0e590-9A-Za-z]", "", text)


def row_keys(row: list[str]) -> list[str]:
    """What a page holds when it holds the row: its numbers and codes (never wrapped; a merged
    cell's text is printed once, a filled-down copy is not) and a short first cell, else the
    whole first non-empty cell (a strategy or region row)."""
    keys = [skeleton(c) for c in row if re.fullmatch(r"\d[\d,./-]*", c)]
    if keys and row[0] and "\n" not in row[0] and len(skeleton(row[0])) <= 12:
        keys.append(skeleton(row[0]))
    return keys or [next((skeleton(c) for c in row if skeleton(c)), "")]


def locate_pages(pdf: Path, gold: dict) -> None:
    """Each table's first and last page (1-based): the first page from the last table's first
    on that holds its first row (and its second row there or on the next page), the last page
    before the next table's first that holds its last row (and the one before it there or on
    the page before): sheets start on new pages, a row is never cut in two."""
    import pdfplumber
    with pdfplumber.open(pdf) as doc:
        texts = [skeleton(p.extract_text() or "") for p in doc.pages]

    def holds(p: int, row: list[str]) -> bool:
        return 0 <= p < len(texts) and all(k in texts[p] for k in row_keys(row))

    def starts(p: int, rows: list[list[str]]) -> bool:
        return holds(p, rows[0]) and (len(rows) < 2 or holds(p, rows[1]) or holds(p + 1, rows[1]))

    def ends(p: int, rows: list[list[str]]) -> bool:
        return holds(p, rows[-1]) and (len(rows) < 2 or holds(p, rows[-2]) or holds(p - 1, rows[-2]))

    firsts, start = [], 0
    for t in gold["tables"]:
        first = next((p for p in range(start, len(texts)) if t["rows"] and starts(p, t["rows"])), None)
        firsts.append(first)
        start = first + 1 if first is not None else start
    for k, (t, first) in enumerate(zip(gold["tables"], firsts)):
        end = next((f for f in firsts[k + 1:] if f is not None), len(texts))
        last = next((p for p in range(end - 1, -1, -1) if first is not None and p >= first
                     and ends(p, t["rows"])), None)
        if last is not None:
            t["pages"] = [first + 1, last + 1]


# ----------------------------------------------------------------------------- render, extract, score
def render(src: Path, pdf_dir: Path, profile: Path) -> None:
    """All workbooks of src/ printed by one soffice call."""
    books = sorted(str(p) for p in src.glob("*.xlsx"))
    subprocess.run(["soffice", f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(pdf_dir), *books], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)


def extract(pdf_dir: Path, out_dir: Path, jobs: int) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, "-m", "thaitab", "extract", str(pdf_dir), "-o", str(out_dir), "--profile",
                    "generic", "-q", "--force", "--workers", str(jobs)], check=False, cwd=ROOT, env=env)


def score(pdf_dir: Path, out_dir: Path) -> dict[str, dict]:
    """score_tables.py's per-file figures by stem."""
    r = subprocess.run([sys.executable, str(SHARED / "tools/score_tables.py"), str(pdf_dir), str(out_dir), "--json"],
                       capture_output=True, text=True, check=True)
    return {f["stem"]: f for f in json.loads(r.stdout)["files"]}


# ----------------------------------------------------------------------------- tables
@functools.lru_cache(maxsize=1)
def scorer():
    """The scorer's own rates and line, so that the figures here read as its do."""
    sys.path.insert(0, str(SHARED / "tools"))
    import score_tables
    return score_tables


def totals(files: list[dict]) -> dict:
    return {k: sum(f[k] for f in files) for k in SUMS}


def axis_table(half: str, axis: str, levels: tuple[str, ...], golds: dict[str, dict],
               scores: dict[str, dict]) -> list[str]:
    """One line per level of an axis: counts summed over its workbooks, then rated."""
    st = scorer()
    lines = [f"{half}: {axis}",
             f"  {'level':20} files  rows aligned/gold  row_exact  cell_exact     cer  header  split  fused  extra"]
    for level in levels:
        files = [scores[n] for n, g in golds.items() if n in scores and g["axes"].get(axis) == level]
        if not files:
            continue
        t = totals(files)
        x = st.rates(t)
        lines.append(f"  {level:20} {len(files):5}  {t['aligned']:6}/{t['rows']:<6}     {x['row_exact']:9.3f}  "
                     f"{x['cell_exact']:10.3f}  {x['cer']:6.4f}  {x['header']:6.3f}  {t['split']:5}  {t['fused']:5}  "
                     f"{t['extra']:5}")
    return lines if len(lines) > 2 else []  # a kind's own axis in a half without that kind: no table


def report(half: str, golds: dict[str, dict], scores: dict[str, dict]) -> None:
    """The half's overall line, its axis tables and (tuning only) its weak workbooks."""
    st = scorer()
    mine = [scores[n] for n in golds if n in scores]
    print(st.line(f"sheets {half}: files {len(mine)} tables {sum(f['tables'] for f in mine)}", totals(mine)))
    axes = dict(AXES)
    for kind_axes in KIND_AXES.values():
        for a, levels in kind_axes.items():
            axes[a] = tuple(dict.fromkeys(axes.get(a, ()) + levels))
    for axis, levels in axes.items():
        for line in axis_table(half, axis, levels, golds, scores):
            print(line)
    if half == "tuning":  # the validation half shows its levels' figures and nothing that points at its files
        print(f"{half}: workbooks below row_exact {BELOW}")
        for n, g in golds.items():
            if n in scores and st.rates(scores[n])["row_exact"] < BELOW:
                levels = ", ".join(f"{a}={v}" for a, v in g["axes"].items())
                print(f"  {st.line(n, scores[n])}\n    ({levels})")
    missing = sorted(set(golds) - set(scores))
    if missing:
        print(f"{half}: not scored ({len(missing)}): {' '.join(missing)}")


# ----------------------------------------------------------------------------- main
def clean(folder: Path, patterns: tuple[str, ...]) -> None:
    """Remove this script's own files from a folder (a rerun with fewer workbooks leaves none behind)."""
    folder.mkdir(parents=True, exist_ok=True)
    for pattern in patterns:
        for p in folder.glob(pattern):
            if p.is_file():
                p.unlink()


def run(seeds: list[int], halves: dict[str, str], wanted: list[str], work: Path, jobs: int) -> None:
    src, pdf_dir, out_dir = work / "src", work / "pdf", work / "out"
    clean(src, ("sheet-*.xlsx", "sheet-*.gold.json"))
    clean(pdf_dir, ("sheet-*.pdf", "sheet-*.gold.json"))
    clean(out_dir, ("*",))
    t0 = time.monotonic()
    golds = {f"sheet-{i:03d}": build_workbook(i, src) for i in seeds}
    t1 = time.monotonic()
    render(src, pdf_dir, work / "lo-profile")
    t2 = time.monotonic()
    for name, gold in golds.items():
        pdf = pdf_dir / f"{name}.pdf"
        if pdf.exists():
            locate_pages(pdf, gold)
            (pdf_dir / f"{name}.gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n",
                                                       encoding="utf-8")
        else:
            print(f"sheets: {name}.xlsx did not print")
    extract(pdf_dir, out_dir, jobs)
    t3 = time.monotonic()
    scores = score(pdf_dir, out_dir)
    for half in wanted:
        report(half, {n: g for n, g in golds.items() if halves[n] == half}, scores)
    print(f"sheets: {len(golds)} workbooks built in {t1 - t0:.0f} s, printed in {t2 - t1:.0f} s, extracted in "
          f"{t3 - t2:.0f} s, {time.monotonic() - t0:.0f} s in all ({jobs} jobs)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--half", choices=("tuning", "validation", "both"), default="validation")
    ap.add_argument("--work", type=Path, default=None,
                    help="keep workbooks, PDFs and outputs here (src/, pdf/, out/; default: a temporary folder)")
    ap.add_argument("--count", type=int, default=40, help="workbooks in all, both halves (default 40)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="thaitab extract worker processes")
    args = ap.parse_args()
    if not shutil.which("soffice"):
        print("sheets: LibreOffice (soffice) is not installed: the spreadsheet matrix is skipped")
        return
    all_names = [f"sheet-{i:03d}" for i in range(args.count)]
    halves = split(all_names)
    wanted = ["tuning", "validation"] if args.half == "both" else [args.half]
    todo = [i for i, n in enumerate(all_names) if halves[n] in wanted]
    with tempfile.TemporaryDirectory(prefix="sheets") as tmp:
        run(todo, halves, wanted, args.work or Path(tmp), max(1, args.jobs))


if __name__ == "__main__":
    main()
