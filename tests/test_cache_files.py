"""The per-file cache and the links cache (issue 18's edit loop): after an edit, only the edited
file is read again and only its changed choices are linked again, while what one file resolves
from another is never stale. Counted from the trace (``PAPERLINT_TRACE``), never timed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "fixtures" / "demo"

OPTIONS = """
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--epochs", type=int, default=90)
"""
TRAIN = """
    import torch
    from model import Net
    from options import parser

    args = parser.parse_args()
    net = Net()
    opt = torch.optim.SGD(net.parameters(), lr=args.lr, momentum=0.9)
"""
MODEL = """
    import torch.nn as nn
    from blocks import Block

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.b1 = Block(64)
            self.b2 = Block(128, p=0.1)
            self.fc = nn.Linear(128, 10)
"""
BLOCKS = """
    import torch.nn as nn

    class Block(nn.Module):
        def __init__(self, width, p=0.5):
            super().__init__()
            self.conv = nn.Conv2d(width, width, 3)
            self.drop = nn.Dropout(p)
"""
FILES = (("options.py", OPTIONS), ("train.py", TRAIN), ("model.py", MODEL), ("blocks.py", BLOCKS))


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


@pytest.fixture
def project(tmp_path):
    """Three files of a small project, the demo paper beside them, a cache of their own."""
    code = tmp_path / "code"
    code.mkdir()
    for name, text in FILES:
        write(code, name, text)
    shutil.copy(DEMO / "paper.pdf", tmp_path / "paper.pdf")
    return code


def audit(code: Path, *args: str) -> tuple[list[str], dict]:
    """One audit through the CLI, in a fresh process: (the traced events, the JSON report)."""
    trace = code.parent / "trace.txt"
    trace.unlink(missing_ok=True)
    out = code.parent / "report.json"
    env = {k: v for k, v in os.environ.items() if k != "PAPERLINT_NO_CACHE"}
    env |= {"PAPERLINT_CACHE_DIR": str(code.parent / "cache"), "PAPERLINT_TRACE": str(trace)}
    r = subprocess.run(
        [sys.executable, "-m", "paperlint", "check", ".", "../paper.pdf", "--format", "json",
         "-o", str(out), *args],
        cwd=code, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert r.returncode in (0, 1, 2) and out.exists(), r.stderr  # 2: a file was skipped
    events = [line.split(" ", 3)[3] for line in trace.read_text().splitlines()]
    return events, json.loads(out.read_text())


def read(events: list[str]) -> list[str]:
    """The files read afresh: each gate task names its file."""
    return sorted(e.split(" ", 2)[2] for e in events if e.startswith("start gate_file "))


def linked(events: list[str]) -> tuple[int, int]:
    """(choices linked anew, choices) of the audit."""
    (event,) = [e for e in events if e.startswith("links: ")]
    words = event.split()
    return int(words[1]), int(words[3])


def fresh(code: Path) -> dict:
    """The report of the same code with no cache at all."""
    return audit(code, "--no-cache")[1]


def values(report: dict, file: str) -> set[tuple[str, str]]:
    return {(c["concept"], c["value"]) for c in report["choices"] if c["file"] == file}


def test_a_cold_audit_reads_every_file_and_links_every_choice(project):
    events, report = audit(project)
    assert read(events) == ["blocks.py", "model.py", "options.py", "train.py"]
    new, total = linked(events)
    assert new == total == len(report["choices"]) > 0


def test_an_edit_to_one_file_reads_only_that_file_and_links_only_its_changed_choices(project):
    _, before = audit(project)
    train = project / "train.py"
    train.write_text(train.read_text().replace("momentum=0.9", "momentum=0.95"))
    events, after = audit(project)
    assert read(events) == ["train.py"]  # the other two files came from the cache
    new, total = linked(events)
    assert 0 < new < total  # the changed choice, not all of them
    assert ("momentum", "0.95") in values(after, "train.py")
    assert after == fresh(project)
    assert after != before


def test_after_an_edit_the_workers_are_forked_from_paperlints_process_not_a_fork_server(
    project,
):
    """The edit loop reads one file: its worker, and the trace readers', are forked from the
    audit's own process as it starts (no fork server, Linux only); a cold audit, which reads
    the paper and every file, has the fork server start its workers."""
    import sys

    events, _ = audit(project)
    assert not [e for e in events if e.startswith("forked ahead")]
    write(project, "blocks.py", BLOCKS.replace("p=0.5", "p=0.4"))
    events, after = audit(project)
    forked = [e for e in events if e.startswith("forked ahead")]
    assert len(forked) == (2 if sys.platform.startswith("linux") else 0)
    assert read(events) == ["blocks.py"]
    assert after == fresh(project)


def test_an_unchanged_file_that_another_edit_touches_is_not_read_again(project):
    audit(project)
    write(project, "blocks.py", BLOCKS + "\n    # a comment\n")
    events, after = audit(project)
    assert read(events) == ["blocks.py"]
    assert after == fresh(project)


def test_an_edited_block_is_seen_where_another_file_builds_it(project):
    """model.py passes `p=0.1` to blocks.py's Block: a dropout rate while Block builds a
    dropout layer from it. When an edit of blocks.py drops that layer, model.py's choices
    change though model.py is not read again (the cross-file step runs again)."""
    _, before = audit(project)
    assert ("dropout", "Dropout(0.1)") in values(before, "model.py")
    write(project, "blocks.py", BLOCKS.replace("self.drop = nn.Dropout(p)", "self.act = nn.ReLU()"))
    events, after = audit(project)
    assert read(events) == ["blocks.py"]
    assert ("dropout", "Dropout(0.1)") not in values(after, "model.py")
    assert ("no_dropout", "absent") in values(after, "model.py")
    assert after == fresh(project)


def test_a_changed_setting_default_is_seen_where_another_file_uses_the_setting(project):
    """train.py's `lr=args.lr` takes its value from options.py's default."""
    _, before = audit(project)
    assert ("learning_rate", "0.1") in values(before, "train.py")
    write(project, "options.py", OPTIONS.replace("default=0.1", "default=0.05"))
    events, after = audit(project)
    assert read(events) == ["options.py"]
    assert ("learning_rate", "0.05") in values(after, "train.py")
    assert ("learning_rate", "0.1") not in values(after, "train.py")
    assert after == fresh(project)


def test_what_a_star_import_gives_a_file_is_part_of_its_entry(project):
    """model.py takes its layer names from `from layers import *`: when layers.py changes what
    a name stands for, model.py is read again with it, though its own bytes are the same."""
    write(project, "layers.py", "from torch.nn import Conv2d as Conv\n")
    write(
        project,
        "model.py",
        """
        import torch.nn as nn
        from layers import *

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.c = Conv(3, 64, 7)
        """,
    )
    _, before = audit(project)
    write(project, "layers.py", "from torch.nn import Conv1d as Conv\n")
    events, after = audit(project)
    assert read(events) == ["layers.py", "model.py"]
    assert after == fresh(project)
    assert before != after
    # the twin: an edit of layers.py that gives model.py the same names reads layers.py only
    write(project, "layers.py", "from torch.nn import Conv1d as Conv\n# the same names\n")
    events, again = audit(project)
    assert read(events) == ["layers.py"]
    assert again == fresh(project)


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b"",
        lambda b: b[: len(b) // 2],
        lambda b: b[:-20] + b"x" * 20,  # the payload no longer matches its hash
        lambda b: os.urandom(100),
    ],
    ids=["empty", "truncated", "bad-hash", "random"],
)
def test_a_damaged_file_entry_is_a_miss(project, damage):
    _, good = audit(project)
    entries = sorted((project.parent / "cache" / "v1" / "file").rglob("*.json"))
    assert len(entries) == len(FILES)
    target = next(p for p in entries if b'"display":"model.py"' in p.read_bytes())
    target.write_bytes(damage(target.read_bytes()))
    train = project / "train.py"
    train.write_text(train.read_text() + "\n# edited\n")  # so that the result is not a hit
    events, again = audit(project)
    assert read(events) == ["model.py", "train.py"]  # the damaged entry read as a miss
    assert again["choices"] == good["choices"]
    assert again == fresh(project)


def test_an_entry_whose_facts_name_a_foreign_class_is_a_miss(project):
    """An entry another program wrote cannot make paperlint build anything but its records."""
    from paperlint import cache as caching

    audit(project)
    store = caching.Cache(project.parent / "cache")
    for p in (project.parent / "cache" / "v1" / "file").rglob("*.json"):
        head, _, facts = p.read_bytes().partition(b"\n")[2].partition(b"\n")
        evil = facts.replace(b"paperlint.code.python:FileFacts", b"os:system", 1)
        store.put_bytes("file", p.stem, head + b"\n" + evil)
    (project / "train.py").write_text((project / "train.py").read_text() + "\n# edited\n")
    events, again = audit(project)
    assert read(events) == ["blocks.py", "model.py", "options.py", "train.py"]
    assert again == fresh(project)
    assert not again["skipped"]


def test_a_file_that_does_not_parse_is_remembered_as_such(project):
    write(project, "broken.py", "def f(:\n    pass\n")
    _, before = audit(project)
    assert [p["code"] for p in before["skipped"]] == ["E105"]
    (project / "train.py").write_text((project / "train.py").read_text() + "\n# edited\n")
    events, after = audit(project)
    assert read(events) == ["train.py"]  # the syntax error came from the cache too
    assert after["skipped"] == before["skipped"]
    assert after == fresh(project)


def test_two_audits_at_once_on_one_cache_both_give_the_right_report(project):
    audit(project)
    (project / "train.py").write_text((project / "train.py").read_text() + "\n# edited\n")
    env = {k: v for k, v in os.environ.items() if k != "PAPERLINT_NO_CACHE"}
    env["PAPERLINT_CACHE_DIR"] = str(project.parent / "cache")
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "paperlint",
                "check",
                ".",
                "../paper.pdf",
                "--format",
                "json",
                "-o",
                str(project.parent / f"r{i}.json"),
            ],
            cwd=project,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for i in range(2)
    ]
    for r in runs:
        assert r.wait(timeout=300) in (0, 1)
    want = fresh(project)
    for i in range(2):
        assert json.loads((project.parent / f"r{i}.json").read_text()) == want
    assert not list((project.parent / "cache").rglob(".tmp-*"))


def test_a_second_worker_reads_only_a_large_amount_of_code(tmp_path):
    from paperlint.code.files import discover
    from paperlint.code.stage import SECOND_WORKER_BYTES, Options, workers_for

    (tmp_path / "small.py").write_text("x = 1\n")
    (tmp_path / "configs.yaml").write_text("a: 1\n" * SECOND_WORKER_BYTES)  # configs don't count
    small = discover([tmp_path], [])
    (tmp_path / "big.py").write_text("y = 2\n" * (SECOND_WORKER_BYTES // 6 + 1))
    big = discover([tmp_path], [])
    two = 2 if (os.cpu_count() or 1) > 1 else 1
    assert workers_for(small, Options()) == 1
    assert workers_for(big, Options()) == two
    assert workers_for(big, Options(workers=1)) == 1  # a batch: one audit per core
