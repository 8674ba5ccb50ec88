"""A question about the code of a component a run's config builds by name (a registry's
``dict(type='RandomFlip', prob=0.5)``) is asked at the run's entry, not at the component's
implementation."""

from __future__ import annotations

from dataclasses import replace

from helpers import choice, extract_files, finding

from paperlint import builtby, firstscreen, ranking
from paperlint.model import Evidence, Run

_FLIP_PROJECT = {
    "configs/_base_/runtime.py": "log_config = dict(interval=50)\n",
    "configs/flip_city.py": """
    _base_ = ['_base_/runtime.py']
    train_pipeline = [
        dict(type='Resize', scale=(128, 64), ratio=(0.5, 2.0)),
        dict(type='RandomFlip', prob=0.5),
        dict(type='Normalize', mean=[0.5], std=[0.2]),
    ]
    model = dict(type='Net', depth=50)
    """,
    "transforms.py": """
    import numpy as np

    class RandomFlip:
        def __init__(self, prob=None):
            self.prob = prob

        def __call__(self, results):
            flip = True if np.random.rand() < self.prob else False
            if flip:
                results['img'] = np.flip(results['img'], axis=1)
            return results
    """,
}


def _flip_findings(tmp_path):
    inv = extract_files(tmp_path, _FLIP_PROJECT)
    by_id = {c.id: c for c in inv.choices}
    code = [c for c in inv.choices if c.file == "transforms.py" and c.kind == "augmentation"]
    assert len(code) == 2
    return [finding(c) for c in code], by_id, builtby.built_by(inv.runs)


def test_a_question_on_a_built_components_code_is_asked_at_the_runs_entry(tmp_path):
    found, by_id, built = _flip_findings(tmp_path)
    (got,) = firstscreen.group_concepts(found, by_id, {}, built=built)
    assert (got.file, got.line) == ("configs/flip_city.py", 4)
    assert by_id[got.choice].setting == "train_pipeline.prob"
    assert got.message.startswith("augmentation: RandomFlip prob `0.5`")
    # the code it implements is still what the question speaks for
    assert {f.choice for f in found} <= set(got.group)
    # the twin: with no run building the class, the question stays at its code
    (alone,) = firstscreen.group_concepts(found, by_id, {})
    assert alone.file == "transforms.py" and alone.message.startswith("augmentation: ")


def test_a_value_a_built_component_fixes_itself_is_no_setting_of_the_entry():
    entry = builtby.Entry("Net", "model", "configs/a.py", 7)
    built = {"Net": (entry,), "RandomFlip": (builtby.Entry("RandomFlip", "pipe", "a.py", 3),)}
    # a dropout rate Net's constructor hard-codes: the run picks Net, not the rate
    rate = choice("p", "dropout", "0.1", file="net.py", scope="Net.__init__")
    assert builtby.entries_of(rate, built) == ()
    # the twin: a flip in a flip transform is the choice the entry makes
    flip = choice("f", "augmentation", "flip(...)", file="aug.py", scope="RandomFlip.__call__")
    assert builtby.entries_of(flip, built) == built["RandomFlip"]
    # a name written with its module names that module's file only
    dotted = {"RandomFlip": (builtby.Entry("pkg.aug.RandomFlip", "pipe", "c.yaml", 2),)}
    assert builtby.entries_of(flip, dotted) == ()
    moved = choice("g", "augmentation", "flip(...)", file="pkg/aug.py", scope="RandomFlip.f")
    assert builtby.entries_of(moved, dotted) == dotted["RandomFlip"]
    assert dotted["RandomFlip"][0].component == "RandomFlip"


def test_an_entrys_settings_end_where_the_next_entry_of_its_list_begins():
    flip = builtby.Entry("RandomFlip", "pipe", "cfg.py", 4)
    built = builtby.built_by(
        [
            Run(
                "r",
                "",
                "config",
                builds=(("pipe", "RandomFlip", "cfg.py", 4), ("pipe", "Norm", "cfg.py", 6)),
            )
        ]
    )

    def setting(id: str, key: str, line: int):
        return choice(id, "other", "1", file="cfg.py", line=line, setting=key, runs=("r",))

    prob = setting("prob", "pipe.prob", 5)
    mean = setting("mean", "pipe.mean", 6)  # the next entry's
    before = setting("scale", "pipe.scale", 3)  # the entry before
    other = setting("lr", "opt.lr", 5)  # another dict's
    got = builtby.run_settings([flip], [prob, mean, before, other], built)
    assert [c.id for _, c in got] == ["prob"]


def test_a_question_that_quotes_the_papers_mention_is_ordered_with_the_mentioned():
    lead = choice("lead", "other", "0.5", file="b.py")
    plain = choice("plain", "other", "0.7", file="a.py")
    by_id = {"lead": lead, "plain": plain}
    said = Evidence("mention", 6, "Experiments", "we flip images at random", cue="flip")
    quoted = finding(lead)
    got = ranking.order([finding(plain), replace(quoted, evidence=(said,))], by_id, {})
    assert [f.choice for f in got] == ["lead", "plain"]
    # the twin: without the quote, the file orders them
    got = ranking.order([finding(plain), quoted], by_id, {})
    assert [f.choice for f in got] == ["plain", "lead"]
