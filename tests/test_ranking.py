"""The first screen: importance tiers, grouping one setting across runs and one schedule's parts,
the order of findings, and the budget that comes from what is worth a finding (paperlint.ranking,
paperlint.firstscreen)."""

from __future__ import annotations

import re

import pytest

from paperlint import firstscreen, ranking
from paperlint.model import Assessment, Choice, Evidence, Finding


def choice(text: str, **kw) -> Choice:
    """``kind SETTING = value (concept)`` as written in importance.yaml's examples."""
    m = re.fullmatch(r"(\w+) ([\w.]+)(?: = (.+?))?(?: \((\w+)\))?", text)
    assert m, text
    kind, name, value, concept = m.groups()
    return Choice(
        id=kw.pop("id", name + (value or "")),
        kind=kind,
        concept=concept or (kind if kind != "other" else name.rsplit(".", 1)[-1].lower()),
        value=value or name,
        file=kw.pop("file", "configs/a.yaml"),
        line=kw.pop("line", 1),
        source=kw.pop("source", "config" if value else "call"),
        setting=kw.pop("setting", name if value else ""),
        symbol=name,
        param=name.rsplit(".", 1)[-1],
        **kw,
    )


def tiers_of(section: str) -> list[tuple[str, str]]:
    t = ranking.importance()["tiers"][section]
    return [(e, section) for e in t["examples"]] + [
        (e, "not " + section) for e in t.get("twins", ())
    ]


@pytest.mark.parametrize(
    ("example", "expected"),
    tiers_of("major") + tiers_of("normal") + tiers_of("minor"),
)
def test_importance_examples(example, expected):
    got = ranking.tier(choice(example))
    if expected.startswith("not "):
        assert got != expected[4:], example
    else:
        assert got == expected, example


@pytest.mark.parametrize("name", [f.name for f in ranking.families()])
def test_family_examples(name):
    spec = ranking.importance()["families"][name]
    for e in spec["examples"]:
        fam = ranking.family_of(choice(e))
        assert fam is not None and fam.name == name, e
    for e in spec.get("twins", ()):
        fam = ranking.family_of(choice(e))
        assert fam is None or fam.name != name, e


def test_every_tier_says_why():
    for name in ranking.TIERS:
        assert len(ranking.tier_reason(name)) > 40


# ── grouping ────────────────────────────────────────────────────────────────────────────────


def finding(c: Choice, rule: str = "CH101", **kw) -> Finding:
    return Finding(
        rule=rule,
        severity=kw.pop("severity", "high" if rule == "MM201" else "medium"),
        confidence="medium",
        message=f"{c.kind} `{c.value}` has no justification",
        choice=c.id,
        file=c.file,
        line=c.line,
        **kw,
    )


def test_one_setting_in_many_runs_is_one_finding_at_the_value_most_runs_use():
    cs = [
        choice(
            "learning_rate SOLVER.BASE_LR = 0.01",
            id=f"lr{i}",
            file=f"configs/m_r50_{i}.yaml",
            runs=(f"configs/m_r50_{i}.yaml",),
        )
        for i in range(3)
    ]
    cs.append(
        choice(
            "learning_rate SOLVER.BASE_LR = 0.02",
            id="lr9",
            file="configs/a_first.yaml",
            runs=("configs/a_first.yaml",),
        )
    )
    by_id = {c.id: c for c in cs}
    got = firstscreen.arrange([finding(c) for c in cs], by_id, {}).findings
    assert len(got) == 1
    (f,) = got
    assert f.choice == "lr0", "anchored at the value three runs use, not at the first file"
    assert set(f.group) == {"lr1", "lr2", "lr9"}
    assert "set so in 3 runs" in f.message and "`0.02` in a_first.yaml" in f.message


def test_a_mismatch_says_which_runs_disagree_and_stays_apart_from_another_stated_value():
    a = choice("batch_size SOLVER.IMS_PER_BATCH = 32", id="b1", runs=("r1",))
    b = choice("batch_size SOLVER.IMS_PER_BATCH = 32", id="b2", file="configs/b.yaml", runs=("r2",))
    c = choice("batch_size SOLVER.IMS_PER_BATCH = 8", id="b3", file="configs/c.yaml", runs=("r3",))
    by_id = {x.id: x for x in (a, b, c)}
    stated = {x.id: Assessment(x.id, mismatch=True, paper_value="16") for x in (a, b)}
    stated["b3"] = Assessment("b3", mismatch=True, paper_value="4")
    got = firstscreen.arrange([finding(x, "MM201") for x in (a, b, c)], by_id, stated).findings
    assert sorted(len(f.group) for f in got) == [0, 1]


