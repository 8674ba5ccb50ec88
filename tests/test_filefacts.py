"""The passes that read the audited Python files again (call sites, inert settings) keep each
file's facts by its content (paperlint.code.filefacts): after an edit only the edited file is
parsed again, and the kept facts give the same answers as a fresh reading. Counted, never
timed."""

from __future__ import annotations

import hashlib
import textwrap

import pytest

from paperlint import cache as caching
from paperlint import callsites, jsonrecords
from paperlint.code import filefacts, inert
from paperlint.model import SourceFile

MODEL = """
    import torch.nn as nn

    class Block(nn.Module):
        def __init__(self, width=64, noise=0.0):
            super().__init__()
            self.fc = nn.Linear(width, width)
            if noise > 0:
                self.drop = nn.Dropout(p=noise)

    if __name__ == "__main__":
        Block(width=8)
"""
TRAIN = """
    import argparse
    from model import Block

    parser = argparse.ArgumentParser()
    parser.add_argument("--opt", default="adam")
    parser.add_argument("--momentum", type=float, default=0.9)
    args = parser.parse_args()
    if args.opt == "sgd":
        print(args.momentum)
    Block(width=32)
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    """(folder, {path: sha256}, store): two files, facts kept in a fresh cache."""
    for name, text in (("model.py", MODEL), ("train.py", TRAIN)):
        (tmp_path / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    store = caching.Cache(tmp_path / "cache")
    monkeypatch.setattr(filefacts, "_memory", {})
    filefacts.keep_in(store, "fingerprint-1")
    yield tmp_path, store
    filefacts.keep_in(None, "")


def digest(folder, name: str) -> str:
    return hashlib.sha256((folder / name).read_bytes()).hexdigest()


def scans_counted(monkeypatch, module, name: str) -> list[str]:
    seen: list[str] = []
    original = getattr(module, name)

    def counted(tree, path):
        seen.append(path)
        return original(tree, path)

    monkeypatch.setattr(module, name, counted)
    return seen


def test_a_file_is_scanned_once_then_its_facts_come_from_the_cache(project, monkeypatch):
    folder, store = project
    seen = scans_counted(monkeypatch, inert, "scan")
    d = digest(folder, "model.py")
    first = filefacts.facts("inert", "model.py", d, str(folder), inert.scan)
    monkeypatch.setattr(filefacts, "_memory", {})  # a new process: only the cache is left
    again = filefacts.facts("inert", "model.py", d, str(folder), inert.scan)
    assert seen == ["model.py"]
    assert jsonrecords.dumps(again) == jsonrecords.dumps(first)
    assert store.writes == 1


def test_an_edited_file_is_scanned_again(project, monkeypatch):
    folder, _store = project
    seen = scans_counted(monkeypatch, inert, "scan")
    filefacts.facts("inert", "model.py", digest(folder, "model.py"), str(folder), inert.scan)
    (folder / "model.py").write_text(
        (folder / "model.py").read_text().replace("width=64", "width=65")
    )
    filefacts.facts("inert", "model.py", digest(folder, "model.py"), str(folder), inert.scan)
    assert seen == ["model.py", "model.py"]


def test_without_a_cache_nothing_is_kept(project, monkeypatch):
    folder, store = project
    filefacts.keep_in(None, "")
    seen = scans_counted(monkeypatch, inert, "scan")
    for _ in range(2):
        filefacts.facts("inert", "model.py", digest(folder, "model.py"), str(folder), inert.scan)
    assert seen == ["model.py", "model.py"]
    assert store.writes == 0


def test_facts_of_another_fingerprint_are_not_used(project, monkeypatch):
    folder, _store = project
    seen = scans_counted(monkeypatch, inert, "scan")
    d = digest(folder, "model.py")
    filefacts.facts("inert", "model.py", d, str(folder), inert.scan)
    filefacts.keep_in(_store, "fingerprint-2")  # paperlint changed
    filefacts.facts("inert", "model.py", d, str(folder), inert.scan)
    assert seen == ["model.py", "model.py"]


def test_a_file_whose_content_is_not_the_audited_one_gives_no_facts(project):
    folder, _store = project
    stale = hashlib.sha256(b"something else").hexdigest()
    assert filefacts.facts("inert", "model.py", stale, str(folder), inert.scan) is None


def files_of(folder) -> list[SourceFile]:
    return [
        SourceFile(name, "python", 10, digest(folder, name)) for name in ("model.py", "train.py")
    ]


def test_call_sites_and_demo_blocks_read_from_kept_facts_are_those_read_afresh(
    project, monkeypatch
):
    folder, _store = project
    fresh = callsites.read(files_of(folder), ["model.py"], base=str(folder))
    assert ("Block", "width") in fresh.passed
    assert fresh.main_only["model.py"]  # the module's demo block, seen as such
    seen = scans_counted(monkeypatch, callsites, "file_facts")
    monkeypatch.setattr(filefacts, "_memory", {})
    kept = callsites.read(files_of(folder), ["model.py"], base=str(folder))
    assert seen == []
    assert kept.passed == fresh.passed and kept.main_only == fresh.main_only


def test_inert_facts_read_from_the_cache_judge_settings_as_fresh_ones(project, monkeypatch):
    folder, _store = project
    paths = [(f.path, f.sha256) for f in files_of(folder)]
    fresh = inert.Program(inert.read_files(paths, str(folder)))
    monkeypatch.setattr(filefacts, "_memory", {})
    seen = scans_counted(monkeypatch, inert, "scan")
    kept = inert.Program(inert.read_files(paths, str(folder)))
    assert seen == []
    values = {"opt": "adam", "momentum": "0.9"}
    for program in (fresh, kept):
        view = inert.RunView.build(program, sorted(program.files), values)
        assert inert.setting_inert("momentum", view) is not None  # read only under opt == sgd
        assert inert.setting_inert("opt", view) is None
    fn = next(f for f in kept.files["model.py"].functions if f.qualname == "Block.__init__")
    assert inert.param_switched_off(kept, fn, "noise") is not None


def test_a_file_s_syntax_tree_is_parsed_once_per_content_and_only_for_its_audited_content(
    tmp_path, monkeypatch
):
    """The passes (and, after an edit, a daemon's next audit) read the same files again: a
    content parsed before gives the tree parsed then; an edited file is parsed anew; a file
    that no longer has the audited content gives none, even with its old tree kept."""
    import ast

    from paperlint.code import files

    parses: list[int] = []
    original = ast.parse

    def counted(*args, **kwargs):
        parses.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(files.ast, "parse", counted)
    path = tmp_path / "model.py"
    path.write_text("x = 1\n")
    digest = hashlib.sha256(b"x = 1\n").hexdigest()
    first = files.audited_python_tree("model.py", digest, str(tmp_path))
    again = files.audited_python_tree("model.py", digest, str(tmp_path))
    assert first is again and len(parses) == 1
    path.write_text("x = 2\n")
    assert files.audited_python_tree("model.py", digest, str(tmp_path)) is None  # not audited
    edited = files.audited_python_tree("model.py", "", str(tmp_path))
    assert len(parses) == 2 and ast.dump(edited) != ast.dump(first)


def parses_counted(monkeypatch) -> list[str]:
    seen: list[str] = []
    original = filefacts.audited_python_tree

    def counted(path, digest, base="."):
        seen.append(path)
        return original(path, digest, base)

    monkeypatch.setattr(filefacts, "audited_python_tree", counted)
    return seen


def test_prepared_facts_of_every_pass_come_from_one_parse_of_each_file(project, monkeypatch):
    from paperlint.code import loaded

    folder, _store = project
    scans = {"inert": inert.scan, "callsites": callsites.file_facts, "loaded": loaded.file_facts}
    files = [(n, digest(folder, n)) for n in ("model.py", "train.py")]
    parsed = parses_counted(monkeypatch)
    filefacts.prepare(files, str(folder), scans)
    assert parsed == ["model.py", "train.py"]
    for kind, scan in scans.items():
        for path, d in files:
            fresh = scan(filefacts.audited_python_tree(path, d, str(folder)), path)
            kept = filefacts.facts(kind, path, d, str(folder), scan)
            assert jsonrecords.dumps(kept) == jsonrecords.dumps(fresh)
    # the passes asked only the facts prepared: no parse of their own (the six above are ours)
    assert len(parsed) == 2 + 6


def test_unprepared_passes_parse_each_file_once_each(project, monkeypatch):
    from paperlint.code import loaded

    folder, _store = project
    parsed = parses_counted(monkeypatch)
    d = digest(folder, "model.py")
    for kind, scan in (("inert", inert.scan), ("loaded", loaded.file_facts)):
        filefacts.facts(kind, "model.py", d, str(folder), scan)
    assert parsed == ["model.py", "model.py"]
