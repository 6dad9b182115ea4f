"""A probe setting for the settings machinery's tests: ``cells.probe_em`` (and a
few of other kinds), added to the real cells section, and a hook that notes the
value in force inside the pipeline's run as a warning ("probe 0.5"), which the
manifest, the API and the batch outcomes carry out where a test can read it.

The real sections are extended, not replaced, so the stages' own settings stay
readable while a probe is installed. ``install()`` patches the module globals;
a test passes its ``monkeypatch`` to have them put back, a subprocess (the CLI
tests' bootstrap) installs for its whole life.
"""
from __future__ import annotations

import dataclasses
from typing import Any

import thaitab.extract.settings as settings_module
from thaitab.extract.settings import CellSettings, Settings, current, setting

#: the bootstrap a CLI test runs as ``python -c BOOT ARGS``: thaitab's main with the probe installed
BOOT = "import sys; from tests.settings_probe import install; install(); " \
       "from thaitab.cli import main; sys.exit(main(sys.argv[1:]))"


@dataclasses.dataclass(frozen=True)
class ProbeCells(CellSettings):
    """The real cells section and four probes, one of each kind a setting takes."""

    probe_em: float = setting(0.5, "a probe for the tests (a float in font sizes)")
    probe_count: int = setting(3, "a probe for the tests (a whole number)")
    probe_strict: bool = setting(False, "a probe for the tests (a switch)")
    probe_span_pt: tuple = setting((1.0, 2.0), "a probe for the tests (two numbers)")


def install(monkeypatch: Any = None) -> None:
    """Make the probes part of the defaults and note ``probe <value>`` in every
    file's warnings (from inside :func:`thaitab.pipeline.process_pdf`'s run)."""
    import thaitab.pipeline as pipeline

    default = dataclasses.replace(Settings(), cells=ProbeCells())
    inner = pipeline._process_pdf

    def noting(*args: Any, **kwargs: Any):
        result = inner(*args, **kwargs)
        result.warnings.append(f"probe {current().cells.probe_em}")
        return result

    set_attr = monkeypatch.setattr if monkeypatch is not None else setattr
    set_attr(settings_module, "DEFAULT", default)
    set_attr(pipeline, "_process_pdf", noting)
