"""The first screen's stated rules for setting findings aside (paperlint.setaside,
paperlint.callsites) and one question per concept across rules (paperlint.firstscreen): each
rule beside a twin that keeps the finding."""

from __future__ import annotations

import ast

import pytest
from helpers import choice, finding

from paperlint import callsites, firstscreen, resources, setaside
from paperlint.model import Assessment, Choice, Finding


def count(id: str, n: int, source: str = "argument", name: str = "num_classes") -> Choice:
    return choice(
        id, "context", str(n), concept="num_classes", number=float(n), param=name, source=source
    )


# ── another task ───────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("text,counts,other", resources.load_yaml("scope/tasks.yaml")["examples"])
def test_task_examples(text, counts, other):
    from paperlint.scope import names_from_text

    paper = setaside.stated_counts(text) | setaside.named_benchmark_counts(
        names_from_text(text).terms
    )
    code = [count(f"c{i}", n) for i, n in enumerate(counts)]
    assert (setaside.other_task_of(code, paper) is not None) is other


def test_a_call_that_passes_the_class_count_overrides_the_parameters_default():
    default = count("d", 1000, source="param", name="num_class")
    passed = count("p", 2, name="num_class")
    assert [c.id for c in setaside.code_counts([default, passed])] == ["p"]
    assert [c.id for c in setaside.code_counts([default])] == ["d"]


def test_a_vocabulary_size_is_no_class_count():
    assert setaside.code_counts([count("v", 30522, name="vocab_size")]) == []
    assert setaside.code_counts([count("l", 3, name="num_labels")])


def test_another_tasks_recipe_is_set_aside_and_the_model_is_still_compared():
    task = setaside.other_task_of([count("n", 2)], {1000})
    lr = choice("lr", "learning_rate", "0.1")
    init = choice("init", "init", "absent")
    cs = {c.id: c for c in (lr, init)}
    assert setaside.reason(finding(lr, "MM201"), cs, task=task) == "other_task"
    assert setaside.reason(finding(init, "MM201"), cs, task=task) is None
    assert setaside.reason(finding(lr, "MM201"), cs, task=None) is None


# ── overridden defaults ─────────────────────────────────────────────────────────────────────


SUBCLASS = """
class Backbone:
    def __init__(self, num_heads=(1, 2, 4, 8), depth=12):
        pass

class Small(Backbone):
    def __init__(self):
        super().__init__(num_heads=(1, 2, 5, 8))

model = Trainer(batch_size=64)
"""


def sites_of(source: str, path: str = "m.py", imported: bool = False) -> callsites.CallSites:
    sites = callsites.CallSites()
    mod = callsites.scan(ast.parse(source), path, sites, imported=imported)
    callsites.demo_ranges([mod], sites)
    return sites


def test_a_default_that_a_call_passes_is_set_aside_one_no_call_passes_is_kept():
    sites = sites_of(SUBCLASS)
    heads = choice(
        "h", "heads", "(1, 2, 4, 8)", source="param", param="num_heads", scope="Backbone.__init__"
    )
    depth = choice("d", "depth", "12", source="param", param="depth", scope="Backbone.__init__")
    cs = {c.id: c for c in (heads, depth)}
    assert setaside.reason(finding(heads), cs, sites=sites) == "overridden_default"
    assert setaside.reason(finding(depth), cs, sites=sites) is None


def test_a_call_written_as_an_argument_choice_overrides_a_default():
    default = choice(
        "b", "batch_size", "128", source="param", param="batch_size", scope="Model.__init__"
    )
    call = choice(
        "c", "batch_size", "512", source="argument", param="batch_size", symbol="pkg.Model"
    )
    other = choice(
        "o", "batch_size", "512", source="argument", param="batch_size", symbol="pkg.Other"
    )
    assert setaside.overridden_defaults([default, call]) == {"b"}
    assert setaside.overridden_defaults([default, other]) == frozenset()


# ── a module's own __main__ demo ────────────────────────────────────────────────────────────


DEMO = """
class Data:
    pass

def preview():
    loader = DataLoader(Data(), batch_size=16)

if __name__ == "__main__":
    preview()
"""

SCRIPT = """
def main(args):
    opt = SGD(lr=0.1)

if __name__ == "__main__":
    main(parse())
"""


def test_an_imported_modules_main_block_is_its_demo():
    sites = sites_of(DEMO, imported=True)
    assert sites.in_main_only("m.py", 6)  # inside preview(), which only the guard calls
    assert sites.in_main_only("m.py", 9)
    assert not sites.in_main_only("m.py", 2)  # the class others use


SELF_TEST = """
class Surgery:
    def __init__(self, optimizer):
        self.optimizer = optimizer

class TestNet(Module):
    def __init__(self):
        super().__init__()
        self.linear = Linear(3, 4)

if __name__ == "__main__":
    net = TestNet()
    Surgery(SGD(net.parameters(), lr=0.1))
"""


def _with_train(module: str) -> callsites.CallSites:
    sites = callsites.CallSites()
    mod = callsites.scan(ast.parse(module), "m.py", sites, imported=True)
    train = callsites.scan(ast.parse(_TRAIN_USES_SURGERY), "train.py", sites)
    callsites.demo_ranges([mod, train], sites)
    return sites


_TRAIN_USES_SURGERY = "from m import Surgery\nopt = Surgery(SGD(model.parameters()))\n"


