"""The pipeline shaped for speed computes what the plain one does: a long PDF read by several
workers gives the same document, and the code stage run from a process without libcst gives
the same inventory as reading in-process."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest

from paperlint.errors import PaperlintError
from paperlint.paper import pdf, start_paper

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory) -> Path:
    """A 26-page paper of our own text (long enough to be split between two workers)."""
    fpdf = pytest.importorskip("fpdf")
    doc = fpdf.FPDF()
    doc.set_font("Helvetica", size=11)
    for n in range(1, 27):
        doc.add_page()
        doc.multi_cell(
            0,
            6,
            f"{n} Section {n}\n"
            f"On page {n} we train with a dropout of 0.{n % 9 + 1} and a learning rate of "
            f"1e-{n % 4 + 2}, because it reduces overfitting on small sets (see Table {n}). "
            "We found empirically that a batch size of 64 works best in all runs. " * 3,
        )
    path = tmp_path_factory.mktemp("long") / "long.pdf"
    doc.output(str(path))
    return path


def test_parts_for_splits_only_long_papers():
    assert pdf.parts_for(5, 4) == 1
    assert pdf.parts_for(pdf.MIN_PAGES_PER_PART * 2, 4) == 2
    assert pdf.parts_for(300, 4) == 4
    assert pdf.parts_for(300, 1) == 1


def test_each_part_reads_every_kth_page(long_pdf):
    first, total, failed = pdf.read_pdf_part(long_pdf, part=(0, 2))
    second, _, _ = pdf.read_pdf_part(long_pdf, part=(1, 2))
    assert total == 26 and not failed
    assert [p.number for p in first] == list(range(1, 27, 2))
    assert [p.number for p in second] == list(range(2, 27, 2))
    whole, _ = pdf.read_pdf(long_pdf)
    assert sorted(first + second, key=lambda p: p.number) == whole
    nothing, _, _ = pdf.read_pdf_part(long_pdf, part=(5, 6))  # 26 pages make 2 parts, not 6
    assert nothing == []


def test_a_paper_read_by_two_workers_is_the_paper_read_by_one(long_pdf):
    one = start_paper(long_pdf, display="long.pdf", workers=1)
    two = start_paper(long_pdf, display="long.pdf", workers=2)
    assert len(two._parts) == 2  # the sandbox really ran two workers
    assert two.result() == one.result()


def test_the_page_count_hint_reads_an_uncompressed_page_tree(long_pdf, tmp_path):
    assert pdf.page_count_hint(long_pdf) == 26
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.7\n% no page tree here\n")
    assert pdf.page_count_hint(tmp_path / "x.pdf") is None


def test_the_page_count_hint_reads_a_page_tree_in_object_streams(long_pdf, tmp_path):
    """Most papers keep their page tree compressed: the hint inflates object streams."""
    import shutil

    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed")
    packed = tmp_path / "packed.pdf"
    subprocess.run(
        ["qpdf", "--object-streams=generate", str(long_pdf), str(packed)],
        check=True,
        capture_output=True,
    )
    assert not pdf._COUNT.search(packed.read_bytes())  # no page tree left in plain sight
    assert pdf.page_count_hint(packed) == 26
    assert len(pdf.read_pdf(packed)[0]) == 26


def _object_stream(body: bytes) -> bytes:
    import zlib

    data = zlib.compress(body)
    return (
        b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(data)
        + data
        + b"\nendstream"
    )


def test_the_page_count_hint_inflates_only_so_much(tmp_path):
    """Object streams that inflate to gigabytes cost the hint 4 MiB in all, then it gives up."""
    tree = _object_stream(b"2 0 << /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>")
    bomb = _object_stream(bytes(256 << 20))  # 256 MiB of zeros, 255 KiB deflated
    for bombs, hint in ((0, 3), (3, 3), (5, None)):
        path = tmp_path / f"bombs{bombs}.pdf"
        objects = [bomb] * bombs + [tree]
        path.write_bytes(
            b"%PDF-1.7\n"
            + b"".join(b"%d 0 obj\n%s\nendobj\n" % (10 + i, o) for i, o in enumerate(objects))
        )
        assert pdf.page_count_hint(path) == hint


def test_the_code_stage_out_of_process_equals_in_process(monkeypatch):
    from paperlint.code.stage import extract

    code = ROOT / "fixtures" / "demo" / "code"
    sandboxed = extract([code])
    monkeypatch.setenv("PAPERLINT_SANDBOX", "0")
    assert extract([code]) == sandboxed


def test_a_cold_audit_keeps_the_parsers_out_of_the_main_process(tmp_path):
    """The PDF is read, its sentences split and indexed, and the code parsed, all in workers:
    the main process imports none of the parsers."""
    probe = (
        "import sys\n"
        "from paperlint.api import Config, audit\n"
        f"audit([{str(ROOT / 'fixtures/demo/code')!r}], {str(ROOT / 'fixtures/demo/paper.pdf')!r},"
        " Config(cache=False))\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'spacy', 'libcst', 'pdfminer'}))\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, timeout=300
    )
    assert r.stdout.strip().splitlines()[-1] == "[]", r.stderr


def test_linking_shared_with_the_builder_equals_linking_in_one_process(monkeypatch):
    """A cold audit has the index's builder assess part of the choices while the main process
    assesses the rest: the result is the one a single linker gives."""
    from paperlint.api import Config, assemble, audit
    from paperlint.code.stage import extract
    from paperlint.paper import read_paper

    code, paper = ROOT / "fixtures/demo/code", ROOT / "fixtures/demo/paper.pdf"
    shared = audit([code], paper, Config(cache=False))
    assert shared.paper is not None and shared.assessments
    monkeypatch.setenv("PAPERLINT_SANDBOX", "0")
    alone = assemble(extract([code]), read_paper(paper), [], Config(cache=False))
    assert shared.assessments == alone.assessments
    assert shared.findings == alone.findings


def test_the_split_keeps_a_concepts_choices_together_and_loses_none():
    from helpers import choices_of

    from paperlint.api import split_for_linking
    from paperlint.link.linker import concepts_for

    choices = choices_of(
        (
            "model.py",
            """
            import torch.nn as nn
            class Net(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.c1 = nn.Conv2d(3, 64, 3)
                    self.b1 = nn.BatchNorm2d(64)
                    self.c2 = nn.Conv2d(64, 128, 5)
                    self.d = nn.Dropout(0.3)
                    self.f = nn.Linear(128, 10)
            """,
        ),
        ("train.py", "import torch\nopt = torch.optim.Adam(params, lr=3e-4, weight_decay=1e-4)\n"),
    )
    mine, theirs = split_for_linking(choices)
    assert sorted(mine + theirs) == list(range(len(choices)))
    assert mine and theirs
    side = {i: 0 for i in mine} | {i: 1 for i in theirs}
    by_concept: dict[str, set[int]] = {}
    for i, c in enumerate(choices):
        if concepts_for(c):
            by_concept.setdefault(concepts_for(c)[0], set()).add(side[i])
    assert all(len(sides) == 1 for sides in by_concept.values())


def test_a_builder_that_fails_to_link_leaves_the_linking_to_the_main_process():
    from helpers import choices_of

    from paperlint.api import _link_shared, split_for_linking
    from paperlint.link.linker import link
    from paperlint.model import CodeInventory
    from paperlint.paper.document import document_from_text
    from paperlint.paper.index import build_index

    choices = choices_of(
        ("train.py", "import torch\nopt = torch.optim.SGD(params, lr=0.1, momentum=0.9)\n")
    )
    index = build_index(document_from_text("# Setup\nWe use SGD with a learning rate of 0.01.\n"))

    class FailedBuilder:
        def after_build_result(self):
            return None

    inventory = CodeInventory(tuple(choices), ())
    got = _link_shared(inventory, index, split_for_linking(choices), FailedBuilder())
    assert list(got) == link(choices, index)
    assert any(a.mismatch for a in got)  # lr 0.1 against 0.01: the test can fail


def test_an_audit_without_the_overlap_runs_one_stage_at_a_time(tmp_path):
    """``overlap=False`` (a batch that runs an audit per core): the code is read, then the
    paper, never two workers' tasks at once, so the audit keeps one core busy."""
    trace = tmp_path / "trace.txt"
    script = (
        "from paperlint.api import Config, audit\n"
        f"audit([{str(ROOT / 'fixtures/demo/code')!r}], {str(ROOT / 'fixtures/demo/paper.pdf')!r},"
        " Config(cache=False, overlap=False))\n"
    )
    env = {**os.environ, "PAPERLINT_TRACE": str(trace)}
    r = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, timeout=300)
    assert r.returncode == 0, r.stderr.decode()
    tasks: list[tuple[float, float, str]] = []
    started: dict[tuple[str, str], float] = {}
    for line in trace.read_text().splitlines():
        stamp, pid, _cpu, event = line.split(" ", 3)
        kind, _, name = event.partition(" ")
        name = name.split(" ")[0]  # a file's task names its file after the task
        if kind == "start":
            started[pid, name] = float(stamp)
        elif kind == "end":
            tasks.append((started.pop((pid, name)), float(stamp), name))
    names = [name for _s, _e, name in sorted(tasks)]
    assert "analyze_file" in names and "_pdf_document_from_file" in names
    assert names.index("_pdf_document_from_file") > max(
        i for i, n in enumerate(names) if n in ("gate_file", "analyze_file", "inventory_of")
    )  # the code first, then the paper
    ordered = sorted(tasks)
    for (_s1, end, first), (start, _e2, second) in itertools.pairwise(ordered):
        assert end <= start, f"{first} and {second} ran at once"


