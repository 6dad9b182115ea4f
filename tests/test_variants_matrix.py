"""benchmarks/variants.py: the recorded matrix, its split and how a variant's spec is made.

No shared corpus needed: the matrix is a function of benchmarks/variants/axes.json,
and the spec is made from a small synthetic base.
"""
from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture(scope="module")
def variants():
    spec = importlib.util.spec_from_file_location("variants_bench", BENCH / "variants.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def matrix(variants):
    return json.loads((BENCH / "variants" / "matrix.json").read_text(encoding="utf-8"))["variants"]


def test_recorded_matrix_is_what_axes_json_gives(variants, matrix):
    assert matrix == variants.build_matrix(variants.load_axes())
    assert len({v["name"] for v in matrix}) == len(matrix)


def test_split_keeps_the_smallest_digest_of_each_combination_for_validation(variants, matrix):
    groups: dict[tuple, list[dict]] = {}
    for v in matrix:
        groups.setdefault(tuple(v[a] for a in variants.PRIMARY), []).append(v)
    axes = variants.load_axes()
    n_levels = [len(axes["primary"][a]) for a in variants.PRIMARY]
    assert len(groups) == n_levels[0] * n_levels[1] * n_levels[2]
    for group in groups.values():
        first = min(group, key=lambda v: variants.digest(v["name"]))
        assert [v["half"] for v in group].count("validation") == 1
        assert first["half"] == "validation"


def test_every_validation_cell_has_three_reports_or_more(matrix):
    val = [v for v in matrix if v["half"] == "validation"]
    assert min(Counter((v["producer"], v["borders"]) for v in val).values()) >= 3
    assert min(Counter(v["quirk"] for v in val).values()) >= 3


def test_secondary_levels_are_dealt_evenly_in_each_cell_and_reach_both_halves(variants, matrix):
    axes = variants.load_axes()
    cells: dict[tuple, list[dict]] = {}
    for v in matrix:
        cells.setdefault((v["producer"], v["borders"]), []).append(v)
    for axis, levels in axes["secondary"].items():
        for members in cells.values():
            counts = Counter(v[axis] for v in members)
            assert max(counts.values()) - min(counts.values()) <= 1
            if len(levels) <= len(members):
                assert set(counts) == set(levels)
        for half in ("tuning", "validation"):
            assert {v[axis] for v in matrix if v["half"] == half} == set(levels), (axis, half)
    assert {v["base"] for v in matrix} == set(axes["bases"])


def test_deal_is_round_robin_in_digest_order(variants):
    names = [f"v{i}" for i in range(7)]
    dealt = variants.deal(names, "layout", ["a", "b", "c"], 1)
    ordered = sorted(names, key=lambda n: variants.digest(f"layout:{n}"))
    assert [dealt[n] for n in ordered] == ["b", "c", "a", "b", "c", "a", "b"]


BASE = {
    "stem": "base01", "municipality": "เทศบาลตำบลทดสอบ", "fiscal_year_be": 2568, "title_lines": ["รายงาน"],
    "columns": ["issue", "measure", "steps", "period", "output", "outcome", "responsible"],
    "headers": {c: c.upper() for c in ["issue", "measure", "steps", "period", "output", "outcome", "responsible"]},
    "col_widths": {"issue": 12, "measure": 14, "steps": 25, "period": 10, "output": 15, "outcome": 14,
                   "responsible": 11},
    "rows": [{"issue": iss, "measure": f"m{i}", "steps": "s", "period": "ต.ค. 67", "output": "o",
              "outcome": "x", "responsible": "r"} for i, iss in enumerate(["A", "A", "B", "C", "C", "D"])],
    "render": {"producer": "libreoffice", "font": "Laksaman", "pt": 16, "orientation": "landscape",
               "layout": "repeat-header", "borders": "grid", "scanned": True, "pua": True},
}
HEADERS = {"wide": {c: f"{c} wording" for c in BASE["columns"]}}


def axes_for_test() -> dict:
    return {
        "base_render": {"scanned": False, "pua": False},
        "primary": {"producer": {"chromium": {"render": {"producer": "chromium"}}},
                    "borders": {"none": {"render": {"borders": "none"}}},
                    "quirk": {"bold": {"render": {"fake_bold": True, "fake_bold_dx": 0.3}}}},
        "secondary": {"header": {"wide": {"headers_from": "wide", "render": {"header_fill": "D9D9D9"}}},
                      "merge": {"long": {"join_issue_runs": 2}},
                      "columns": {"early": {"drop": ["outcome"], "move": {"responsible": "steps"}}}},
    }


def test_make_spec_applies_every_level(variants):
    v = {"name": "var_x", "producer": "chromium", "borders": "none", "quirk": "bold", "header": "wide",
         "merge": "long", "columns": "early", "base": "base01"}
    spec = variants.make_spec(BASE, v, axes_for_test(), HEADERS)
    assert spec["stem"] == "var_x"
    r = spec["render"]
    assert (r["producer"], r["borders"], r["fake_bold"], r["header_fill"]) == ("chromium", "none", True, "D9D9D9")
    assert r["scanned"] is False and r["pua"] is False  # the base's own quirks are reset
    assert spec["columns"] == ["issue", "measure", "steps", "responsible", "period", "output"]
    assert list(spec["headers"]) == spec["columns"] and spec["headers"]["steps"] == "steps wording"
    assert set(spec["col_widths"]) == set(spec["columns"])
    # issue runs A A | B, C C | D: joined two at a time under the first run's issue
    assert [row["issue"] for row in spec["rows"]] == ["A", "A", "A", "C", "C", "C"]
    assert [row["measure"] for row in spec["rows"]] == [f"m{i}" for i in range(6)]  # content otherwise as is
    assert BASE["rows"][2]["issue"] == "B" and BASE["render"]["scanned"] is True  # the base is not touched


def test_arrange_columns_keeps_order_when_the_anchor_is_missing(variants):
    assert variants.arrange_columns(["measure", "responsible"], {"move": {"responsible": "steps"}}) \
        == ["measure", "responsible"]
    assert variants.arrange_columns(["a", "b", "outcome"], {"drop": ["outcome"]}) == ["a", "b"]
