"""Column profiles: what a kind of report table's columns mean, as data files.

A profile is a TOML file (see ``ita.toml``): its columns in output order, for
each the header vocabulary by concept (word → weight), the cell evidence that
confirms it (kind → weight, kinds in :data:`normalize.profiles.evidence.CELL_KINDS`),
what is derived from it (``budget_note``, ``period``, ``amount``), and the
document fields its title block gives. thaitab ships ``ita`` and ``lpd02``;
``--profile FILE.toml`` loads a user's own. Reading a profile never runs code.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["Column", "Profile", "ProfileError", "DERIVED", "DOCUMENT_FIELDS", "load_profile",
           "shipped", "get_profile", "profile_names"]

#: what each ``derive`` adds after its column (``amount`` replaces the text by a number)
DERIVED: dict[str, tuple[str, ...]] = {
    "budget_note": ("uses_budget", "budget_baht"),
    "period": ("period_start", "period_end"),
    "amount": (),
}
#: document fields a profile may take from the table's title block
DOCUMENT_FIELDS = ("municipality", "fiscal_year_be")
#: names a profile's columns may not take: the provenance columns around them
RESERVED = ("source_file", "page_start", "page_end", "table", "method", "confidence", "warnings")
BUILTIN = ("auto", "generic")


class ProfileError(ValueError):
    """A profile file that cannot be used; the message names the file and the reason."""


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a profile and the evidence that names it."""

    name: str
    header: dict[str, float]
    cells: dict[str, float]
    derive: str | None = None
    fill_down: bool = False
    repeat: bool = False          # may name several source columns (a budget per plan year)
    name_from_year: str = ""      # a repeated column's name: prefix + the year in its header
    header_year: float = 0.0      # header evidence of a year (2566) in the header


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    label: str
    columns: tuple[Column, ...]
    sheet: str = ""
    document: tuple[str, ...] = ()
    detect: dict = field(default_factory=dict)
    source: str = ""

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    def output_columns(self, repeated: dict[str, list[str]] | None = None) -> list[str]:
        """The profile's output columns in order (a repeated column expands to
        the names it took, given in ``repeated``)."""
        out = ["source_file", "page_start", "page_end", *self.document]
        for col in self.columns:
            if col.repeat:
                out.extend((repeated or {}).get(col.name, []))
                continue
            out.append(col.name)
            out.extend(DERIVED.get(col.derive or "", ()))
        return out