def test_the_code_worker_yields_to_the_papers_only_beside_them():
    from paperlint.api import CODE_NICENESS, Config, _Plan

    code, paper = ROOT / "fixtures/demo/code", ROOT / "fixtures/demo/paper.pdf"
    assert CODE_NICENESS > 0
    assert _Plan([code], paper, Config(), None).options.niceness == CODE_NICENESS
    # alone, or one stage at a time: nothing to yield to
    assert _Plan([code], None, Config(), None).options.niceness == 0
    assert _Plan([code], paper, Config(overlap=False), None).options.niceness == 0


def test_an_audit_without_the_overlap_is_the_audit_with_it():
    """``overlap=False`` (a batch that runs an audit per core) reads the paper and builds its
    index in one worker and links in the main process: the same result."""
    from paperlint.api import Config, audit

    code, paper = ROOT / "fixtures/demo/code", ROOT / "fixtures/demo/paper.pdf"
    lean = audit([code], paper, Config(cache=False, overlap=False))
    overlapped = audit([code], paper, Config(cache=False))
    assert lean.assessments and lean.findings
    assert lean.assessments == overlapped.assessments
    assert lean.findings == overlapped.findings
    assert lean.coverage == overlapped.coverage


def test_a_traced_audit_says_when_each_process_did_what(tmp_path):
    """PAPERLINT_TRACE: every process of a cold audit appends its stages to one file."""
    trace = tmp_path / "trace.txt"
    env = {**os.environ, "PAPERLINT_TRACE": str(trace), "PAPERLINT_NO_CACHE": "1"}
    r = subprocess.run(
        [sys.executable, "-m", "paperlint", "check", str(ROOT / "fixtures/demo/code"),
         str(ROOT / "fixtures/demo/paper.pdf"), "--format", "json", "-o", str(tmp_path / "r.json")],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert r.returncode in (0, 1), r.stderr
    events = [line.split(" ", 3) for line in trace.read_text().splitlines()]
    # a file's task names its file after the task: "start gate_file code/model.py"
    task = ("start ", "end ")
    when = {
        " ".join(e.split(" ")[:2]) if e.startswith(task) else e: float(t)
        for t, _pid, _cpu, e in events
    }
    pids = {pid for _t, pid, _cpu, _e in events}
    assert len(pids) >= 3  # the main process, a page reader, the builder (and a code reader)
    # each process's CPU time never goes down from one of its events to the next
    for pid in pids:
        cpu = [float(c) for _t, p, c, _e in events if p == pid]
        assert cpu == sorted(cpu) and cpu[-1] > 0
    for step in ("read_pdf_part_plain", "_pdf_index_from_pages", "gate_file", "analyze_file"):
        assert when[f"start {step}"] <= when[f"end {step}"]
    assert when["end read_pdf_part_plain"] <= when["start _pdf_index_from_pages"]
    assert when["index received"] <= when["paper read and linked"] <= when["report written"]


def test_without_the_trace_variable_nothing_is_written(tmp_path, monkeypatch):
    from paperlint import sandbox

    monkeypatch.delenv("PAPERLINT_TRACE", raising=False)
    monkeypatch.chdir(tmp_path)
    sandbox.trace("anything")
    assert list(tmp_path.iterdir()) == []


def test_a_cancelled_paper_job_starts_no_builder_again(long_pdf):
    """Cancelled (the code stage failed) while the pages were being handed over: the thread that
    hands them over starts no builder again, and reading the index says the job was cancelled."""
    job = start_paper(long_pdf, workers=1)
    pages = job.pages()

    class CancelWhileWaiting:  # the builder's warm-up, during which the audit is cancelled
        def result(self):
            job.cancel()

        def cancel(self):
            pass

    job.pages = lambda: pages  # type: ignore[method-assign]
    job._warm = CancelWhileWaiting()
    job.start_build()
    job.wait_pages()
    assert job._building is None  # no build was sent to a restarted builder
    with pytest.raises(PaperlintError, match="cancelled"):
        job.index()
