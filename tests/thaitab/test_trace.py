"""The pipeline's trace: what it decided on each page, kept only when asked for."""
from __future__ import annotations

from pathlib import Path

import pytest

import thaitab.pipeline as pipeline
from thaitab import inspect as ti
from thaitab.pipeline import Options, process_pdf
from thaitab.trace import BODY, EMPTY, HEADER, REPEAT, FileTrace
from tests.thaitab.test_inspect import EVIL, HEADER as HEAD, SAMPLE, make_pdf


@pytest.fixture(scope="module")
def two_pages(tmp_path_factory) -> Path:
    """The header repeats on page 2; the row cut by the page break carries on there."""
    root = tmp_path_factory.mktemp("trace")
    return make_pdf(root / "two.pdf", [
        [HEAD, ["Issue 1", "Measure A", "Output A", "Outcome A"],
         ["Issue 2", EVIL, "Output B", "Outcome B starts"]],
        [HEAD, ["", "", "Output B goes on", "and ends"], ["Issue 3", "Measure C", "Output C", "Outcome C"]],
    ])


def test_trace_says_what_became_of_every_row(two_pages):
    trace = FileTrace()
    result = process_pdf(two_pages, Options(profile="generic"), trace=trace)
    assert result.error is None and sorted(trace.pages) == [1, 2]
    one, two = trace.pages[1], trace.pages[2]
    assert [[r.kind for r in roles] for roles in one.roles] == [[HEADER, BODY, BODY]]
    assert [[(r.kind, r.row, r.carried_from) for r in roles] for roles in two.roles] == [
        [(REPEAT, None, None), (BODY, 1, 1), (BODY, 2, None)]]
    assert all(r.kind != EMPTY for roles in one.roles + two.roles for r in roles)
    assert one.joins[0].starts and "first table" in one.joins[0].why
    assert not two.joins[0].starts and two.joins[0].table == 0
    assert "header repeated, 1 row(s) dropped" in two.joins[0].why
    assert "carries on row 2 from page 1" in two.joins[0].why
    # each record knows the table row it was made from
    (recs,) = [r for r in trace.records if r is not None]
    assert recs.source_rows == [0, 1, 2]
    assert [rec["Measure"] for rec in recs.rows] == ["Measure A", EVIL, "Measure C"]
    assert one.method == two.method == "text"


def test_a_trace_changes_nothing_in_the_result(two_pages):
    plain = process_pdf(two_pages, Options(profile="generic"))
    traced = process_pdf(two_pages, Options(profile="generic"), trace=FileTrace())
    assert [t.rows for t in plain.tables] == [t.rows for t in traced.tables]
    assert plain.warnings == traced.warnings


def test_repairs_per_cell_are_traced():
    trace = FileTrace()
    assert process_pdf(SAMPLE, Options(pages=[1]), trace=trace).error is None
    repairs = trace.pages[1].repairs
    assert repairs and all(len(box) == 4 and notes for box, notes in repairs)


def test_inspect_runs_the_pipeline_once(two_pages, tmp_path, monkeypatch):
    calls = []
    real = pipeline.iter_pages

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "iter_pages", counted)
    pngs = ti.inspect_pdf(two_pages, tmp_path / "out", profile="generic")
    assert len(pngs) == 2 and len(calls) == 1
