"""The HTML report in a real headless browser: Debian's Chromium driven by Playwright.

Select with ``-m browser``. Skipped, saying why, when Chromium or Playwright is missing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import FIXTURES
from report_samples import SCRIPT, hand_result, hostile_project

from paperlint.report import render

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextlib.contextmanager
def chromium():
    """Debian's Chromium under Playwright; skips the test, saying why, if either is missing."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@dataclass
class Loaded:
    page: object
    url: str
    console: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Console errors and warnings (CSP violations land here), and any request for
        anything but the report file itself."""
        return self.console + [u for u in self.requests if u != self.url]


@contextlib.contextmanager
def opened(browser, path: Path, javascript: bool = True):
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    loaded = Loaded(page, path.resolve().as_uri())
    page.on(
        "console",
        lambda m: m.type in ("error", "warning") and loaded.console.append(f"{m.type}: {m.text}"),
    )
    page.on("pageerror", lambda e: loaded.console.append(f"pageerror: {e}"))
    context.on("request", lambda r: loaded.requests.append(r.url))

    def on_dialog(d):
        loaded.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    page.goto(loaded.url, wait_until="load")
    try:
        yield loaded
    finally:
        context.close()


def audit_html(code_dir: Path, paper: str, out: Path) -> Path:
    from paperlint.api import audit

    cwd = os.getcwd()
    os.chdir(code_dir)
    try:
        result = audit(["."], paper)
    finally:
        os.chdir(cwd)
    out.write_text(render("html", result), encoding="utf-8")
    return out


def _text_order(s: str) -> tuple[str, str]:
    """How the report's script orders text: case-insensitive, then by code point."""
    return (s.lower(), s)


def check_report(browser, path: Path) -> Loaded:
    """What every report must pass: loads clean and offline, executes nothing from its text,
    every finding is on the page, the filters and sorting work. Returns the loaded page's record."""
    with opened(browser, path) as r:
        page = r.page
        assert r.problems() == [] and r.dialogs == []
        assert page.evaluate("typeof window.__pwned") == "undefined"
        rows = page.locator("#findings tbody tr")
        n = rows.count()
        assert n == len(page.locator("#findings tbody tr[id^=finding-]").all())
        if n:
            # every filter narrows to exactly the rows carrying that value, then restores all
            for attr in ("severity", "rule", "kind", "file"):
                select = page.locator(f'[data-filters-for="findings"] select[data-filter="{attr}"]')
                values = [
                    v
                    for v in select.locator("option").evaluate_all("os => os.map(o => o.value)")
                    if v
                ]
                value = values[0]
                select.select_option(value)
                want = page.locator(f'#findings tbody tr[data-{attr}="{value}"]').count()
                assert want >= 1
                assert page.locator("#findings tbody tr:visible").count() == want
                assert (
                    page.locator('[data-count-for="findings"]').inner_text()
                    == f"Showing {want} of {n}"
                )
                select.select_option("")
                assert page.locator("#findings tbody tr:visible").count() == n
            # sort by location, both ways
            header = page.locator("#findings thead th").nth(3)
            header.locator("button").click()
            assert header.get_attribute("aria-sort") == "ascending"
            keys = rows.evaluate_all("rs => rs.map(r => r.cells[3].getAttribute('data-sort'))")
            assert keys == sorted(keys, key=_text_order)
            header.locator("button").click()
            assert header.get_attribute("aria-sort") == "descending"
            keys = rows.evaluate_all("rs => rs.map(r => r.cells[3].getAttribute('data-sort'))")
            assert keys == sorted(keys, key=_text_order, reverse=True)
        assert r.problems() == []
    return r


@pytest.fixture(scope="module")
def hand_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("html") / "hand.html"
    out.write_text(render("html", hand_result()), encoding="utf-8")
    return out


def test_hand_built_report_passes_the_browser_check(browser, hand_report):
    check_report(browser, hand_report)


