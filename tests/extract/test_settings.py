"""The settings machinery (extract/settings.py): one frozen object in a context,
overrides by name, values read from the command line's text, one-line errors.

The stages' own settings are tested by their owners; these tests use the probe
settings of :mod:`tests.settings_probe` (added to the real cells section)."""
from __future__ import annotations

import dataclasses
import pickle
import re
import threading

import pytest

import thaitab.extract.settings as s
from tests.settings_probe import install

@pytest.fixture
def probe(monkeypatch):
    install(monkeypatch)


def test_every_setting_has_a_one_line_reason():
    for name, _, why in s.describe():
        assert why.strip() and "\n" not in why, f"{name}: a setting says in one line why it has its value"


def test_the_defaults_are_in_force_outside_use(probe):
    assert s.current() is s.DEFAULT
    assert s.current().cells.probe_em == 0.5
    assert s.names()["cells.probe_em"] == 0.5


def test_use_overrides_for_the_block_only_and_nests(probe):
    with s.use({"cells.probe_em": 0.8}) as outer:
        assert s.current() is outer and outer.cells.probe_em == 0.8
        with s.use({"cells.probe_count": 5}):  # a mapping overrides what is in force
            assert (s.current().cells.probe_em, s.current().cells.probe_count) == (0.8, 5)
        assert s.current().cells.probe_count == 3
    assert s.current().cells.probe_em == 0.5


def test_use_restores_after_an_error(probe):
    with pytest.raises(RuntimeError):
        with s.use({"cells.probe_em": 0.8}):
            raise RuntimeError
    assert s.current().cells.probe_em == 0.5


def test_use_none_keeps_and_a_settings_object_replaces(probe):
    chosen = s.override(s.current(), {"cells.probe_em": 1.5})
    with s.use(chosen):
        with s.use(None):
            assert s.current() is chosen
    with s.use({"cells.probe_em": 0.9}):
        with s.use(s.DEFAULT):
            assert s.current().cells.probe_em == 0.5


@pytest.mark.parametrize("text, field, value", [
    ("0.8", "probe_em", 0.8), ("2", "probe_em", 2.0), ("7", "probe_count", 7),
    ("yes", "probe_strict", True), ("False", "probe_strict", False), ("3, 4.5", "probe_span_pt", (3.0, 4.5)),
])
def test_text_from_the_command_line_is_read_as_the_defaults_type(probe, text, field, value):
    got = getattr(s.override(s.DEFAULT, {f"cells.{field}": text}).cells, field)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize("field, value", [
    ("probe_em", 3), ("probe_em", 0.25), ("probe_count", 4), ("probe_strict", True), ("probe_span_pt", [5, 6]),
])
def test_python_values_of_the_right_kind(probe, field, value):
    got = getattr(s.override(s.DEFAULT, {f"cells.{field}": value}).cells, field)
    assert got == (tuple(value) if isinstance(value, list) else value)


@pytest.mark.parametrize("key, value, message", [
    ("cells.probe_em", "wide", "setting 'cells.probe_em' takes a number, not 'wide'"),
    ("cells.probe_em", "nan", "setting 'cells.probe_em' takes a finite number, not 'nan'"),
    ("cells.probe_em", float("inf"), "takes a finite number"),
    ("cells.probe_em", True, "setting 'cells.probe_em' takes a number, not True"),
    ("cells.probe_em", "", "takes a number"),
    ("cells.probe_count", "2.5", "setting 'cells.probe_count' takes a whole number, not '2.5'"),
    ("cells.probe_count", 2.0, "takes a whole number"),
    ("cells.probe_strict", "maybe", "setting 'cells.probe_strict' takes true or false, not 'maybe'"),
    ("cells.probe_strict", 1, "takes true or false"),
    ("cells.probe_span_pt", "3", "takes 2 values separated by commas"),
    ("cells.probe_span_pt", "1,2,3", "takes 2 values separated by commas"),
    ("cells.probe_span_pt", "1,x", "takes 2 values separated by commas"),
    ("cells.probe_emm", "1", "unknown setting 'cells.probe_emm'; did you mean 'cells.probe_em'?"),
    ("probe_em", "1", "unknown setting 'probe_em'"),
    ("cells", "1", "unknown setting 'cells'"),
])
def test_a_bad_name_or_value_is_one_line_naming_the_setting(probe, key, value, message):
    with pytest.raises(ValueError) as err:
        s.override(s.DEFAULT, {key: value})
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_settings_that_are_not_a_mapping_are_refused():
    with pytest.raises(TypeError, match="mapping"):
        s.resolve([("cells.probe_em", 1)])


@pytest.mark.parametrize("text, parsed", [("cells.probe_em=0.8", ("cells.probe_em", "0.8")),
                                          (" a.b = 1,2 ", ("a.b", "1,2"))])
def test_parse_assignment(text, parsed):
    assert s.parse_assignment(text) == parsed


@pytest.mark.parametrize("text", ["cells.probe_em", "=0.8", "cells.probe_em=", " = "])
def test_parse_assignment_refuses_half_an_assignment(text):
    with pytest.raises(ValueError, match="section.name=value"):
        s.parse_assignment(text)


def test_changed_lists_only_what_differs_from_the_defaults(probe):
    assert s.changed(s.DEFAULT) == {}
    chosen = s.override(s.DEFAULT, {"cells.probe_strict": "true", "cells.probe_em": "0.5"})
    assert s.changed(chosen) == {"cells.probe_strict": True}


def test_settings_are_frozen_and_travel_to_other_processes(probe):
    chosen = s.override(s.DEFAULT, {"cells.probe_em": 0.75})
    with pytest.raises(dataclasses.FrozenInstanceError):
        chosen.cells.probe_em = 1.0  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(chosen)) == chosen


def test_a_thread_sees_the_settings_only_when_carried(probe):
    seen: dict[str, float] = {}

    def look(key: str) -> None:
        seen[key] = s.current().cells.probe_em

    with s.use({"cells.probe_em": 0.9}):
        plain = threading.Thread(target=look, args=("plain",))
        carried = threading.Thread(target=s.carried(look), args=("carried",))
        plain.start(), carried.start()
        plain.join(), carried.join()
    assert seen == {"plain": 0.5, "carried": 0.9}


def test_names_follow_the_section_dot_field_form():
    for name in s.names():
        assert re.fullmatch(r"[a-z]+\.[a-z][a-z0-9_]*", name), name
