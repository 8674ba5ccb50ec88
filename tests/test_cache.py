"""The cache: a re-run of unchanged inputs is answered from it without any parser; a changed
input is re-read; a damaged entry is rebuilt, never an error; writes are atomic."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

from paperlint import cache as caching
from paperlint.api import Config, audit
from paperlint.model import AuditResult, CodeInventory, from_dict, to_dict

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "fixtures" / "demo"
PARSERS = ("spacy", "libcst", "pdfminer")
#: every kind of entry an audit writes
KINDS = ("paper", "code", "result", "file", "links")

#: runs the CLI in this process, then prints which parsers it imported (as JSON)
_PROBE = """
import json, sys
from paperlint.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules} & set(%r))))
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    """The demo copied to a temporary folder, with a cache of its own, switched on."""
    shutil.copytree(DEMO, tmp_path / "demo")
    monkeypatch.delenv("PAPERLINT_NO_CACHE", raising=False)
    monkeypatch.setenv("PAPERLINT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "demo"


def run(project: Path, *args: str) -> tuple[list[str], dict]:
    """Audit the demo through the CLI in a fresh process: (parsers imported, JSON report)."""
    out = project / "report.json"
    r = subprocess.run(
        [sys.executable, "-c", _PROBE % (PARSERS,), "check", "code", "paper.pdf",
         "--format", "json", "-o", str(out), *args],
        cwd=project, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    imported = json.loads(r.stdout.strip().splitlines()[-1])
    return imported, json.loads(out.read_text())


def entries(root: Path, kind: str) -> list[Path]:
    return sorted((root / "v1" / kind).rglob("*.json")) if (root / "v1" / kind).is_dir() else []


def test_an_unchanged_audit_is_answered_from_the_cache_without_any_parser(project):
    cold_imports, cold = run(project)
    assert "pdfminer" not in cold_imports  # the PDF is read in worker processes
    assert "libcst" not in cold_imports  # and so is the code
    cache = Path(os.environ["PAPERLINT_CACHE_DIR"])
    assert [len(entries(cache, k)) for k in ("paper", "code", "result")] == [1, 1, 1]
    warm_imports, warm = run(project)
    assert warm_imports == []
    assert warm == cold


def test_a_code_change_rereads_the_code_and_takes_the_paper_from_the_cache(project):
    _, before = run(project)
    model = project / "code" / "model.py"
    model.write_text(model.read_text().replace("0.37", "0.25"))
    imported, after = run(project)
    assert imported == []  # the paper's document and index came from the cache
    assert after["paper"] == before["paper"]
    values = {c["value"] for c in after["choices"]}
    assert any("0.25" in v for v in values) and not any("0.37" in v for v in values)
    _, fresh = run(project, "--no-cache")
    assert after == fresh


def test_the_paper_entry_keeps_the_names_the_scope_reads_and_an_entry_without_them_is_read(
    project,
):
    """The names the scope and the first screen read in the paper are cached with it (an edit
    loop does not read them again); an entry without them (an earlier format) gives the same
    report, the names read anew."""
    from paperlint import jsonrecords
    from paperlint import scope as scoping

    _, cold = run(project)
    cache = Path(os.environ["PAPERLINT_CACHE_DIR"])
    (path,) = entries(cache, "paper")
    _, _, payload = path.read_bytes().partition(b"\n")
    data = jsonrecords.loads(payload)
    assert isinstance(data["names"], scoping.PaperNames) and data["names"].terms
    assert data["names"] == scoping.paper_names(data["index"].document)  # read here, anew
    # the same entry without its names: the code changed, the paper's names read anew
    del data["names"]
    caching.Cache(cache).put_bytes("paper", path.stem, jsonrecords.dumps(data))
    model = project / "code" / "model.py"
    model.write_text(model.read_text().replace("0.37", "0.25"))
    _, after = run(project)
    _, fresh = run(project, "--no-cache")
    assert after == fresh and after != cold


def test_a_rule_file_is_read_back_from_the_json_it_was_kept_as(tmp_path):
    """With a cache, a rule file parsed once is read back from JSON, the same data of the same
    types; under another fingerprint (other rules) it is parsed again; what JSON cannot hold
    exactly (a date) is parsed every time, never kept."""
    from paperlint import jsonrecords, resources

    read = resources.load_yaml.__wrapped__  # the reading, without the process's memo
    store = caching.Cache(tmp_path)
    parsed = read("cues/groups.yaml")
    try:
        resources.keep_parsed_in(store, "fingerprint-1")
        assert read("cues/groups.yaml") == parsed  # parsed, and kept
        assert len(entries(tmp_path, "rules-file")) == 1
        (entry,) = entries(tmp_path, "rules-file")
        store.put_bytes("rules-file", entry.stem, jsonrecords.dumps({"read": "back"}))
        assert read("cues/groups.yaml") == {"read": "back"}  # read from the entry
        resources.keep_parsed_in(store, "fingerprint-2")
        assert read("cues/groups.yaml") == parsed  # other rules: parsed again
        assert read("validation.yaml") == read("validation.yaml")
        assert len(entries(tmp_path, "rules-file")) == 2  # the dates were not kept
    finally:
        resources.keep_parsed_in(None, "")
    assert read("cues/groups.yaml") == parsed


def test_the_same_pdf_under_another_name_reuses_its_document(project):
    run(project)
    shutil.copy(project / "paper.pdf", project / "renamed.pdf")
    out = project / "renamed.json"
    r = subprocess.run(
        [sys.executable, "-c", _PROBE % (PARSERS,), "check", "code", "renamed.pdf",
         "--format", "json", "-o", str(out)],
        cwd=project, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert json.loads(r.stdout.strip().splitlines()[-1]) == []
    assert json.loads(out.read_text())["paper"]["path"] == "renamed.pdf"


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b"",  # empty
        lambda b: b[: len(b) // 2],  # truncated
        lambda b: b.replace(b'"', b"'", 3),  # not JSON
        lambda b: b[:-40] + b"x" * 40,  # payload changed: the hash no longer matches
        lambda b: b'{"format": "paperlint-cache/0"}\n{}',  # another format
        lambda b: os.urandom(200),
    ],
    ids=["empty", "truncated", "not-json", "bad-hash", "old-format", "random"],
)
def test_a_damaged_entry_is_ignored_and_rebuilt(project, damage):
    _, good = run(project)
    cache = Path(os.environ["PAPERLINT_CACHE_DIR"])
    files = [p for kind in KINDS for p in entries(cache, kind)]
    for p in files:
        p.write_bytes(damage(p.read_bytes()))
    _, again = run(project)
    assert again == good
    for p in files:  # rebuilt
        header = json.loads(p.read_bytes().partition(b"\n")[0])
        assert header["format"] == caching.FORMAT


def test_an_entry_that_decodes_to_the_wrong_shape_is_rebuilt(project):
    _, good = run(project)
    cache = Path(os.environ["PAPERLINT_CACHE_DIR"])
    store = caching.Cache(cache)
    for kind in KINDS:
        for p in entries(cache, kind):
            store.put(kind, p.stem, {"unexpected": [1, 2, 3]})
    _, again = run(project)
    assert again == good


def test_no_cache_neither_reads_nor_writes(project):
    run(project, "--no-cache")
    cache = Path(os.environ["PAPERLINT_CACHE_DIR"])
    assert not cache.exists()


def test_paperlint_no_cache_turns_it_off(project, monkeypatch):
    monkeypatch.setenv("PAPERLINT_NO_CACHE", "1")
    run(project)
    assert not Path(os.environ["PAPERLINT_CACHE_DIR"]).exists()


def test_the_cache_lives_in_the_user_cache_directory(monkeypatch, tmp_path):
    monkeypatch.delenv("PAPERLINT_CACHE_DIR", raising=False)
    if sys.platform in ("win32", "darwin"):
        pytest.skip("XDG layout")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert caching.default_dir() == tmp_path / "xdg" / "paperlint"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/is/ignored")
    assert caching.default_dir() == Path.home() / ".cache" / "paperlint"
    monkeypatch.setenv("PAPERLINT_CACHE_DIR", str(tmp_path / "mine"))
    assert caching.default_dir() == tmp_path / "mine"


def test_an_unwritable_cache_is_no_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = caching.Cache(blocker / "cache")
    assert store.put("result", "ab" * 32, {"x": 1}) is False
    assert store.get("result", "ab" * 32) is None


def _hammer(root: str, key: str, n: int, worker: int) -> list[str]:
    store = caching.Cache(root)
    seen = []
    for i in range(n):
        store.put("result", key, {"writer": worker, "i": i, "pad": "x" * 20_000})
        got = store.get("result", key)
        seen.append("none" if got is None else "ok" if got["pad"] == "x" * 20_000 else "bad")
    return seen


def test_concurrent_writers_never_leave_a_partial_entry(tmp_path):
    key = "cd" * 32
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(3) as pool:
        results = pool.starmap(_hammer, [(str(tmp_path), key, 40, w) for w in range(3)])
    seen = [s for r in results for s in r]
    assert set(seen) == {"ok"}, seen
    assert not list(tmp_path.rglob(".tmp-*"))


def test_trim_deletes_the_least_recently_used_entries_first(tmp_path):
    store = caching.Cache(tmp_path)
    for i in range(5):
        store.put("code", f"{i:02d}" * 32, {"pad": "x" * 1000})
        p = store._path("code", f"{i:02d}" * 32)
        os.utime(p, (1000 + i, 1000 + i))
    size = max(size for _, size, _ in store.entries())
    assert store.trim(max_bytes=3 * size) == 2
    left = sorted(p.stem[:2] for p, _, _ in store.entries())
    assert left == ["02", "03", "04"]


def test_the_tool_fingerprint_covers_the_rules(tmp_path, monkeypatch):
    from paperlint import resources

    before = caching.tool_fingerprint.__wrapped__()
    rules = tmp_path / "rules"
    shutil.copytree(resources.rules_dir(), rules)
    monkeypatch.setattr(resources, "rules_dir", lambda: rules)
    assert caching.tool_fingerprint.__wrapped__() == before  # same content, same fingerprint
    vocab = rules / "vocabulary" / "concepts.yaml"
    vocab.write_text(vocab.read_text() + "\n# changed\n")
    assert caching.tool_fingerprint.__wrapped__() != before


def test_records_survive_the_json_round_trip(monkeypatch):
    """What the cache stores decodes to the same records, and renders the same reports."""
    from paperlint.report import FORMATS, render

    monkeypatch.chdir(DEMO)
    result = audit(["code"], "paper.pdf", Config(cache=False))
    back = from_dict(AuditResult, json.loads(json.dumps(to_dict(result))))
    for name in ("paper", "choices", "assessments", "findings", "files", "problems", "coverage"):
        assert getattr(back, name) == getattr(result, name), name
    for fmt in FORMATS:
        assert render(fmt, back) == render(fmt, result), fmt
    inventory = CodeInventory(result.choices, result.files)
    assert from_dict(CodeInventory, json.loads(json.dumps(to_dict(inventory)))) == inventory


def test_the_paper_entry_holds_the_document_its_index_and_its_statistical_facts(project):
    from paperlint import engine, jsonrecords
    from paperlint.checks import statistics
    from paperlint.paper import read_paper
    from paperlint.paper.index import build_index

    run(project)
    cache = Path(os.environ["PAPERLINT_CACHE_DIR"])
    (entry,) = entries(cache, "paper")
    data = jsonrecords.loads(entry.read_bytes().partition(b"\n")[2])
    doc = read_paper(project / "paper.pdf", display="paper.pdf")
    index = build_index(doc)
    assert data["index"] == index
    assert data["facts"] == statistics.paper_facts(engine.RuleContext((), {}, doc, index))


@pytest.mark.parametrize("args", [["--version"], ["rules"], ["explain", "CH101"]])
def test_commands_that_read_nothing_import_no_parser(args, tmp_path):
    r = subprocess.run(
        [sys.executable, "-c", _PROBE % (PARSERS,), *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert json.loads(r.stdout.strip().splitlines()[-1]) == [], r.stderr


def test_the_fingerprint_is_remembered_under_the_files_metadata(tmp_path, monkeypatch):
    """A run reads the tool's files' metadata, not their content, once the cache knows them;
    an edit to a rule file changes its metadata, and so the fingerprint."""
    from paperlint import resources

    rules = tmp_path / "rules"
    shutil.copytree(resources.rules_dir(), rules)
    monkeypatch.setattr(resources, "rules_dir", lambda: rules)
    store = caching.Cache(tmp_path / "cache")
    computed = []
    from_content = caching.tool_fingerprint.__wrapped__  # reads every file, uncached

    def content() -> str:
        computed.append(1)
        return from_content()

    content.cache_info = lambda: types.SimpleNamespace(currsize=0)  # as if never computed here
    monkeypatch.setattr(caching, "tool_fingerprint", content)
    first = caching.fingerprint(store)
    assert first == from_content() and computed == [1]
    assert caching.fingerprint(store) == first and computed == [1]  # from the entry
    vocab = rules / "vocabulary" / "concepts.yaml"
    vocab.write_text(vocab.read_text() + "\n# changed\n")
    changed = caching.fingerprint(store)
    assert changed != first and computed == [1, 1]
    assert changed == from_content()
