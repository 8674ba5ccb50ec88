"""Every corpus case's reports: the HTML passes the browser check, the SARIF passes the schema
and GitHub's required fields.

The corpus is fetched, never committed (see the README), so these skip without ``.corpus/``.
Select with ``-m corpus``. With ``PAPERLINT_SCREENSHOTS=DIR`` set, a screenshot of the top of
each report and of its architecture map is written there, to look at as a reader would.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import pytest
from conftest import ROOT
from test_browser_report import check_report, chromium, opened
from test_report import github_sarif_problems, schema_errors

from paperlint.report import render

CORPUS = ROOT / ".corpus"
CASES = sorted(
    p.name for p in CORPUS.glob("*") if (p / "paper.pdf").is_file() and (p / "code").is_dir()
)

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.slow,
    pytest.mark.skipif(not CASES, reason=f"no corpus in {CORPUS} (fetched, never committed)"),
]


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@functools.cache
def audited(case: str):
    from paperlint.api import audit

    cwd = os.getcwd()
    os.chdir(CORPUS / case / "code")
    try:
        return audit(["."], "../paper.pdf")
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("case", CASES)
def test_corpus_sarif_passes_schema_and_github_checks(case):
    log = json.loads(render("sarif", audited(case)))
    assert schema_errors(log) == []
    assert github_sarif_problems(log) == []


@pytest.mark.browser
@pytest.mark.parametrize("case", CASES)
def test_corpus_html_passes_the_browser_check(case, browser, tmp_path):
    path = tmp_path / f"{case}.html"
    path.write_text(render("html", audited(case)), encoding="utf-8")
    check_report(browser, path)
    shots = os.environ.get("PAPERLINT_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        with opened(browser, path) as r:
            r.page.screenshot(path=str(Path(shots) / f"{case}-top.png"))
            r.page.locator(".map-wrap").screenshot(path=str(Path(shots) / f"{case}-map.png"))