def test_filters_combine_and_count(browser, hand_report):
    with opened(browser, hand_report) as r:
        page = r.page
        bar = page.locator('[data-filters-for="findings"]')
        assert bar.is_visible()
        bar.locator('select[data-filter="severity"]').select_option("high")
        assert page.locator("#findings tbody tr:visible").count() == 2
        bar.locator('select[data-filter="rule"]').select_option("MM201")
        assert page.locator("#findings tbody tr:visible").count() == 1
        assert bar.locator("output").inner_text() == "Showing 1 of 5"
        bar.locator('select[data-filter="rule"]').select_option("")
        bar.locator('select[data-filter="severity"]').select_option("")
        bar.locator('select[data-filter="kind"]').select_option("paper")
        assert page.locator("#findings tbody tr:visible").count() == 1
        bar.locator('select[data-filter="kind"]').select_option("")
        bar.locator('select[data-filter="state"]').select_option("suppressed")
        (row,) = page.locator("#findings tbody tr:visible").all()
        assert "chosen to fit the GPU" in row.inner_text()
        # the choices table has its own filters
        choices = page.locator('[data-filters-for="choices"] select[data-filter="status"]')
        choices.select_option("mismatch")
        assert page.locator("#choices tbody tr:visible").count() == 1


def test_sorting_severity_is_by_rank_not_by_name(browser, hand_report):
    with opened(browser, hand_report) as r:
        header = r.page.locator("#findings thead th").first
        header.locator("button").click()
        sev = r.page.locator("#findings tbody tr").evaluate_all(
            "rs => rs.map(r => r.dataset.severity)"
        )
        assert sev == ["low", "medium", "medium", "high", "high"]
        assert r.page.locator("#findings thead th[aria-sort=ascending]").count() == 1


def test_untrusted_text_renders_as_text(browser, hand_report):
    with opened(browser, hand_report) as r:
        page = r.page
        assert page.evaluate("typeof window.__pwned") == "undefined" and r.dialogs == []
        assert page.locator("img").count() == 0
        assert page.locator("script").count() == 1
        mismatch = page.locator("#finding-1").inner_text()
        assert SCRIPT in mismatch  # the paper's quote and the code comment, shown verbatim
        assert "window.__pwned = 2" in mismatch and "<img" in mismatch
        assert SCRIPT in page.title()


def test_report_reads_in_full_with_javascript_off(browser, hand_report):
    with opened(browser, hand_report, javascript=False) as r:
        page = r.page
        assert page.locator("#findings tbody tr:visible").count() == 5
        assert not page.locator(".filters").first.is_visible()  # no dead controls
        body = page.locator("main").inner_text()
        for text in (
            "paper says 0.3 for dropout",
            "Not found in the paper. Searched 2 sections",
            "Fix:",
            "PX900",
        ):
            assert text in body
        assert page.locator("svg.archmap a").count() == 5
        assert r.problems() == []


def test_map_box_leads_to_its_choice(browser, hand_report):
    with opened(browser, hand_report) as r:
        box = r.page.locator('svg.archmap a[href="#choice-c_drop"]')
        assert "mismatch" in box.get_attribute("aria-label")
        box.click()
        assert r.page.url.endswith("#choice-c_drop")
        assert r.page.locator("#choice-c_drop").is_visible()


def test_a_pdf_with_script_text_renders_it_as_text(browser, tmp_path):
    root = hostile_project(tmp_path / "hostile")
    path = audit_html(root / "code", "../paper.pdf", tmp_path / "hostile.html")
    check_report(browser, path)
    with opened(browser, path) as r:
        text = r.page.locator("#findings").inner_text()
        assert "We use a dropout of 0.3 <script>window.__pwned = 1</script>" in text
        assert r.page.evaluate("typeof window.__pwned") == "undefined"


def test_demo_report_passes_the_browser_check(browser, tmp_path):
    work = tmp_path / "demo"
    shutil.copytree(FIXTURES / "demo" / "code", work / "code")
    shutil.copy(FIXTURES / "demo" / "paper.pdf", work / "paper.pdf")
    path = audit_html(work / "code", "../paper.pdf", tmp_path / "demo.html")
    check_report(browser, path)


# ── layout at a desktop and a phone width (issue 20) ─────────────────────────────────────────

WIDTHS = (1280, 390)
#: elements allowed past the window's right edge: inside a box that scrolls on its own
SCROLLS_ITSELF = ".map-wrap"


