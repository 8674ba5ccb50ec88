"""paperlint batch: a manifest of (code, paper) pairs → a report per pair, an index, a table;
local processes or a Dask cluster give the same results as single audits."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from paperlint import batch
from paperlint.errors import PaperlintError

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "fixtures" / "demo"


@pytest.fixture
def pairs_dir(tmp_path):
    """Two demo projects (the second with another dropout) and a manifest naming them."""
    for name in ("alpha", "beta"):
        shutil.copytree(DEMO, tmp_path / name)
    model = tmp_path / "beta" / "code" / "model.py"
    model.write_text(model.read_text().replace("0.37", "0.25"))
    (tmp_path / "pairs.tsv").write_text(
        "# code\tpaper\tname\n"
        "\n"
        "alpha/code\talpha/paper.pdf\n"
        "beta/code\tbeta/paper.pdf\tbeta <b>run</b>\n"
    )
    return tmp_path


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "paperlint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def single_report(project: Path) -> str:
    """The JSON report of `cd CODE && paperlint check . ../paper.pdf`."""
    r = cli("check", ".", "../paper.pdf", "--format", "json", cwd=project / "code")
    assert r.returncode in (0, 1), r.stderr
    return r.stdout


def test_the_manifest_is_read_with_comments_names_and_relative_paths(pairs_dir):
    pairs = batch.read_manifest(pairs_dir / "pairs.tsv")
    assert [(p.index, p.name, p.line) for p in pairs] == [
        (1, "alpha", 3),
        (2, "beta <b>run</b>", 4),
    ]
    assert pairs[0].code == str(pairs_dir / "alpha" / "code")
    assert pairs[1].paper == str(pairs_dir / "beta" / "paper.pdf")
    assert batch.folder_of(pairs[1]) == "02-beta-b-run-b"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("only-one-column\n", "expected CODE<TAB>PAPER"),
        ("a\tb\tc\td\n", "expected CODE<TAB>PAPER"),
        ("# nothing but a comment\n\n", "lists no pairs"),
    ],
)
def test_a_malformed_manifest_is_a_usage_error_naming_the_line(tmp_path, text, message):
    (tmp_path / "m.tsv").write_text(text)
    with pytest.raises(PaperlintError) as e:
        batch.read_manifest(tmp_path / "m.tsv")
    assert e.value.code == "E001" and message in e.value.message


def test_a_batch_writes_every_report_an_index_and_a_summary(pairs_dir):
    r = cli("batch", "pairs.tsv", "-o", "out", "--no-cache", cwd=pairs_dir)
    assert r.returncode == 1, r.stderr  # the demo has findings
    out = pairs_dir / "out"
    assert (out / "01-alpha" / "report.json").read_text() == single_report(pairs_dir / "alpha")
    assert (out / "02-beta-b-run-b" / "report.json").read_text() == single_report(
        pairs_dir / "beta"
    )
    summary = json.loads((out / "summary.json").read_text())
    assert [row["name"] for row in summary] == ["alpha", "beta <b>run</b>"]
    assert all(row["status"] == "findings" and row["choices"] > 0 for row in summary)
    lines = r.stdout.splitlines()
    assert lines[0].split()[:3] == ["#", "pair", "pages"]
    assert lines[-1].split()[0] == "total"
    index = (out / "index.html").read_text()
    assert 'href="01-alpha/report.html"' in index and 'href="02-beta-b-run-b/report.html"' in index
    assert "beta &lt;b&gt;run&lt;/b&gt;" in index and "<b>run</b>" not in index
    assert re.search(r"Content-Security-Policy\" content=\"default-src (&#39;|')none", index)
    assert "<script" not in index
    assert r.stderr.strip() == f"reports: {Path('out') / 'index.html'}"  # no bar off a terminal


def test_a_pair_that_cannot_be_audited_is_a_row_not_the_end(pairs_dir):
    with (pairs_dir / "pairs.tsv").open("a") as fh:
        fh.write("alpha/code\tmissing.pdf\tno paper\n")
    r = cli("batch", "pairs.tsv", "-o", "out", "--no-cache", cwd=pairs_dir)
    assert r.returncode == 2
    summary = json.loads((pairs_dir / "out" / "summary.json").read_text())
    assert [row["status"] for row in summary] == ["findings", "findings", "error"]
    assert summary[2]["problems"][0].startswith("[E201]")
    assert "E201" in r.stdout


def test_jobs_are_the_cores_a_batch_keeps_busy():
    # as many pairs at once as cores, each audit one stage at a time on its core
    assert batch.share_cores(2, 18) == (2, {"overlap": False, "paper_workers": 1})
    assert batch.share_cores(1, 18, cores=8) == (1, {"overlap": False, "paper_workers": 1})
    # 0: every core of the machine
    assert batch.share_cores(0, 18, cores=4) == (4, {"overlap": False, "paper_workers": 1})
    # fewer pairs than cores: a pair gets the spare ones and overlaps its stages, as `check`
    assert batch.share_cores(0, 1, cores=2) == (1, {"overlap": True, "paper_workers": 2})
    assert batch.share_cores(8, 3) == (3, {"overlap": True, "paper_workers": 2})
    assert batch.share_cores(3, 2) == (2, {"overlap": False, "paper_workers": 1})


def test_local_processes_give_the_results_of_one(pairs_dir):
    pairs = batch.read_manifest(pairs_dir / "pairs.tsv")
    options = {"cache": False}
    one = batch.run(pairs, pairs_dir / "one", options, jobs=1)
    two = batch.run(pairs, pairs_dir / "two", options, jobs=2)
    assert [r.result_view() for r in one] == [r.result_view() for r in two]
    for r in one:
        a = (pairs_dir / "one" / r.report / "report.json").read_text()
        assert a == (pairs_dir / "two" / r.report / "report.json").read_text()


def test_the_dask_path_gives_the_results_of_local_processes(pairs_dir):
    distributed = pytest.importorskip(
        "distributed", reason="Dask distributed is not installed (pip install 'paperlint[dask]')"
    )
    pairs = batch.read_manifest(pairs_dir / "pairs.tsv")
    options = {"cache": False}
    local = batch.run(pairs, pairs_dir / "local", options, jobs=1)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        remote = batch.run(pairs, pairs_dir / "dask", options, scheduler=cluster.scheduler_address)
    assert [r.result_view() for r in remote] == [r.result_view() for r in local]
    for r in local:
        for name in ("report.json", "report.html"):
            a = (pairs_dir / "local" / r.report / name).read_text()
            assert a == (pairs_dir / "dask" / r.report / name).read_text()


def test_the_progress_bar_shows_only_on_a_terminal():
    row = batch.Row(1, "alpha", "a", "a.pdf")
    quiet = io.StringIO()
    batch.Progress(quiet)(1, 2, row)
    assert quiet.getvalue() == ""

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Terminal()
    bar = batch.Progress(tty)
    bar(1, 2, row)
    bar(2, 2, row)
    assert "[############............] 1/2" in tty.getvalue()
    assert tty.getvalue().endswith("\n")


def test_a_batch_worker_preloads_the_sentence_pipeline_in_its_fork_server(monkeypatch):
    """Each pair's builder is forked from the server: it must start with spaCy and the
    matchers loaded, not import them again for every paper."""
    import subprocess
    import sys

    probe = (
        "from paperlint import batch, sandbox\n"
        "batch._init_local_worker()\n"
        "print('paperlint._nlp_preload' in sandbox.PRELOAD)\n"
        "import paperlint._nlp_preload\n"
        "from paperlint.paper.index import _matchers\n"
        "print(_matchers.cache_info().currsize)\n"
    )
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300)
    assert r.stdout.split() == ["True", "1"], r.stderr
