"""Hostile papers through the real CLI: each fails fast with a named error, the code is still
audited, and the report lists the paper as skipped.

The crafted PDFs are committed under fixtures/hostile/ (``make_hostile.py`` rebuilds them);
the 1,000-page PDF is made at test time. The runs start together (two at a time) in a
module fixture; each case is then checked by its own test.
"""

from __future__ import annotations

import os
import re
import sys

import pytest
from hostile_support import HOSTILE, MODEL, check_contract, hostile, record, run_many

# name → (paper, options, expected error or None when the paper must be read, limit in seconds)
# Limits are generous: they catch a hang, they are not benchmarks.
CASES: dict[str, tuple[str, tuple[str, ...], str | None, float]] = {
    # measured before: pdfminer loops forever on an object that is a reference to itself
    "self-reference": ("self_reference.pdf", (), "E205", 30),
    "reference-chain-cycle": ("reference_chain_cycle.pdf", (), "E205", 30),
    "stream-length-is-itself": ("length_self_reference.pdf", (), "E205", 30),
    # measured before: 1.8 KB that inflates to 1 GiB and 2 GB of memory
    "flate-bomb": ("flate_bomb.pdf", (), "E207", 60),
    # 40 MB of no-op operators: only the wall-clock limit stops it
    "slow-content": ("slow_content.pdf", ("--pdf-timeout", "3"), "E206", 30),
    "circular-xobject": ("circular_xobject.pdf", (), "E203", 30),
    "page-tree-cycle": ("page_tree_cycle.pdf", (), "E205", 30),
    "deep-array": ("deep_array.pdf", (), "E203", 30),
    "random-bytes-after-header": ("random_after_header.pdf", (), "E205", 30),
    "truncated": ("truncated.pdf", (), "E205", 30),
    "not-a-pdf": ("not_a_pdf.pdf", (), "E202", 30),
    "zero-byte": ("zero_byte.pdf", (), "E202", 30),
    # measured before: a scan returned only form feeds and no error
    "scanned": ("scanned.pdf", (), "E203", 30),
    "encrypted-needs-password": ("encrypted_user.pdf", (), "E204", 30),
    "encrypted-wrong-password": ("encrypted_user.pdf", ("--pdf-password", "wrong"), "E204", 30),
    "encrypted-right-password": (
        "encrypted_user.pdf",
        ("--pdf-password", "paperlint"),
        None,
        60,
    ),
    "encrypted-owner-password-only": ("encrypted_owner_only.pdf", (), None, 60),
    "thousand-pages": ("<thousand pages.pdf>", (), "E208", 30),
    "fifo-named-paper.pdf": ("<fifo.pdf>", (), "E102", 30),
    "folder-named-paper.pdf": ("<folder.pdf>", (), "E102", 30),
    "device": ("/dev/zero", ("--paper",), "E102", 30),
    "missing": ("missing.pdf", (), "E201", 30),
    # measured before: the sentence pipeline took minutes on one 40,000-character "word"
    "quadratic-text": ("<pathological.txt>", ("--pdf-timeout", "4"), "E206", 30),
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    jobs = {}
    for name, (paper, options, _code, limit) in CASES.items():
        project = tmp_path_factory.mktemp(name)
        (project / "model.py").write_text(MODEL, encoding="utf-8")
        if paper == "<thousand pages.pdf>":
            paper = str(project / "thousand pages.pdf")
            (project / "thousand pages.pdf").write_bytes(_make_hostile().many_pages(1000))
        elif paper == "<fifo.pdf>":
            if not hasattr(os, "mkfifo"):
                continue
            os.mkfifo(project / "fifo.pdf")
            paper = "fifo.pdf"
        elif paper == "<pathological.txt>":
            paper = "pathological.txt"
            text = "# Method\nWe use dropout of 0.3.\n" + "(" * 40_000 + "a" + ")" * 40_000
            (project / paper).write_text(text, encoding="utf-8")
        elif paper == "<folder.pdf>":
            (project / "folder.pdf").mkdir()
            paper = "folder.pdf"
        elif (HOSTILE / f"{paper}.hostile").exists():
            paper = str(hostile(paper, project))
        if options[:1] == ("--paper",):
            args = ("check", "model.py", "--paper", paper, *options[1:])
        else:
            args = ("check", "model.py", paper, *options)
        # the code reader's wall-clock limit is not under test here: a generous one keeps a
        # loaded machine from adding E110 beside the paper's error
        args = (*args, "--code-timeout", "300", "--format", "json", "-o", "report.json")
        jobs[name] = {"args": args, "cwd": project, "limit": limit}
    return run_many(jobs)


def _make_hostile():
    sys.path.insert(0, str(HOSTILE))
    try:
        import make_hostile
    finally:
        sys.path.remove(str(HOSTILE))
    return make_hostile


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_paper(runs, name):
    """Exit code, named error, no traceback, a valid report that lists the skipped paper,
    the code audited all the same, within the case's limit (checked by run_cli)."""
    if name not in runs:
        pytest.skip("not on this platform")
    _paper, _options, code, _limit = CASES[name]
    r = runs[name]
    record(name, r)
    if code is None:  # a paper that must be read
        check_contract(r, r.code)
        assert r.code in (0, 1) and not r.errors, r.stderr
        assert r.report["paper"]["pages"] == 1
    else:
        check_contract(r, 2, (code,))
        assert r.errors == [code]
        assert r.report["paper"] is None
        assert len(r.report["skipped"]) == 1
    assert [f["path"] for f in r.report["files"]] == ["model.py"]  # the code was audited


def test_a_thousand_page_pdf_error_says_which_limit(runs):
    assert "more than 300 pages" in runs["thousand-pages"].stderr
    assert "--max-pages" in runs["thousand-pages"].stderr


def test_pdf_text_that_is_html_or_bidi_is_shown_as_text(tmp_path):
    """Paper text holding <script>, <img onerror>, javascript: URLs and bidi overrides reaches
    the HTML report escaped and visible; nothing in the page is live."""
    from hostile_support import run_cli

    # a dropout the paper contradicts, so the paper's quote (with its <script>) is in the report
    model = MODEL.replace("Dropout(0.5)", "Dropout(0.35)")
    (tmp_path / "model.py").write_text(model + "\nlr = 0.01  # \u202e txet neddih\n")
    r = run_cli(
        "check",
        "model.py",
        str(hostile("script_in_text.pdf", tmp_path)),
        "--format",
        "html",
        "-o",
        "report.html",
        cwd=tmp_path,
        limit=60,
    )
    record("script-in-text (HTML report)", r)
    assert r.code == 1 and not r.errors and "Traceback" not in r.stderr, r.stderr
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    escaped = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;")
    assert any(q in html for q in escaped)  # the paper's quotes are in the page, escaped
    assert html.count("<script") == 1  # only the report's own, pinned by its hash in the CSP
    assert "<img" not in html
    assert re.search(r"Content-Security-Policy\" content=\"default-src (&#39;|')none", html)
    for tag, name, url in _urls(html):  # every link the page really has (tags, not text)
        assert url.startswith(("http://", "https://", "#")), (tag, name, url)
        assert tag != "script" and tag != "iframe", (tag, url)
    assert "\u202e" not in html and "\u2066" not in html
    assert "⟨RLO⟩" in html  # the bidi override in the code snippet is shown, not obeyed


def _urls(html: str) -> list[tuple[str, str, str]]:
    from html.parser import HTMLParser

    found: list[tuple[str, str, str]] = []

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            for name, value in attrs:
                if name in ("href", "src", "action", "formaction", "srcset") and value:
                    found.append((tag, name, value.strip()))
                assert not name.startswith("on"), (tag, name)  # no inline event handlers

    Links().feed(html)
    return found