def overflow(browser, path: Path, width: int, shots: Path | None = None) -> dict:
    """Load ``path`` ``width`` px wide: the document's width and the elements that stick out
    of the window (outside the map's own scroll box); with ``shots``, screenshots of the top
    of the page and of the first findings row, as PNG (a full-page capture of a long report
    is more than Chromium's capture allows on a loaded machine)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(path.resolve().as_uri(), wait_until="load")
        out = page.evaluate(
            """(skip) => ({
                scrollWidth: document.documentElement.scrollWidth,
                wide: [...document.querySelectorAll('body *')]
                    .filter(e => !e.closest(skip) && e.getBoundingClientRect().right > innerWidth + 1)
                    .map(e => e.tagName.toLowerCase() + ' ' + (e.textContent || '').trim().slice(0, 60)),
            })""",
            SCROLLS_ITSELF,
        )
        if shots is not None:
            shots.mkdir(parents=True, exist_ok=True)
            stem = f"{path.stem}-{width}"
            page.screenshot(path=str(shots / f"{stem}.png"))
            rows = page.locator("#findings tbody tr")
            if rows.count():
                rows.first.screenshot(path=str(shots / f"{stem}-finding.png"))
            out["shots"] = sorted(p.name for p in shots.glob(f"{stem}*.png"))
        return out
    finally:
        context.close()


def long_paths_report(tmp_path: Path) -> Path:
    """A real audit whose code sits deep under long folder names and whose findings carry a
    long unbroken value: the table must wrap them, not widen the page."""
    from paperlint.api import audit

    deep = tmp_path / "project"
    for part in ("experiments_for_the_camera_ready_version", "models_with_very_descriptive_names",
                 "convolutional_backbones_and_their_heads"):  # fmt: skip
        deep = deep / part
    deep.mkdir(parents=True)
    (deep / "a_model_file_whose_name_is_also_rather_long_for_a_table_cell.py").write_text(
        "import torch.nn as nn\n\n\nclass Net(nn.Module):\n    def __init__(self):\n"
        "        super().__init__()\n        self.drop = nn.Dropout(0.37)\n"
        "        self.pool = nn.AdaptiveAvgPool2d(1)\n"
    )
    paper = tmp_path / "paper.txt"
    paper.write_text("# Net\n\n# Method\n\nWe use a dropout of 0.3 and average pooling.\n")
    cwd = os.getcwd()
    os.chdir(tmp_path / "project")
    try:
        result = audit(["."], str(paper))
    finally:
        os.chdir(cwd)
    out = tmp_path / "long-paths.html"
    out.write_text(render("html", result), encoding="utf-8")
    return out


def test_reports_fit_a_desktop_and_a_phone_without_horizontal_overflow(
    browser, tmp_path, hand_report
):
    work = tmp_path / "demo"
    shutil.copytree(FIXTURES / "demo" / "code", work / "code")
    shutil.copy(FIXTURES / "demo" / "paper.pdf", work / "paper.pdf")
    reports = [
        audit_html(work / "code", "../paper.pdf", tmp_path / "demo.html"),
        hand_report,
        long_paths_report(tmp_path),
    ]
    shots = (
        Path(os.environ["PAPERLINT_SCREENSHOTS"])
        if os.environ.get("PAPERLINT_SCREENSHOTS")
        else tmp_path / "shots"
    )
    for path in reports:
        for width in WIDTHS:
            got = overflow(browser, path, width, shots)
            assert got["scrollWidth"] <= width and got["wide"] == [], (path.name, width, got)
            # a screenshot of the whole page and of a finding, for a person to look at
            assert f"{path.stem}-{width}.png" in got["shots"]
            assert (shots / f"{path.stem}-{width}.png").stat().st_size > 10_000


def test_the_overflow_check_sees_a_page_that_is_too_wide(browser, tmp_path):
    # the twin: the same check on a page with a nowrap cell wider than a phone
    page = tmp_path / "wide.html"
    page.write_text(
        '<!DOCTYPE html><meta name="viewport" content="width=device-width">'
        '<table><tr><td style="white-space: nowrap">' + "a_long_path/" * 40 + "</td></tr></table>"
    )
    got = overflow(browser, page, 390)
    assert got["scrollWidth"] > 390 and got["wide"]


# ── a whole repository's report opens with its verdict (issue 18) ───────────────────────────

REPO_PAPER = """# MyNet: A Simple Detector

