"""The effective configuration: runs, the value each setting takes in each, and where."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from helpers import extract_files, find

from paperlint.model import CodeInventory, from_dict, to_dict

TRAIN = """
import argparse
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.1)
parser.add_argument("--epochs", type=int, default=10)
args = parser.parse_args()
opt = torch.optim.SGD(model.parameters(), lr=args.lr)
"""


def test_a_setting_with_different_values_in_two_runs_is_one_choice_per_value(tmp_path):
    inv = extract_files(
        tmp_path,
        {
            "train.py": TRAIN,
            "small.sh": "python train.py --lr 0.01\n",
            "large.sh": "python train.py --lr 0.2 --epochs 90\n",
        },
    )
    assert {r.name for r in inv.runs} == {"small.sh", "large.sh"}
    # the value written in each script, at its line, for its run
    small = find(list(inv.choices), file="small.sh", kind="learning_rate")[0]
    large = find(list(inv.choices), file="large.sh", kind="learning_rate")[0]
    assert (small.number, small.runs, small.setting) == (0.01, ("small.sh",), "lr")
    assert (large.number, large.runs) == (0.2, ("large.sh",))
    # the default every run overrides is not what runs; the one a run keeps is
    assert not find(list(inv.choices), file="train.py", line=5)
    epochs = find(list(inv.choices), file="train.py", line=6)[0]
    assert epochs.runs == ("small.sh",) and epochs.number == 10.0
    # the code that reads the setting reports the value of most of its runs (here a tie: the
    # first) and names the others
    (use,) = find(list(inv.choices), file="train.py", line=8, kind="learning_rate")
    assert (use.number, use.runs, use.via) == (0.2, ("large.sh",), "large.sh:1")
    assert "other runs: 0.01 in 1 run (small.sh:1)" in use.detail


def test_a_launcher_repeating_a_value_reports_it_once(tmp_path):
    inv = extract_files(
        tmp_path,
        {
            "train.py": TRAIN,
            "Makefile": (
                "a:\n\tpython train.py --lr 0.01 --epochs 5\n"
                "b:\n\tpython train.py --lr 0.01 --epochs 50\n"
            ),
        },
    )
    lr = find(list(inv.choices), file="Makefile", kind="learning_rate")
    assert [(c.line, c.runs) for c in lr] == [(2, ("Makefile:a", "Makefile:b"))]
    assert "the same value at lines 4" in lr[0].detail
    epochs = find(list(inv.choices), file="Makefile", kind="epochs")
    assert sorted((c.line, c.number) for c in epochs) == [(2, 5.0), (4, 50.0)]


def test_without_a_launcher_the_defaults_are_the_run(tmp_path):
    inv = extract_files(
        tmp_path, {"train.py": TRAIN.replace("args = ", "if __name__ == '__main__':\n    args = ")}
    )
    (run,) = inv.runs
    assert (run.name, run.kind, run.entry) == ("train.py", "defaults", "train.py")
    lr = find(list(inv.choices), file="train.py", line=5)[0]
    assert lr.runs == ("train.py",) and lr.number == 0.1
    settings = inv.settings_of(run)
    assert settings["lr"].layer == "code" and settings["lr"].line == 5


def test_library_defaults_of_a_dataclass_the_project_does_not_define(tmp_path):
    """`TrainingArguments` from the installed library: its defaults come from the signature
    table (no line to point at), and the launcher's value wins."""
    inv = extract_files(
        tmp_path,
        {
            "run.py": """
            from transformers import HfArgumentParser, TrainingArguments

            def main():
                parser = HfArgumentParser((TrainingArguments,))
                (training_args,) = parser.parse_args_into_dataclasses()
                return training_args.warmup_ratio

            if __name__ == "__main__":
                main()
            """,
            "go.sh": "python run.py --warmup_ratio 0.06 --output_dir out\n",
        },
    )
    (run,) = inv.runs
    settings = inv.settings_of(run)
    assert settings["lr_scheduler_type"].layer == "library"
    assert (
        settings["lr_scheduler_type"].value == "'linear'"
        and settings["lr_scheduler_type"].line == 0
    )
    assert settings["warmup_ratio"].layer == "launch" and settings["warmup_ratio"].value == "0.06"
    warm = find(list(inv.choices), file="go.sh", kind="warmup")[0]
    assert warm.number == 0.06 and warm.runs == ("go.sh",)
    assert not [c for c in inv.choices if c.line == 0]


def test_a_missing_base_file_is_a_note_on_the_run_not_an_error(tmp_path):
    inv = extract_files(
        tmp_path,
        {
            "configs/net.py": """
            _base_ = ["../_base_/not_audited.py"]
            optimizer = dict(type="SGD", lr=0.02)
            """,
        },
    )
    (run,) = inv.runs
    assert run.name == "configs/net.py" and any("not_audited.py" in n for n in run.notes)
    assert not inv.problems
    assert find(list(inv.choices), kind="learning_rate")[0].runs == ("configs/net.py",)