def test_the_parts_of_a_schedule_are_one_question():
    parts = [
        choice("other SOLVER.STEPS = (60000, 80000)", line=3),
        choice("other SOLVER.GAMMA = 0.1", line=4),
        choice("warmup SOLVER.WARMUP_ITERS = 500", line=5),
        choice("learning_rate SOLVER.BASE_LR = 0.01", line=2),
    ]
    by_id = {c.id: c for c in parts}
    got = firstscreen.arrange([finding(c) for c in parts], by_id, {}).findings
    msgs = sorted(f.message for f in got)
    assert len(got) == 2, msgs
    sched = next(f for f in got if "schedule" in f.message)
    assert "STEPS" in sched.message and "GAMMA" in sched.message and "WARMUP_ITERS" in sched.message
    assert len(sched.group) == 2


def test_a_layer_argument_written_in_several_files_is_asked_once():
    a = choice("dropout nn.Dropout", id="d1", file="a.py", source="argument")
    b = choice("dropout nn.Dropout", id="d2", file="b.py", source="argument")
    got = firstscreen.group_settings([finding(a), finding(b)], {"d1": a, "d2": b}, {})
    assert len(got) == 1 and got[0].group == ("d2",)
    assert "also at b.py:1" in got[0].message


def test_a_setting_written_in_several_files_is_asked_where_an_audited_run_uses_it():
    # the baseline's model file sorts first, but no run the paper describes reaches it
    other = choice("dropout nn.Dropout", id="d1", file="models/baseline.py", source="argument")
    mine = choice("dropout nn.Dropout", id="d2", file="models/mymethod.py", source="argument")
    by_id = {"d1": other, "d2": mine}
    fs = [finding(other), finding(mine)]
    used = frozenset({"train.py", "models/mymethod.py"})
    got = firstscreen.group_settings(fs, by_id, {}, reached=used)
    assert len(got) == 1 and got[0].file == "models/mymethod.py" and got[0].group == ("d1",)
    # the twin: with no run to follow, the first place anchors it as before
    got = firstscreen.group_settings(fs, by_id, {}, reached=None)
    assert got[0].file == "models/baseline.py"
    # one question per concept, anchored the same way
    wide = choice("channels hidden = 64", id="w1", file="models/baseline.py", source="argument")
    wider = choice("channels width = 96", id="w2", file="models/mymethod.py", source="argument")
    fs = [finding(wide), finding(wider)]
    by_id = {"w1": wide, "w2": wider}
    got = firstscreen.group_concepts(fs, by_id, {}, reached=used)
    assert len(got) == 1 and got[0].file == "models/mymethod.py"
    assert firstscreen.group_concepts(fs, by_id, {}, reached=None)[0].file == "models/baseline.py"


# ── order and budget ────────────────────────────────────────────────────────────────────────


def test_the_order_a_reviewer_asks_in():
    lr = choice("learning_rate lr = 0.37", id="lr", file="z.py")
    mm = choice("batch_size batch_size = 32", id="mm")
    k = choice("kernel_size kernel_size = 5", id="k")
    bn = choice("normalization nn.BatchNorm2d", id="bn", obviousness="irregular")
    cons = choice("other scale = 0.7", id="cons")
    by_id = {c.id: c for c in (lr, mm, k, bn, cons)}
    found = {"mm": Assessment("mm", mismatch=True, paper_value="16", evidence=(_value(),))}
    findings = [
        finding(cons, "CH103", severity="low"),
        finding(k),
        finding(lr),
        finding(bn, severity="high"),
        finding(mm, "MM201"),
        Finding("ST302", "medium", "medium", "no error bars"),
        Finding("TN902", "info", "high", "a notice"),
    ]
    got = [f.choice or f.rule for f in ranking.order(findings, by_id, found)]
    assert got == ["mm", "ST302", "bn", "lr", "k", "cons", "TN902"]


def _value() -> Evidence:
    return Evidence("value", 6, "Experiments", "a minibatch of 16 images")


