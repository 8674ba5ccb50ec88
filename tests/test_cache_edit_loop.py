"""The edit loop (issue 18): after an edit to the code, with the paper cached, the audit takes
what depends on the paper alone from the cache (its group statements), runs its code worker at
normal priority (nothing else of the audit runs beside it), and gives the report an audit with
no cache gives. Counted and compared, never timed."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from paperlint import cache as caching
from paperlint import jsonrecords
from paperlint.api import CODE_NICENESS, Config, _Plan, audit

#: a paper (text) whose training recipe is taken from a cited work: a group statement
PAPER = """
    # A dense detector

    # Method

    Each branch of the head stacks four convolutional layers.

    # Experiments

    Unless specified, the same hyper-parameters as DetNet [15] are used.
    We train with SGD at an initial learning rate of 0.01 and a weight decay of 0.0001.

    # References

    [15] A. Author et al. DetNet: a dense detector. 2017.
"""
TRAIN = """
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--weight_decay", type=float, default=0.0001)
    parser.add_argument("--num_layers", type=int, default=4)
    parser.add_argument("--warmup_steps", type=int, default=500)
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    """(code folder, paper, cache folder): one training script and its paper, as text."""
    monkeypatch.delenv("PAPERLINT_NO_CACHE", raising=False)
    code = tmp_path / "code"
    code.mkdir()
    (code / "train.py").write_text(textwrap.dedent(TRAIN).lstrip(), encoding="utf-8")
    paper = tmp_path / "paper.txt"
    paper.write_text(textwrap.dedent(PAPER).lstrip(), encoding="utf-8")
    return code, paper, tmp_path / "cache"


def edit(code: Path, before: str, after: str) -> None:
    train = code / "train.py"
    text = train.read_text(encoding="utf-8")
    assert before in text
    train.write_text(text.replace(before, after), encoding="utf-8")


def paper_entry(cache: Path) -> tuple[Path, dict]:
    (path,) = sorted((cache / "v1" / "paper").rglob("*.json"))
    return path, jsonrecords.loads(path.read_bytes().partition(b"\n")[2])


def finds_counted(monkeypatch) -> list[int]:
    """Each search of the paper for group statements in this process, counted."""
    from paperlint.link import groups

    found: list[int] = []
    original = groups._find_statements

    def counted(paper):
        found.append(1)
        return original(paper)

    monkeypatch.setattr(groups, "_find_statements", counted)
    return found


def test_the_paper_entry_keeps_its_group_statements_and_the_edit_loop_reads_them(
    project, monkeypatch
):
    from paperlint.link import groups
    from paperlint.link.paper_view import PaperView

    code, paper, cache = project
    cold = audit([code], paper, Config(cache_dir=str(cache)))
    _, data = paper_entry(cache)
    kept = data["groups"]
    assert kept and all(isinstance(g, groups.GroupStatement) for g in kept)
    assert kept == groups.statements(PaperView(data["index"]))  # found anew, the same
    found = finds_counted(monkeypatch)
    edit(code, "default=500", "default=600")
    after = audit([code], paper, Config(cache_dir=str(cache)))
    assert found == []  # taken from the paper's entry
    assert after == audit([code], paper, Config(cache=False))
    assert after != cold
    assert "600" in {c.value for c in after.choices if c.param == "warmup_steps"}


def test_a_paper_entry_without_group_statements_is_read_and_they_are_found_anew(
    project, monkeypatch
):
    code, paper, cache = project
    cold = audit([code], paper, Config(cache_dir=str(cache)))
    path, data = paper_entry(cache)
    del data["groups"]  # an entry of an earlier format
    caching.Cache(cache).put_bytes("paper", path.stem, jsonrecords.dumps(data))
    found = finds_counted(monkeypatch)
    edit(code, "default=500", "default=600")
    after = audit([code], paper, Config(cache_dir=str(cache)))
    assert found  # searched for again
    assert after == audit([code], paper, Config(cache=False))
    assert after != cold


def test_with_the_paper_cached_the_code_worker_does_not_yield(project):
    """Beside the paper's workers the code's yields to them (the index is the critical path);
    with the paper cached, the code is the critical path and its worker runs at normal
    priority."""
    code, paper, cache = project
    cold = _Plan([code], paper, Config(cache_dir=str(cache)), caching.Cache(cache))
    cold.run()
    assert cold.options.niceness == CODE_NICENESS
    edit(code, "default=4)", "default=6)")
    loop = _Plan([code], paper, Config(cache_dir=str(cache)), caching.Cache(cache))
    assert loop.options.niceness == CODE_NICENESS  # as planned, before the cache is asked
    loop.run()
    assert loop.options.niceness == 0


def linkers_made(monkeypatch) -> list[int]:
    """Each linker made in this process, counted."""
    from paperlint.link import linker

    made: list[int] = []
    original = linker.Linker

    class Counted(original):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs):
            made.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(linker, "Linker", Counted)
    return made


def test_a_process_that_audits_again_links_an_edit_with_the_linker_it_made_for_the_paper(
    project, monkeypatch
):
    """A long-running process (the daemon) links the choices an edit changed with the linker
    it made for the same paper and code context before (what it read of the paper once for
    every choice): the report is the one a fresh audit gives. Another dataset setting (the
    context) is another linker."""
    code, paper, cache = project
    audit([code], paper, Config(cache_dir=str(cache)))  # fills the cache
    made = linkers_made(monkeypatch)
    edit(code, "default=500", "default=600")
    audit([code], paper, Config(cache_dir=str(cache)))
    assert made == [1]  # the paper from the cache: a linker for it
    edit(code, "default=0.01", "default=0.02")
    again = audit([code], paper, Config(cache_dir=str(cache)))
    assert made == [1]  # the same one
    assert "0.02" in {c.value for c in again.choices if c.param == "lr"}
    assert again == audit([code], paper, Config(cache=False))
    made.clear()
    edit(
        code,
        '"--warmup_steps"',
        '"--dataset", default="cifar10")\nparser.add_argument("--warmup_steps"',
    )
    other = audit([code], paper, Config(cache_dir=str(cache)))
    assert made == [1]  # the code's dataset is part of what a link depends on: a new linker
    assert other == audit([code], paper, Config(cache=False))
