"""The ITA measures profile (``ita.toml``) for code that names it directly.

The profile itself is data (:mod:`normalize.profiles`); this module keeps the
names other modules use: the output columns (the batch's combined dataset and
an empty file's header) and header-only mapping helpers.
"""
from __future__ import annotations

from thaitab.normalize.profiles import shipped
from thaitab.normalize.profiles.assign import assign, detect
from thaitab.normalize.profiles.document import fiscal_year, municipality
from thaitab.normalize.profiles.evidence import header_key

__all__ = ["PROFILE", "TEXT_COLUMNS", "OUTPUT_COLUMNS", "map_headers", "is_ita", "municipality",
           "fiscal_year", "header_key"]

PROFILE = shipped()["ita"]
TEXT_COLUMNS = tuple(c.name for c in PROFILE.columns)
OUTPUT_COLUMNS = tuple(PROFILE.output_columns())


def map_headers(headers: list[str]) -> dict[int, str]:
    """Header texts (by position) → ITA column names, from the headers alone."""
    namings, _, _ = assign(PROFILE, headers, [[] for _ in headers])
    return {nm.index: nm.concept for nm in namings if nm.concept}


def is_ita(headers: list[str], columns: list[list[str]] | None = None) -> bool:
    """True when the headers (and, given, the columns' cells) read like an ITA measures table."""
    namings, _, _ = assign(PROFILE, headers, columns or [[] for _ in headers])
    return detect(PROFILE, namings)
