"""The trace's readers of search definitions (paperlint/trace/readers): each reader's examples
in paperlint/trace/examples/<reader>/ run as tests, and the harness that runs them is checked."""

from __future__ import annotations

import textwrap

import pytest

from paperlint.testing import TraceCase, run_trace_case, trace_cases, trace_examples_dir
from paperlint.trace import readers
from paperlint.trace.files import discover, read_searches
from paperlint.trace.source import SourceFile, setting_kind

CASES = trace_cases()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_reader_example_behaves_as_marked(case):
    _, errors = run_trace_case(case)
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("name", list(readers.READERS))
def test_every_reader_has_examples_that_must_and_must_not_be_found(name):
    folder = trace_examples_dir() / name
    assert folder.is_dir(), f"add examples for the {name} reader in {folder}"
    kinds = {m.kind for c in CASES if c.reader == name for m in c.markers()}
    assert "trace" in kinds and "notrace" in kinds, kinds


def _case(tmp_path, reader, name, text):
    folder = tmp_path / reader
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return TraceCase(reader, path)


def test_an_unmarked_space_is_an_error(tmp_path):
    case = _case(
        tmp_path,
        "shell",
        "run.sh",
        """
        # notrace: seed
        for lr in 0.1 0.01; do python train.py --lr $lr; done
        """,
    )
    _, errors = run_trace_case(case)
    assert errors == ["run.sh:2: unmarked space lr values[0.1, 0.01]"]


def test_a_wrong_space_is_reported_with_what_was_found(tmp_path):
    case = _case(
        tmp_path,
        "shell",
        "run.sh",
        """
        # trace: lr values[0.1, 0.001]
        for lr in 0.1 0.01; do python train.py --lr $lr; done
        """,
    )
    _, errors = run_trace_case(case)
    assert errors == ["run.sh:2: expected lr values[0.1, 0.001], got lr values[0.1, 0.01]"]


def test_settings_are_keyed_by_the_code_vocabulary():
    assert setting_kind("optimizer.lr") == ("lr", "learning_rate", "learning_rate")
    assert setting_kind("--weight-decay") == ("weight_decay", "weight_decay", "weight_decay")
    assert setting_kind("clf__C")[0] == "c"
    # repeated runs over seeds, datasets or devices are not searches
    assert setting_kind("seed") is None
    assert setting_kind("dataset") is None
    assert setting_kind("gpu") is None


def test_the_stage_reads_sweeps_scripts_and_families_of_a_project(tmp_path):
    (tmp_path / "sweep.yaml").write_text(
        "method: grid\nparameters:\n  lr:\n    values: [0.1, 0.01]\n", encoding="utf-8"
    )
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "run.sh").write_text(
        "for d in 0.1 0.5; do python train.py --dropout $d; done\n", encoding="utf-8"
    )
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "sweep.yaml").write_text(
        "method: grid\nparameters:\n  lr:\n    values: [1, 2]\n", encoding="utf-8"
    )
    files = discover([tmp_path])
    assert sorted(f.language for f in files) == ["shell", "yaml"]
    searches, read, notes = read_searches(files, 1_000_000)
    assert read == 2 and not notes
    assert sorted((s.source, s.spaces[0].key) for s in searches) == [
        ("shell", "dropout"),
        ("wandb", "lr"),
    ]


def test_a_file_that_does_not_parse_is_no_search_and_no_crash():
    src = SourceFile("bad.yaml", "method: grid\nparameters: [\n", "yaml")
    assert readers.module("wandb").read(src) == []
    src = SourceFile("bad.py", "def f(:\n  trial.suggest_float('lr', 0, 1)\n", "python")
    assert readers.module("optuna").read(src) == []


def test_an_alias_bomb_is_read_within_a_bound():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    src = SourceFile("bomb.yaml", bomb + "method: grid\nparameters: {}\n", "yaml")
    assert readers.module("wandb").read(src) == []  # read, bounded, and nothing searched


def test_a_config_nested_deeper_than_a_person_writes_is_not_composed():
    deep = SourceFile("deep.json", "[" * 5000 + "]" * 5000, "json")
    assert deep.yaml_documents() == []
    nested = SourceFile("ok.yaml", "a:\n  b:\n    c: [1, [2, [3]]]\n", "yaml")
    assert nested.yaml_documents()[0].get("a").get("b").get("c").is_list


def test_tests_and_vendored_libraries_are_not_the_projects_searches(tmp_path):
    tuner = (
        "import optuna\n\ndef objective(trial):\n    return trial.suggest_float('lr', 1e-5, 1e-1)\n"
    )
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_tuner.py").write_text(tuner)
    lib = tmp_path / "src" / "transformers"
    lib.mkdir(parents=True)
    (lib / "__init__.py").write_text("")
    (lib / "trainer_utils.py").write_text(tuner)
    (tmp_path / "tune.py").write_text(tuner)  # the project's own: the twin that is read
    files = discover([tmp_path])
    assert "tests/test_tuner.py" not in {f.display for f in files}
    searches, _read, notes = read_searches(files, 1_000_000)
    assert [s.file.rsplit("/", 1)[-1] for s in searches] == ["tune.py"]
    assert any("vendored" in n for n in notes)
