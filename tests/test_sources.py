"""Sources of settings: every source's examples run as tests, and the table is consistent."""

from __future__ import annotations

import importlib

import pytest

from paperlint.code import sources
from paperlint.code.sources import testing

CASES = testing.cases()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_source_example(case):
    failures = testing.check(case)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("entry", sources.TABLE, ids=[e.name for e in sources.TABLE])
def test_every_source_has_examples_that_say_what_to_read_and_what_not(entry):
    mine = [c for c in CASES if c.source == entry.name]
    assert mine, f"no examples in paperlint/code/sources/examples/{entry.name}/"
    kinds = {m.kind for c in mine for m in testing.markers(c)}
    assert kinds & {"setting", "run"}, f"{entry.name}: no `setting:` or `run:` marker"
    assert kinds & {"no-setting", "problem"}, f"{entry.name}: no `no-setting:` marker"


@pytest.mark.parametrize("entry", sources.TABLE, ids=[e.name for e in sources.TABLE])
def test_each_table_line_names_its_module_and_the_module_its_source(entry):
    module = importlib.import_module(f"paperlint.code.sources.{entry.module}")
    src = module.SOURCE
    assert src.name == entry.name
    assert src.layer in ("library", "code", "config", "launch", "written")
    assert src.doc and (module.__doc__ or "").strip()
    reads = [src.read_file, src.read_call, src.read_assign, src.read_dict, src.read_yaml]
    assert any(reads), "a source reads something"
    assert bool(entry.files) == (src.read_file is not None), "file sources list their files"
    assert not src.calls or src.read_call is not None
    assert not src.yaml_keys or src.read_yaml is not None


def test_examples_folders_are_all_registered_sources():
    names = {e.name for e in sources.TABLE}
    assert {c.source for c in CASES} <= names


def test_file_names_map_to_the_source_that_reads_them():
    assert sources.language_of("train.sh") == "shell"
    assert sources.language_of("job.slurm") == "shell"
    assert sources.language_of("Makefile") == "makefile"
    assert sources.language_of("config.yml") == "yaml"
    assert sources.language_of("model.py") is None  # Python is read by the visitor
    assert sources.language_of("README.md") is None