# Abstract
We propose MyNet, a one-stage detector without anchors.

# Experiments
We train MyNet with a ResNet-50 backbone on COCO. Compared with RetinaNet [3] and Faster
R-CNN [4], MyNet is simpler. The learning rate is 0.01 and we train for 12 epochs.
"""

REPO_TRAIN = """
import argparse
import torch
import torch.nn as nn

parser = argparse.ArgumentParser()
parser.add_argument("--model", default="mynet_r50")
parser.add_argument("--lr", type=float, default=0.01)
parser.add_argument("--epochs", type=int, default=12)
parser.add_argument("--weight_decay", type=float, default=0.0001)
args = parser.parse_args()


class Head(nn.Module):
    def __init__(self, channels=256):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1)
        self.norm = nn.GroupNorm(32, channels)
        self.drop = nn.Dropout(0.37)


model = Head()
opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, weight_decay=args.weight_decay)
"""


def whole_repository_report(tmp_path: Path) -> Path:
    """A repository as users have them: the paper's runs beside a baseline method's and a
    variant the paper never names, tools and tests; audited whole."""
    from paperlint.api import audit

    repo = tmp_path / "repo"
    files = {
        "tools/train.py": REPO_TRAIN,
        "scripts/mynet_r50_coco.sh": "python tools/train.py --model mynet_r50 --lr 0.02 --epochs 24\n",
        "scripts/mynet_mnv2_coco.sh": "python tools/train.py --model mynet_mnv2 --lr 0.05\n",
        "scripts/retinanet_r50_coco.sh": "python tools/train.py --model retinanet_r50 --lr 0.01\n",
        "scripts/faster_rcnn_r50_coco.sh": "python tools/train.py --model faster_rcnn_r50\n",
        "tests/test_head.py": "import torch.nn as nn\n\nlayer = nn.Dropout(0.45)\n",
    }
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text.lstrip("\n"), encoding="utf-8")
    paper = tmp_path / "paper.txt"
    paper.write_text(REPO_PAPER, encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(repo)
    try:
        result = audit(["."], str(paper))
    finally:
        os.chdir(cwd)
    out = tmp_path / "whole-repository.html"
    out.write_text(render("html", result), encoding="utf-8")
    return out


def test_a_whole_repositorys_report_opens_with_its_verdict(browser, tmp_path):
    """The first screen (1280×900) shows the verdict: what to read first, which runs were
    audited and what was left out and why, and the first findings; a screenshot is kept for a
    person to look at (PAPERLINT_SCREENSHOTS names the folder)."""
    path = whole_repository_report(tmp_path)
    shots = Path(os.environ.get("PAPERLINT_SCREENSHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(path.resolve().as_uri(), wait_until="load")
        box = page.locator("section.verdict-box")
        top = box.bounding_box()
        assert top is not None and top["y"] < 300, top  # the first thing under the header
        text = box.inner_text()
        assert "Read first" in text
        # the scope in one sentence: the paper's runs audited, the others counted with a reason
        assert "Audited 1 of 4 runs" in text, text
        assert "retinanet" in text.lower() and "mnv2" in text.lower() and "--all" in text
        # the first findings are on the first screen, the mismatches (the run's lr 0.02 and
        # 24 epochs against the paper's 0.01 and 12) first
        items = box.locator("ol li")
        first = items.first
        assert first.is_visible() and first.bounding_box()["y"] < 900
        leading = [items.nth(i).inner_text() for i in range(2)]
        assert all("paper says" in t for t in leading), leading
        assert any("0.02" in t for t in leading) and any("24" in t for t in leading), leading
        assert "`" not in text, text  # code is shown as code, not as markdown
        page.screenshot(path=str(shots / "whole-repository-1280.png"))
    finally:
        context.close()
    assert (shots / "whole-repository-1280.png").stat().st_size > 10_000
