"""Name a table's columns under a profile: one assignment over all columns.

Each (source column, profile column) pair gets a score: header words
(:func:`evidence.header_score`) plus cell evidence (:func:`evidence.cell_score`),
and a small position tie-break (a column where the profile expects it). The
assignment that maximises the total, each profile column used once (a
``repeat`` column any number of times), is found exactly by dynamic programming
over the set of profile columns used (a profile has a handful of columns).
A pair below :data:`NAME_MIN` is never made: that column keeps its own header.
"""
from __future__ import annotations

from dataclasses import dataclass

from thaitab.normalize.profiles import Profile
from thaitab.normalize.profiles.evidence import cell_evidence, cell_score, header_key, header_score, header_year

#: the least evidence that names a column; below it the column keeps its header
NAME_MIN = 1.2
#: a name with less header evidence than this, or with cells speaking against
#: it, is a guess (the rows' confidence says so)
SURE_HEADER = 1.5
DOUBT_CELLS = -0.5
#: position only breaks ties: at most this much for a column where the profile expects it
POSITION_WEIGHT = 0.1
#: cells confirm a name for ``auto`` when their evidence is at least this (e.g.
#: a third of the cells dated, at weight 3): a stray match confirms nothing
CONFIRM_CELLS = 1.0
FORCED = 1000.0  # a user's --map


@dataclass(slots=True)
class Naming:
    """What one source column became and why."""

    index: int
    header: str
    name: str              # the output column name (a profile column, or the kept header)
    concept: str | None    # the profile column, None when kept under its own header
    score: float = 0.0
    header_words: str = ""
    cell_kinds: str = ""
    how: str = "kept"      # "header+cells", "header", "cells", "map", "kept"
    guess: bool = False
    header_score: float = 0.0
    cell_score: float = 0.0

    def describe(self) -> str:
        """"ขั้นตอนการทำงาน → steps (header: ขั้นตอน; cells: numbered 90%)"."""
        said = []
        if self.how == "map":
            said.append("--map")
        if self.header_words:
            said.append(f"header: {self.header_words}")
        if self.cell_kinds:
            said.append(f"cells: {self.cell_kinds}")
        target = self.name if self.concept else f"kept as {self.name!r}"
        why = f" ({'; '.join(said)})" if said else ""
        return f"{self.header or f'column {self.index + 1}'} → {target}{why}{' [guess]' if self.guess else ''}"


def _position_bonus(i: int, n: int, j: int, m: int) -> float:
    a = i / (n - 1) if n > 1 else 0.0
    b = j / (m - 1) if m > 1 else 0.0
    return POSITION_WEIGHT * (1.0 - abs(a - b))


def score_matrix(profile: Profile, headers: list[str], columns: list[list[str]]):
    """scores[i][j] = (total, header score, header words, cell score, cell kinds)."""
    n, m = len(headers), len(profile.columns)
    evidence = [cell_evidence(col) for col in columns]
    out = []
    for i in range(n):
        row = []
        for j, pc in enumerate(profile.columns):
            hs, hw = header_score(headers[i], pc.header, pc.header_year)
            cs, ck = cell_score(evidence[i], pc.cells)
            row.append((hs + cs, hs, hw, cs, ck))
        out.append(row)
    return out


def _solve(n: int, profile: Profile, allowed) -> tuple[float, list[int | None]]:
    """The best total and the profile column (index) of each source column."""
    unique = [j for j, pc in enumerate(profile.columns) if not pc.repeat]
    bit = {j: 1 << k for k, j in enumerate(unique)}
    # dp: mask of unique profile columns used → (total, choices)
    dp: dict[int, tuple[float, tuple]] = {0: (0.0, ())}
    for i in range(n):
        nxt: dict[int, tuple[float, tuple]] = {}

        def keep(mask, total, choices):
            if mask not in nxt or total > nxt[mask][0]:
                nxt[mask] = (total, choices)

        for mask, (total, choices) in dp.items():
            keep(mask, total, choices + (None,))
            for j, s in allowed[i]:
                if j in bit:
                    if mask & bit[j]:
                        continue
                    keep(mask | bit[j], total + s, choices + (j,))
                else:
                    keep(mask, total + s, choices + (j,))
        dp = nxt
    total, choices = max(dp.values(), key=lambda v: v[0])
    return total, list(choices)