def _number(where: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ProfileError(f"{where}: a weight must be a number, not {value!r}")
    return float(value)


def _weights(where: str, table) -> dict[str, float]:
    if table is None:
        return {}
    if not isinstance(table, dict):
        raise ProfileError(f"{where}: must be a table of word = weight")
    return {"".join(str(k).split()).lower(): _number(f"{where}.{k}", v) for k, v in table.items()}


def parse_profile(data: dict, source: str) -> Profile:
    """A :class:`Profile` from a TOML document's data; :class:`ProfileError` names what is wrong."""
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ProfileError(f"{source}: needs name = \"...\"")
    if name in BUILTIN:
        raise ProfileError(f"{source}: the name {name!r} is taken by a built-in profile")
    cols = data.get("columns")
    if not isinstance(cols, dict) or not cols:
        raise ProfileError(f"{source}: needs at least one [columns.NAME] table")
    columns = [_column(cname, spec, f"{source}: columns.{cname}") for cname, spec in cols.items()]
    document = data.get("document", [])
    if not isinstance(document, list) or set(document) - set(DOCUMENT_FIELDS):
        raise ProfileError(f"{source}: document must be a list of {', '.join(DOCUMENT_FIELDS)}")
    detect = _detect_rules(data.get("detect", {}), {c.name for c in columns}, source)
    return Profile(name=name.strip(), label=str(data.get("label", name)), columns=tuple(columns),
                   sheet=str(data.get("sheet", "")), document=tuple(document), detect=detect, source=source)


_COLUMN_KEYS = {"header", "cells", "derive", "fill_down", "repeat", "name_from_year", "header_year"}


def _column(cname: str, spec, where: str) -> Column:
    """One ``[columns.NAME]`` table as a :class:`Column` (``where`` names it in errors)."""
    from thaitab.normalize.profiles.evidence import CELL_KINDS

    if cname in RESERVED or cname in DOCUMENT_FIELDS:
        raise ProfileError(f"{where}: {cname!r} is a provenance or document column")
    if not isinstance(spec, dict):
        raise ProfileError(f"{where}: must be a table")
    unknown = set(spec) - _COLUMN_KEYS
    if unknown:
        raise ProfileError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    cells = _weights(f"{where}.cells", spec.get("cells"))
    bad = set(cells) - set(CELL_KINDS)
    if bad:
        raise ProfileError(f"{where}.cells: unknown kind(s) {', '.join(sorted(bad))} "
                           f"(known: {', '.join(CELL_KINDS)})")
    derive = spec.get("derive")
    if derive is not None and derive not in DERIVED:
        raise ProfileError(f"{where}.derive: {derive!r} is not one of {', '.join(DERIVED)}")
    header = _weights(f"{where}.header", spec.get("header"))
    if not header and not cells:
        raise ProfileError(f"{where}: needs header words or cell evidence")
    return Column(
        name=cname, header=header, cells=cells, derive=derive,
        fill_down=bool(spec.get("fill_down", False)), repeat=bool(spec.get("repeat", False)),
        name_from_year=str(spec.get("name_from_year", "") or (cname + "_" if spec.get("repeat") else "")),
        header_year=_number(f"{where}.header_year", spec.get("header_year", 0)))


def _detect_rules(detect, names: set[str], source: str) -> dict:
    """The ``[detect]`` table, checked to name only the profile's columns."""
    if not isinstance(detect, dict):
        raise ProfileError(f"{source}: [detect] must be a table")
    for key in ("require", "confirm", "require_cells"):
        missing = set(detect.get(key, [])) - names
        if missing:
            raise ProfileError(f"{source}: detect.{key} names unknown column(s) {', '.join(sorted(missing))}")
    return detect


def load_profile(path: str | os.PathLike) -> Profile:
    """Read a profile TOML file; :class:`ProfileError` (one line) when it cannot be used."""
    shown = os.fspath(path)
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as exc:
        raise ProfileError(f"{shown}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{shown}: not valid TOML: {exc}") from None
    return parse_profile(data, shown)


@lru_cache(maxsize=1)
def shipped() -> dict[str, Profile]:
    """The profiles installed with thaitab, by name."""
    out = {}
    for entry in sorted(resources.files(__package__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            profile = parse_profile(tomllib.loads(entry.read_text(encoding="utf-8")), entry.name)
            out[profile.name] = profile
    return out


def profile_names() -> tuple[str, ...]:
    """What ``--profile`` accepts by name: auto, generic and the shipped profiles."""
    return (*BUILTIN, *shipped())


@lru_cache(maxsize=16)
def _load_cached(path: str, mtime: float) -> Profile:
    return load_profile(path)


def get_profile(name: str) -> Profile | None:
    """A shipped profile by name, or a profile file by path (``*.toml``); None
    for "auto" and "generic"; :class:`ProfileError` for anything else."""
    if name in BUILTIN:
        return None
    if name in shipped():
        return shipped()[name]
    if name.lower().endswith(".toml") or os.sep in name or "/" in name:
        path = Path(name)
        try:
            mtime = path.stat().st_mtime
        except OSError as exc:
            raise ProfileError(f"{name}: {exc.strerror or exc}") from None
        return _load_cached(str(path.resolve()), mtime)
    raise ProfileError(f"unknown profile {name!r}: use one of {', '.join(profile_names())} "
                       f"or a profile file (.toml)")