def test_a_minor_setting_is_listed_not_reported_unless_everything_is_asked_for():
    ev = choice("batch_size TEST.IMS_PER_BATCH = 8", id="ev")
    lr = choice("learning_rate SOLVER.BASE_LR = 0.01", id="lr")
    by_id = {"ev": ev, "lr": lr}
    screen = firstscreen.arrange([finding(ev), finding(lr)], by_id, {})
    assert [f.choice for f in screen.findings] == ["lr"] and screen.listed == 1
    every = firstscreen.arrange([finding(ev), finding(lr)], by_id, {}, everything=True)
    assert {f.choice for f in every.findings} == {"ev", "lr"} and every.listed == 0


def test_the_rows_of_a_table_are_data_not_settings():
    rows = [
        choice(f"other weights.layer{i} = 'bert.encoder.{i}'", id=f"r{i}", file="map.json")
        for i in range(10)
    ]
    config = [choice(f"other MODEL.X{i} = {i}", id=f"c{i}", file="cfg.yaml") for i in range(10)]
    minor = ranking.table_rows([*rows, *config])
    assert {f"r{i}" for i in range(10)} <= minor
    assert not any(f"c{i}" in minor for i in range(10))


def test_one_question_per_concept_the_paper_leaves_unexplained():
    a = choice("channels model_channels = 192", id="w1", runs=("r1", "r2"))
    b = choice("channels z_channels = 4", id="w2", file="configs/ae.yaml", runs=("r3",))
    c = choice("channels nn.Conv2d", id="w3", file="model.py", source="argument")
    d = choice("dropout dropout = 0.1", id="d1")
    by_id = {x.id: x for x in (a, b, c, d)}
    said = {"w1": Assessment("w1", mentioned=True)}
    got = firstscreen.arrange([finding(x) for x in (a, b, c, d)], by_id, said).findings
    assert len(got) == 2
    widths = next(f for f in got if f.choice == "w1")
    assert set(widths.group) == {"w2", "w3"}
    assert widths.message.startswith("channels: model_channels `192` in 2 runs")
    assert "z_channels `4` at configs/ae.yaml:1" in widths.message
    # --all keeps each setting apart
    every = firstscreen.arrange([finding(x) for x in (a, b, c, d)], by_id, said, everything=True)
    assert len(every.findings) == 4


def test_an_unmentioned_plain_value_of_a_normal_setting_is_listed_an_odd_or_stated_one_reported():
    plain = choice("kernel_size kernel_size = 3", id="k3")
    odd = choice("other MODEL.CENTER_SAMPLING_RADIUS = 1.35", id="r", number=1.35)
    stated = choice("activation nn.GELU", id="g")
    by_id = {x.id: x for x in (plain, odd, stated)}
    said = {"g": Assessment("g", mentioned=True, evidence=(_value(),))}
    screen = firstscreen.arrange([finding(x) for x in by_id.values()], by_id, said)
    assert {f.choice for f in screen.findings} == {"r", "g"} and screen.listed == 1


def test_inputs_that_could_not_be_audited_are_one_notice_and_out_of_scope_ones_are_counted():
    notes = [
        Finding("TN902", "info", "high", f"{p} was not audited", file=p)
        for p in ("a.py", "b.ipynb", "tests/t.py")
    ]
    screen = firstscreen.arrange(notes, {}, {}, out_of_scope=frozenset({"tests/t.py"}))
    assert screen.listed == 1
    (f,) = screen.findings
    assert f.message.startswith("2 inputs could not be audited") and "b.ipynb" in f.message


def test_mismatches_of_one_concept_against_one_stated_value_are_one_question():
    xs = [
        choice("heads num_heads = 32", id="h1", file="attention.py", source="param"),
        choice("heads heads = 64", id="h2", file="x_transformer.py", source="param"),
        choice("heads n_head = 4", id="h3", file="other.py", source="param"),
    ]
    by_id = {x.id: x for x in xs}
    said = {x.id: Assessment(x.id, mismatch=True, paper_value="1") for x in xs[:2]}
    said["h3"] = Assessment("h3", mismatch=True, paper_value="8")
    got = firstscreen.arrange([finding(x, "MM201") for x in xs], by_id, said).findings
    assert len(got) == 2
    one = next(f for f in got if f.group)
    assert one.message.startswith("paper says 1 for heads, code uses")


@pytest.mark.parametrize(
    ("number", "odd"), [(0.37, True), (0.0195, True), (50001, True), (768, False), (0.1, False)]
)
def test_odd_values_look_picked_by_a_search(number, odd):
    assert ranking.odd_value(number) is odd