def test_the_small_model_an_imported_modules_self_test_builds_is_part_of_the_demo():
    sites = _with_train(SELF_TEST)
    assert sites.in_main_only("m.py", 9)  # Linear(3, 4) in TestNet, which only the guard builds
    assert not sites.in_main_only("m.py", 3)  # the class the training script builds too
    # the twin: a class the module's own code uses too is no part of the demo
    used = SELF_TEST.replace("class Surgery:", "DEFAULT = TestNet\n\nclass Surgery:")
    assert not _with_train(used).in_main_only("m.py", 11)


def test_a_scripts_main_block_is_the_run():
    assert not sites_of(DEMO, imported=False).in_main_only("m.py", 6)


CLI_SCRIPT = """
def get_args():
    parser = argparse.ArgumentParser()
    return parser.parse_args()

def train(args):
    opt = SGD(lr=0.1)

if __name__ == "__main__":
    train(get_args())
"""


def test_an_imported_module_that_reads_a_command_line_is_the_program_not_a_demo():
    assert not sites_of(CLI_SCRIPT, imported=True).in_main_only("m.py", 7)
    assert sites_of(SCRIPT, imported=True).in_main_only("m.py", 3)


def test_a_main_function_another_file_calls_is_the_script_not_a_demo():
    sites = callsites.CallSites()
    script = callsites.scan(ast.parse(SCRIPT), "main.py", sites, imported=True)
    launcher = callsites.scan(ast.parse("import main\nmain.main(args)\n"), "launch.py", sites)
    callsites.demo_ranges([script, launcher], sites)
    assert not sites.in_main_only("main.py", 3)
    alone = sites_of(SCRIPT, "main.py", imported=True)
    assert alone.in_main_only("main.py", 3)


# ── unset values ────────────────────────────────────────────────────────────────────────────


def test_an_unset_value_is_no_choice_but_a_mismatch_on_it_is_kept():
    unset = choice("u", "momentum", "None")
    set_ = choice("s", "momentum", "(0.9, 0.98)")
    cs = {c.id: c for c in (unset, set_)}
    assert setaside.reason(finding(unset), cs) == "unset"
    assert setaside.reason(finding(set_), cs) is None
    assert setaside.reason(finding(unset, "MM201"), cs) is None


# ── arrange: counted, not dropped; --all reports them ───────────────────────────────────────


def test_set_aside_findings_are_counted_and_everything_reports_them():
    unset = choice("u", "momentum", "None")
    lr = choice("lr", "learning_rate", "0.1")
    cs = {c.id: c for c in (unset, lr)}
    fs = [finding(unset), finding(lr)]
    screen = firstscreen.arrange(fs, cs, {})
    assert [f.choice for f in screen.findings] == ["lr"]
    assert screen.set_aside == {"unset": 1}
    everything = firstscreen.arrange(fs, cs, {}, everything=True)
    assert {f.choice for f in everything.findings} == {"u", "lr"}


# ── one question per concept across rules ───────────────────────────────────────────────────


def test_an_unexplained_value_joins_the_mismatch_of_its_concept():
    mm = choice("m", "batch_size", "32")
    ch = choice("c", "batch_size", "32", line=2)
    lr = choice("l", "learning_rate", "0.1", line=3)
    cs = {c.id: c for c in (mm, ch, lr)}
    a = {"m": Assessment("m", paper_value="256", mismatch=True)}
    out = firstscreen.group_across_rules([finding(mm, "MM201"), finding(ch), finding(lr)], cs, a)
    assert [(f.rule, f.choice) for f in out] == [("MM201", "m"), ("CH101", "l")]
    assert out[0].group == ("c",)


def test_two_mismatches_of_a_concept_join_only_against_the_same_stated_value():
    a1 = choice("a1", "init", "absent", obviousness="absent")
    a2 = choice("a2", "init", "weights_init (never applied)", line=2)
    a3 = choice("a3", "init", "normal_", line=3)
    cs = {c.id: c for c in (a1, a2, a3)}
    a = {
        "a1": Assessment("a1", paper_value="He init", mismatch=True),
        "a2": Assessment("a2", paper_value="He init", mismatch=True),
        "a3": Assessment("a3", paper_value="Xavier", mismatch=True),
    }
    out = firstscreen.group_across_rules([finding(x, "MM201") for x in (a1, a2, a3)], cs, a)
    assert [f.choice for f in out] == ["a1", "a3"]


def test_a_search_found_in_a_left_out_file_is_counted_not_reported():
    """A copied library's example sweep is not the paper's search: a tuning-trace finding
    whose file the scope leaves out is counted with that file; the same finding in a file in
    scope is reported (the twin), and --all reports both."""

    def tr401(path: str) -> Finding:
        return Finding("TR401", "medium", "high", "lr: tried 4 values", file=path, line=3)

    vendored, own = tr401("lib/examples/sweep.sh"), tr401("search.yaml")
    out = frozenset({"lib/examples/sweep.sh"})
    arranged = firstscreen.arrange([vendored, own], {}, {}, out_of_scope=out)
    assert [f.file for f in arranged.findings] == ["search.yaml"] and arranged.listed == 1
    everything = firstscreen.arrange([vendored, own], {}, {}, out_of_scope=out, everything=True)
    assert sorted(f.file for f in everything.findings) == ["lib/examples/sweep.sh", "search.yaml"]
