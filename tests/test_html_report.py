"""The HTML report's reading aids (issue 20): pass/fail against --fail-on at the top, markdown
code spans rendered as code, quotes left out kept in the report (collapsed), findings on one
choice in one row, and the architecture map's honest labels. Read as text here; the layout at
1280 and 390 px is checked in Chromium by tests/test_browser_report.py."""

from __future__ import annotations

import re
from dataclasses import replace

from report_samples import hand_result

from paperlint.model import Choice, Evidence, Finding
from paperlint.report import archmap, render
from paperlint.report.common import statuses


def rows_of(page: str) -> list[str]:
    return re.findall(r'<tr id="finding-\d+".*?</tr>', page, re.S)


def test_the_top_says_pass_or_fail_against_fail_on():
    result = hand_result()  # active findings: high, high, low, and a medium paper-level one
    failing = render("html", result, fail_on="medium")
    assert re.search(
        r"<strong>Fails</strong> against <code>--fail-on medium</code>: 3 active", failing
    )
    passing = render("html", replace(result, findings=result.findings[2:3]), fail_on="medium")
    assert "<strong>Passes</strong> against <code>--fail-on medium</code>" in passing
    assert "exit code 2" in failing  # an input could not be audited: said beside the gate


def test_backticks_in_messages_are_code_and_text_stays_escaped():
    result = hand_result()
    f = replace(
        result.findings[1],
        message="normalization `in 2 of 4 <b>ConvBlock</b> blocks` is unjustified",
    )
    page = render("html", replace(result, findings=(f,)))
    assert "normalization <code>in 2 of 4 &lt;b&gt;ConvBlock&lt;/b&gt; blocks</code> is" in page
    shown = re.findall(r'<p class="msg">(.*?)</p>', page, re.S)
    assert shown and not any("`" in text for text in shown)


def test_quotes_left_out_are_in_the_report_collapsed():
    result = hand_result()
    quotes = tuple(
        Evidence("justification", p, "Method", f"Quote number {p}.") for p in range(1, 6)
    )
    f = replace(result.findings[0], evidence=quotes)
    page = render("html", replace(result, findings=(f,)))
    assert "see the JSON report" not in page
    more = re.search(
        r'<details class="more"><summary>2 more quotes</summary>(.*?)</details>', page, re.S
    )
    assert more and "Quote number 4." in more.group(1) and "Quote number 5." in more.group(1)
    # the twin: three quotes need no "more"
    page3 = render("html", replace(result, findings=(replace(f, evidence=quotes[:3]),)))
    assert 'class="more"' not in page3


def test_findings_on_one_choice_share_one_row():
    result = hand_result()
    mm = result.findings[0]  # MM201 on c_drop
    ch = Finding("CH101", "medium", "medium", "dropout `0.37` has no justification", choice=mm.choice,
                 file=mm.file, line=mm.line, fingerprint="fp-ch-drop")  # fmt: skip
    page = render("html", replace(result, findings=(mm, ch, *result.findings[1:])))
    rows = rows_of(page)
    assert len(rows) == len(result.findings)  # not one more
    (drop,) = [r for r in rows if 'data-rule="MM201"' in r]
    assert (
        "<b>Also</b>" in drop
        and "CH101" in drop
        and "<code>0.37</code> has no justification" in drop
    )
    assert re.search(r"Findings \(6\) <span[^>]*>on 5 rows", page)
    # the twin: a CH101 on another choice keeps its own row
    other = replace(ch, choice="c_width", line=7, fingerprint="fp-ch-width")
    page = render("html", replace(result, findings=(mm, other, *result.findings[1:])))
    assert len(rows_of(page)) == len(result.findings) + 1


def _arg(id: str, line: int, value: str, scope: str = "Block.__init__", **kw) -> Choice:
    return Choice(id, "channels", "width", value, "m.py", line, source="argument",
                  scope=scope, symbol="torch.nn.Conv2d", param="out_channels", **kw)  # fmt: skip


def test_the_map_shows_every_width_a_block_is_built_with():
    result = hand_result()
    choices = (
        Choice(
            "bn",
            "normalization",
            "batch_norm",
            "BatchNorm2d",
            "m.py",
            4,
            source="call",
            scope="Block.__init__",
            symbol="torch.nn.BatchNorm2d",
        ),
        _arg("w1", 3, "64", snippet="self.conv = nn.Conv2d(c_in, c_out, 3)"),
        _arg("w2", 12, "128", snippet="self.b2 = Block(64, 128)"),
        _arg("w3", 13, "256", snippet="self.b3 = Block(128, 256)"),
        Choice(
            "d",
            "dropout",
            "dropout",
            "Dropout(0.1)",
            "m.py",
            11,
            source="call",
            scope="Net.__init__",
            symbol="torch.nn.Dropout",
        ),
        Choice(
            "p",
            "pooling",
            "global_average_pooling",
            "adaptive_avg_pool2d",
            "m.py",
            14,
            source="call",
            scope="Net.__init__",
            symbol="torch.nn.functional.adaptive_avg_pool2d",
        ),
    )
    r = replace(result, choices=choices, assessments=(), findings=())
    amap = archmap.build(r, statuses(r))
    layers = {layer.line: layer for layer in amap.layers}
    assert layers[3].sub == "out=64/128/256"  # the block's own conv: every width it takes
    assert layers[12].sub == "out=128" and layers[13].sub == "out=256"  # each call: its own
    pool = layers[14]
    assert pool.label == "adaptive_avg_pool2d" and pool.squeeze_label  # whole, condensed
    page = render("html", r)
    assert 'textLength="109" lengthAdjust="spacingAndGlyphs">adaptive_avg_pool2d<' in page
    assert "adaptive_avg_…" not in page


def test_a_label_too_long_even_to_condense_is_cut():
    label, squeezed = archmap._fit("a_really_very_long_layer_name_indeed", 14, 22)
    assert squeezed and label.endswith("…") and len(label) == 22
    assert archmap._fit("Conv2d", 14, 22) == ("Conv2d", False)