def assign(profile: Profile, headers: list[str], columns: list[list[str]],
           column_map: dict[str, str] | None = None) -> tuple[list[Naming], float, list[str]]:
    """Name every source column: (namings, total evidence, notes about ``column_map``).

    ``columns[i]`` are the body cells of source column ``i``. ``column_map``
    (a user's ``--map``) forces a header (or a 1-based column number) to a
    profile column, or renames a column the profile does not know."""
    n, m = len(headers), len(profile.columns)
    scores = score_matrix(profile, headers, columns)
    forced, renamed, notes = _forced(profile, headers, column_map or {})
    allowed = []
    for i in range(n):
        if i in renamed:
            allowed.append([])
            continue
        if i in forced:
            allowed.append([(forced[i], FORCED)])
            continue
        allowed.append([(j, scores[i][j][0] + _position_bonus(i, n, j, m)) for j in range(m)
                        if scores[i][j][0] >= NAME_MIN and j not in forced.values()])
    # a forced unique profile column is taken by its column alone
    total, choices = _solve(n, profile, allowed)
    namings: list[Naming] = []
    for i, j in enumerate(choices):
        h = headers[i]
        if j is None:
            namings.append(Naming(i, h, renamed.get(i, ""), None, how="map" if i in renamed else "kept"))
            continue
        pc = profile.columns[j]
        tot, hs, hw, cs, ck = scores[i][j]
        how = "map" if i in forced else ("header+cells" if hs > 0 and cs > 0 else "header" if hs > 0 else "cells")
        guess = how != "map" and (hs < SURE_HEADER or cs < DOUBT_CELLS)
        name = pc.name
        if pc.repeat:
            year = header_year(h)
            name = f"{pc.name_from_year}{year}" if year else f"{pc.name_from_year}{i + 1}"
        namings.append(Naming(i, h, name, pc.name, round(tot, 2), hw, ck, how, guess, hs, cs))
    return namings, total - FORCED * len(forced), notes


def _forced(profile: Profile, headers: list[str], column_map: dict[str, str]):
    """Source columns a user named: {i: profile column index}, {i: new name}, notes."""
    keys = [header_key(h) for h in headers]
    forced: dict[int, int] = {}
    renamed: dict[int, str] = {}
    notes: list[str] = []
    names = [pc.name for pc in profile.columns]
    for key, target in column_map.items():
        i = find_column(key, keys)
        if i is None:
            notes.append(f"--map {key!r}: no column has this header")
            continue
        if target in names and not profile.columns[names.index(target)].repeat:
            if names.index(target) in forced.values():
                notes.append(f"--map {key!r}: {target} is already given to another column")
                continue
            forced[i] = names.index(target)
        elif target in names:
            forced[i] = names.index(target)
        else:
            renamed[i] = target
    return forced, renamed, notes


def find_column(key: str, keys: list[str]) -> int | None:
    """The source column a ``--map`` key means: a 1-based number, the header
    itself (white space and "(ต่อ)" ignored), or a part only one header holds."""
    k = key.strip()
    if k.isdigit():
        i = int(k) - 1
        return i if 0 <= i < len(keys) else None
    hk = header_key(k)
    if not hk:
        return None
    if hk in keys:
        return keys.index(hk)
    inside = [i for i, h in enumerate(keys) if hk in h]
    return inside[0] if len(inside) == 1 else None


def detect(profile: Profile, namings: list[Naming]) -> bool:
    """Do header words and cell contents both say this is the profile's table?

    ``[detect]`` of the profile: the ``require`` columns named with header
    evidence; at least ``min_header`` different profile columns named with
    header evidence (a repeated column counts once: twelve month columns are
    not twelve kinds of evidence); of them at least ``min_cells`` of the
    ``confirm`` columns whose cells confirm the name (:data:`CONFIRM_CELLS`),
    and every ``require_cells`` column so confirmed. A profile without
    ``[detect]`` is only used when asked for by name."""
    rules = profile.detect
    if not rules:
        return False
    by_header = {nm.concept for nm in namings if nm.concept and nm.header_score > 0}
    by_cells = {nm.concept for nm in namings
                if nm.concept in by_header and nm.header_score > 0 and nm.cell_score >= CONFIRM_CELLS}
    if not set(rules.get("require", [])) <= by_header:
        return False
    if len(by_header) < int(rules.get("min_header", 1)):
        return False
    if len(set(rules.get("confirm", [])) & by_cells) < int(rules.get("min_cells", 0)):
        return False
    return set(rules.get("require_cells", [])) <= by_cells