def test_runs_survive_the_cache_and_the_worker(tmp_path):
    """The records come back from the sandboxed worker (allow-listed) and through JSON."""
    inv = extract_files(
        tmp_path,
        {"train.py": TRAIN, "go.sh": "LR=0.5\npython train.py --lr $LR\n"},
    )
    assert inv.runs and inv.defaults
    again = from_dict(CodeInventory, json.loads(json.dumps(to_dict(inv))))
    assert again == inv
    lr = find(list(inv.choices), file="go.sh", kind="learning_rate")[0]
    assert lr.line == 1, "the value is written in the variable's assignment"


def test_code_in_one_entry_points_closure_takes_only_that_entry_points_runs(tmp_path):
    inv = extract_files(
        tmp_path,
        {
            "a/train.py": """
            import argparse
            from a.model import build
            parser = argparse.ArgumentParser()
            parser.add_argument("--dropout", type=float, default=0.1)
            args = parser.parse_args()
            build(args)
            """,
            "a/model.py": """
            import torch.nn as nn
            def build(args):
                return nn.Dropout(args.dropout)
            """,
            "b/eval.py": """
            import argparse
            parser = argparse.ArgumentParser()
            parser.add_argument("--dropout", type=float, default=0.0)
            args = parser.parse_args()
            """,
            "run_a.sh": "python a/train.py --dropout 0.3\n",
        },
    )
    use = find(list(inv.choices), file="a/model.py", kind="dropout")
    assert [(c.number, c.runs) for c in use] == [(0.3, ("run_a.sh",))]


def test_dump_code_shows_runs_in_text_and_json(tmp_path):
    (tmp_path / "train.py").write_text(TRAIN)
    (tmp_path / "go.sh").write_text("python train.py --lr 0.05\n")
    env = {**os.environ, "PAPERLINT_NO_CACHE": "1"}
    cmd = [sys.executable, "-m", "paperlint", "dump-code", "."]
    text = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, env=env)
    assert text.returncode == 0, text.stderr
    assert "run go.sh [launch] entry train.py, launched at go.sh:1" in text.stdout
    assert "lr = 0.05  go.sh:1 (launch)" in text.stdout
    js = subprocess.run(
        [*cmd, "--format", "json"], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    data = json.loads(js.stdout)
    (run,) = data["runs"]
    assert run["name"] == "go.sh" and run["settings"][0]["key"] == "lr"
    assert data["defaults"][0]["name"] == run["defaults"]
    assert any(c["runs"] == ["go.sh"] for c in data["choices"])


def test_hostile_scripts_and_configs_are_bounded(tmp_path):
    """Variables that name each other, inheritance deeper than the bound, more commands than
    runs are kept for: read to a bound, never a hang or a crash."""
    from paperlint.code.runs import MAX_DEPTH, MAX_RUNS

    files = {
        "train.py": TRAIN,
        "loop.sh": "A=$B\nB=$A\npython train.py --lr $A\n",
        "config/defaults.py": "from yacs.config import CfgNode as CN\n_C = CN()\n_C.SOLVER = CN()\n_C.SOLVER.BASE_LR = 0.1\n",
    }
    depth = MAX_DEPTH + 5
    for i in range(depth):
        base = f'_BASE_: "c{i + 1}.yaml"\n' if i + 1 < depth else ""
        files[f"configs/c{i}.yaml"] = f"{base}SOLVER:\n  BASE_LR: {i}.5\n"
    inv = extract_files(tmp_path, files)
    loop = next(r for r in inv.runs if r.name == "loop.sh")
    assert next(s for s in loop.settings if s.key == "lr").value == "$A"  # not known, not looped
    deep = next(r for r in inv.runs if r.name == "configs/c0.yaml")
    assert any("deeper than" in n for n in deep.notes)
    assert not inv.problems

    many = "".join(f"python train.py --lr {i}e-4\n" for i in range(MAX_RUNS + 20))
    inv = extract_files(tmp_path / "many", {"train.py": TRAIN, "many.sh": many})
    assert len(inv.runs) == MAX_RUNS


def test_entry_points_that_share_a_module_read_its_imports_once(monkeypatch):
    from paperlint.code import runs
    from paperlint.code.python import analyze

    files = {
        "train.py": "from common import helper\nhelper()\n",
        "evaluate.py": "from common import helper\nhelper()\n",
        "common.py": "from parts import block\ndef helper():\n    return block()\n",
        "parts.py": "def block():\n    return 1\n",
    }
    facts = [analyze(src, path, path.removesuffix(".py")) for path, src in files.items()]
    read: list[str] = []
    own = runs.EffectiveConfiguration._file_used_by

    def counted(self, ff):
        read.append(ff.path)
        return own(self, ff)

    monkeypatch.setattr(runs.EffectiveConfiguration, "_file_used_by", counted)
    config = runs.EffectiveConfiguration(facts)
    for entry in ("train.py", "evaluate.py"):
        assert config.uses(entry) == {entry, "common.py", "parts.py"}
    config.loads  # noqa: B018 (what each file loads: read from the same kept facts)
    assert config.uses("train.py") == {"train.py", "common.py", "parts.py"}
    assert read.count("common.py") == 1
    # the twin: another project's reading reads the file again
    assert runs.EffectiveConfiguration(facts).uses("train.py") == config.uses("train.py")
    assert read.count("common.py") == 2
