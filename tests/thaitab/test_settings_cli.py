"""Settings from the user to the pipeline (issue 18): ``--setting`` on extract,
text and inspect, ``thaitab settings``, ``read_pdf(settings=)``, batch workers
(local processes, Dask) and the manifest.

The probe settings of :mod:`tests.settings_probe` stand in for the stages' own:
inside a file's run the probe notes the value in force as a warning ("probe
0.8"), which the manifest shows. Command-line cases run in a subprocess, as a
user would, with the probe installed by a bootstrap (``BOOT``)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import thaitab
import thaitab.pipeline as pipeline
import thaitab.extract.settings as settings_module
from thaitab.extract.settings import current, override, use
from tests.settings_probe import BOOT, install
from tests.thaitab.test_batch import archive, manifest, report
from thaitab import batch, cli
from thaitab.batch.work import Task, run_task

REPO = Path(__file__).resolve().parents[2]


def thaitab_cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run([sys.executable, "-c", BOOT, *map(str, args)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def probe(monkeypatch):
    install(monkeypatch)
    monkeypatch.setattr(batch, "warm_up", lambda: None)  # ASCII test PDFs: no dictionary needed


def test_settings_command_lists_name_default_and_reason():
    done = thaitab_cli("settings")
    assert done.returncode == 0, done.stderr
    listed = dict(ln.split(None, 1) for ln in done.stdout.splitlines() if "=" in ln.split(" ")[0])
    assert listed["cells.probe_em=0.5"] == "a probe for the tests (a float in font sizes)"
    assert listed["cells.probe_span_pt=1.0,2.0"] == "a probe for the tests (two numbers)"
    assert "cells.probe_strict=false" in listed and "cells.probe_count=3" in listed
    one = thaitab_cli("settings", "cells.probe_count")
    assert [ln for ln in one.stdout.splitlines() if "=" in ln.split(" ")[0]] == [
        "cells.probe_count=3  a probe for the tests (a whole number)"]
    bad = thaitab_cli("settings", "cels")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "'cels'" in bad.stderr


@pytest.mark.parametrize("command", ["extract", "text", "inspect"])
@pytest.mark.parametrize("assignment, named", [
    ("cells.probe_emm=0.8", "unknown setting 'cells.probe_emm'; did you mean 'cells.probe_em'?"),
    ("cells.probe_em=wide", "setting 'cells.probe_em' takes a number, not 'wide'"),
    ("cells.probe_em", "a setting is written section.name=value, not 'cells.probe_em'"),
])
def test_a_bad_setting_is_one_line_and_exit_2(tmp_path, command, assignment, named):
    pdf = report(tmp_path / "a.pdf", "a")
    out = ["-o", str(tmp_path / "out")]
    done = thaitab_cli(command, pdf, *out, "--setting", assignment)
    assert done.returncode == 2
    assert done.stderr == f"thaitab: {named} (see `thaitab settings`)\n" if "unknown" in named \
        else done.stderr == f"thaitab: {named}\n"
    assert not (tmp_path / "out").exists()  # refused before any work


def test_a_setting_reaches_the_local_workers_and_the_manifest(tmp_path):
    src = archive(tmp_path / "in", ["a.pdf", "b.pdf", "sub/c.pdf"])
    out = tmp_path / "out"
    common = ["extract", src, "-o", out, "--profile", "ita", "--workers", "2", "-q"]
    first = thaitab_cli(*common, "--setting", "cells.probe_em=0.8", "--setting", "cells.probe_count=4")
    assert first.returncode == 0, first.stderr
    entries = manifest(out)
    assert all("probe 0.8" in e["warnings"] for e in entries)
    assert all(e["options"].endswith(";cells.probe_em=0.8;cells.probe_count=4") for e in entries)

    again = thaitab_cli(*common, "--setting", "cells.probe_count=4", "--setting", "cells.probe_em=0.8")
    assert again.returncode == 0 and {e["status"] for e in manifest(out)} == {"skipped"}

    default = thaitab_cli(*common)  # other settings: not unchanged, every file is read again
    assert default.returncode == 0, default.stderr
    entries = manifest(out)
    assert {e["status"] for e in entries} == {"ok"}
    assert all("probe 0.5" in e["warnings"] and "probe_" not in e["options"] for e in entries)


def test_default_settings_keep_the_manifest_key_it_always_had(tmp_path):
    settings = batch.BatchSettings(out=tmp_path, options=pipeline.Options(profile="ita"))
    assert settings.options_key() == "profile=ita;pages=default;column_map=default;excel=yes;csv_excel_safe=no"


def test_a_job_carries_its_settings_into_a_worker_whatever_is_in_force(tmp_path, probe):
    pdf = report(tmp_path / "a.pdf", "a")
    chosen = override(settings_module.DEFAULT, {"cells.probe_em": 1.25})
    job = batch.BatchSettings(out=tmp_path / "out", extract_settings=chosen).job()
    task = Task(0, str(pdf), "a.pdf", str(tmp_path / "out"))
    with use({"cells.probe_em": 0.75}):  # the worker's own context says otherwise
        outcome = run_task(task, job)
    assert outcome.status == "ok" and "probe 1.25" in outcome.warnings


def test_a_setting_reaches_dask_workers(tmp_path, probe):
    distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed")
    src = archive(tmp_path / "in", ["a.pdf", "b.pdf"])
    out = tmp_path / "dask"
    with distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
        rc = cli.main(["extract", str(src), "-o", str(out), "--profile", "ita", "--executor", "dask",
                       "--scheduler", cluster.scheduler_address, "--setting", "cells.probe_em=0.9"])
    assert rc == 0
    assert all("probe 0.9" in e["warnings"] and "cells.probe_em=0.9" in e["options"] for e in manifest(out))


def test_read_pdf_takes_settings(tmp_path, probe, monkeypatch):
    pdf = report(tmp_path / "a.pdf", "a")
    seen: list[float] = []
    inner = pipeline._process_pdf

    def recording(*args, **kwargs):
        seen.append(current().cells.probe_em)
        return inner(*args, **kwargs)

    monkeypatch.setattr(pipeline, "_process_pdf", recording)
    frame = thaitab.read_pdf(pdf, profile="ita", settings={"cells.probe_em": 0.7})
    assert len(frame) == 2  # report() writes two rows
    thaitab.read_pdf(pdf, profile="ita", settings=override(settings_module.DEFAULT, {"cells.probe_em": "0.6"}))
    thaitab.read_pdf(pdf, profile="ita")
    assert seen == [0.7, 0.6, 0.5]
    with pytest.raises(ValueError, match="unknown setting 'cells.probe'"):
        thaitab.read_pdf(pdf, settings={"cells.probe": 1})
    assert seen == [0.7, 0.6, 0.5]  # refused before the file was read


@pytest.mark.parametrize("command, module, function", [("text", "thaitab.text", "pdf_text"),
                                                       ("inspect", "thaitab.inspect", "inspect_pdf")])
def test_text_and_inspect_run_with_the_setting(tmp_path, probe, monkeypatch, command, module, function):
    import importlib

    seen: list[float] = []

    def recording(*args, **kwargs):
        seen.append(current().cells.probe_em)
        return "" if command == "text" else []

    monkeypatch.setattr(importlib.import_module(module), function, recording)
    pdf = report(tmp_path / "a.pdf", "a")
    assert cli.main([command, str(pdf), "-o", str(tmp_path / "o"), "--setting", "cells.probe_em=1.5"]) == 0
    assert cli.main([command, str(pdf), "-o", str(tmp_path / "o")]) == 0
    assert seen == [1.5, 0.5]


def test_batch_settings_take_a_mapping_and_refuse_a_bad_one_as_a_batch_error(tmp_path, probe):
    chosen = batch.BatchSettings(out=tmp_path, extract_settings={"cells.probe_em": "0.4"}).extract_settings
    assert chosen.cells.probe_em == 0.4
    with pytest.raises(batch.BatchError, match="unknown setting 'cells.nope'"):
        batch.BatchSettings(out=tmp_path, extract_settings={"cells.nope": 1})


def test_a_reader_that_goes_away_is_no_traceback():
    read, write = os.pipe()
    os.close(read)  # as `thaitab settings | head -1` once head has its line
    env = dict(os.environ, PYTHONPATH=str(REPO))
    try:
        done = subprocess.run([sys.executable, "-c", BOOT, "settings"], cwd=REPO, env=env, stdout=write,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write)
    assert done.returncode == 1 and done.stderr == ""
