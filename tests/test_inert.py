"""Settings whose value never takes effect in the run (paperlint.code.inert): each mechanism
on a small repository of our own, beside a twin where the value does take effect."""

from __future__ import annotations

import ast

import pytest
from helpers import choice, extract_files, finding, inert_of

from paperlint import firstscreen, setaside
from paperlint.code import inert


def keys(found: dict[str, str]) -> set[str]:
    return {k.split(" ", 1)[1] for k in found}


# ── never read ──────────────────────────────────────────────────────────────────────────────

NEVER_READ = """
import argparse
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.01)
parser.add_argument("--epochs", type=int, default=90)
args = parser.parse_args()

model = torch.nn.Linear(4, 2)
optimizer = torch.optim.Adam(model.parameters())
for epoch in range(args.epochs):
    optimizer.step()
"""


def test_an_option_the_run_never_reads_is_inert(tmp_path):
    found = inert_of(tmp_path, {"train.py": NEVER_READ})
    assert keys(found) == {"lr"}
    assert "never read" in next(iter(found.values()))


def test_an_option_the_run_reads_takes_effect(tmp_path):
    src = NEVER_READ.replace("Adam(model.parameters())", "Adam(model.parameters(), lr=args.lr)")
    assert keys(inert_of(tmp_path, {"train.py": src})) == set()


def test_an_option_read_by_key_takes_effect(tmp_path):
    src = NEVER_READ.replace(
        "Adam(model.parameters())", "Adam(model.parameters(), lr=vars(args)['lr'])"
    )
    assert keys(inert_of(tmp_path, {"train.py": src})) == set()


def test_settings_handed_whole_to_code_we_cannot_see_may_be_read_there(tmp_path):
    src = NEVER_READ.replace(
        "optimizer = torch.optim.Adam(model.parameters())",
        "from somelib import build_optimizer\noptimizer = build_optimizer(args, model)",
    )
    assert keys(inert_of(tmp_path, {"train.py": src})) == set()


def test_settings_handed_to_the_projects_own_function_are_read_where_it_reads_them(tmp_path):
    files = {
        "train.py": NEVER_READ.replace(
            "optimizer = torch.optim.Adam(model.parameters())",
            "from optim import build\noptimizer = build(args, model)",
        ),
        "optim.py": "import torch\n\ndef build(args, model):\n"
        "    return torch.optim.Adam(model.parameters(), lr=args.lr)\n",
    }
    assert keys(inert_of(tmp_path, files)) == set()
    files["optim.py"] = files["optim.py"].replace(", lr=args.lr", "")
    assert keys(inert_of(tmp_path, files)) == {"lr"}


# ── not selected ────────────────────────────────────────────────────────────────────────────

SELECTED = """
import argparse
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--opt", default="adamw")
parser.add_argument("--lr", type=float, default=5e-4)
parser.add_argument("--momentum", type=float, default=0.9)
args = parser.parse_args()

model = torch.nn.Linear(4, 2)
if args.opt.lower() == "sgd":
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum)
else:
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
"""


def test_an_option_read_only_under_another_options_value_the_run_does_not_take_is_inert(
    tmp_path,
):
    found = inert_of(tmp_path, {"train.py": SELECTED})
    assert keys(found) == {"momentum"}
    assert "args.opt.lower() == 'sgd'" in next(iter(found.values()))


def test_the_same_option_takes_effect_when_the_run_selects_it(tmp_path):
    src = SELECTED.replace('default="adamw"', 'default="SGD"')
    assert keys(inert_of(tmp_path, {"train.py": src})) == set()


def test_a_launch_that_selects_the_branch_makes_its_option_take_effect(tmp_path):
    files = {"train.py": SELECTED, "run.sh": "python train.py --opt sgd --lr 0.1\n"}
    assert "momentum" not in keys(inert_of(tmp_path, files))


def test_an_elif_branch_of_a_baseline_model_is_inert_under_the_papers_model(tmp_path):
    src = """
    import argparse
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="ours")
    parser.add_argument("--max_degree", type=int, default=3)
    args = parser.parse_args()

    if args.model == "ours":
        support = [1]
    elif args.model == "cheby":
        support = list(range(args.max_degree))
    """
    assert keys(inert_of(tmp_path, {"train.py": src})) == {"max_degree"}
    assert keys(inert_of(tmp_path, {"train.py": src.replace('"ours")', '"cheby")')})) == set()


def test_a_condition_on_something_that_is_not_a_setting_counts_as_a_use(tmp_path):
    src = SELECTED.replace('args.opt.lower() == "sgd"', "torch.cuda.device_count() > 8")
    found = keys(inert_of(tmp_path, {"train.py": src}))
    assert "momentum" not in found
    assert found == {"opt"}  # no code reads the optimiser option any more


LIBRARY = """
import argparse
from timm.optim import create_optimizer
from timm.scheduler import create_scheduler

parser = argparse.ArgumentParser()
parser.add_argument("--opt", default="adamw")
parser.add_argument("--momentum", type=float, default=0.9)
parser.add_argument("--sched", default="cosine")
parser.add_argument("--decay-epochs", type=float, default=30)
parser.add_argument("--lr-noise", type=float, nargs="+", default=None)
parser.add_argument("--lr-noise-pct", type=float, default=0.67)
parser.add_argument("--warmup-epochs", type=int, default=5)
parser.add_argument("--decay-rate", type=float, default=0.1)
parser.add_argument("--cooldown-epochs", type=int, default=10)
args = parser.parse_args()

optimizer = create_optimizer(args, model)
scheduler, _ = create_scheduler(args, optimizer)
"""


def test_a_library_factory_handed_the_namespace_reads_its_fields_under_the_tables_conditions(
    tmp_path,
):
    found = keys(inert_of(tmp_path, {"train.py": LIBRARY}))
    # with one cosine cycle the cycle decay never acts; the cooldown acts only through the
    # schedule's length, which this caller drops (`scheduler, _ = ...`)
    assert found == {"momentum", "decay_epochs", "lr_noise_pct", "decay_rate", "cooldown_epochs"}


def test_the_library_factorys_fields_take_effect_when_the_run_selects_them(tmp_path):
    src = (
        LIBRARY.replace('default="adamw"', 'default="sgd"')
        .replace('default="cosine"', 'default="step"')
        .replace('nargs="+", default=None', 'nargs="+", default=[0.5]')
        .replace("scheduler, _ =", "scheduler, epochs =")
    )
    assert keys(inert_of(tmp_path, {"train.py": src})) == set()


@pytest.mark.parametrize(
    "expression,values,expected",
    [
        ("opt.lower().split('_')[-1] in ('sgd', 'momentum')", {"opt": "'lookahead_SGD'"}, True),
        ("opt.lower().split('_')[-1] in ('sgd', 'momentum')", {"opt": "adamw"}, False),
        ("lr_noise is not None", {"lr_noise": "None"}, False),
        ("lr_noise is not None", {"lr_noise": "[0.4, 0.9]"}, True),
        ("sched == 'plateau' and patience > 3", {"sched": "'cosine'"}, False),
        ("sched == 'plateau' or warmup", {"sched": "'cosine'"}, inert.UNKNOWN),
        ("cfg.SOLVER.NAME == 'SGD'", {"SOLVER.NAME": "SGD"}, True),
    ],
)
def test_conditions_evaluate_on_the_runs_values(expression, values, expected):
    env = inert.Env(inert._settings_env(values), {})
    got = inert.evaluate(ast.parse(expression, mode="eval").body, env, bare=True)
    assert got is expected if expected is inert.UNKNOWN else got == expected


# ── switched off by its own value ───────────────────────────────────────────────────────────

SWITCHED = """
import torch

class Sampler(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.net = torch.nn.Linear(4, 4)

    def step(self, x, noise_dropout=0.0):
        noise = torch.randn_like(x)
        if noise_dropout > 0.0:
            noise = torch.nn.functional.dropout(noise, p=noise_dropout)
        return self.net(x) + noise

    def loop(self, x, noise_dropout=0.0):
        return self.step(x, noise_dropout=noise_dropout)
"""


def test_a_magnitude_whose_component_runs_only_when_it_is_positive_is_inert_at_zero(tmp_path):
    found = inert_of(tmp_path, {"sampler.py": SWITCHED})
    assert found, "the dropout resolved from the default 0.0 is inert"
    assert all("noise_dropout" in v for v in found.values())


def test_the_same_magnitude_takes_effect_when_positive_or_passed_a_value(tmp_path):
    assert inert_of(tmp_path / "a", {"sampler.py": SWITCHED.replace("=0.0):", "=0.1):")}) == {}
    passed = SWITCHED + "\n\ndef run(s, x):\n    return s.loop(x, noise_dropout=0.2)\n"
    assert inert_of(tmp_path / "b", {"sampler.py": passed}) == {}


HANDED_ON_BY_POSITION = SWITCHED.replace(
    "self.step(x, noise_dropout=noise_dropout)", "self.step(x, noise_dropout)"
)


def _loop_line(src: str) -> int:
    """The line of ``loop``'s default as the file is written (without the leading newline)."""
    return src.lstrip("\n").splitlines().index("    def loop(self, x, noise_dropout=0.0):") + 1


def test_a_magnitude_handed_on_by_position_under_its_own_name_is_followed(tmp_path):
    found = inert_of(tmp_path, {"sampler.py": HANDED_ON_BY_POSITION})
    assert f"sampler.py:{_loop_line(HANDED_ON_BY_POSITION)} noise_dropout" in found, (
        "step's own position: followed"
    )
    assert all("step(noise_dropout=…)" in v for v in found.values())


@pytest.mark.parametrize(
    ("why", "old", "new"),
    [
        (
            "a caller passes a value by position",
            "",
            "\n\ndef run(s, x):\n    return s.loop(x, 0.2)\n",
        ),
        ("handed on in another position", "def step(self, x, ", "def step(self, y, x, "),
        (
            "rebound before it is handed on",
            "        return self.step(x, noise_dropout)",
            "        noise_dropout = 0.5\n        return self.step(x, noise_dropout)",
        ),
        (
            "handed on after *args",
            "",
            "\n\ndef run(s, xs, noise_dropout=0.0):\n    return s.loop(*xs, noise_dropout)\n",
        ),
    ],
)
def test_a_magnitude_handed_on_by_position_is_kept_when_unsure(tmp_path, why, old, new):
    src = HANDED_ON_BY_POSITION + new if not old else HANDED_ON_BY_POSITION.replace(old, new)
    assert src != HANDED_ON_BY_POSITION
    found = inert_of(tmp_path, {"sampler.py": src})
    assert f"sampler.py:{_loop_line(src)} noise_dropout" not in found, why


# ── values under a branch a parameter's own default closes ───────────────────────────────────

DEFAULT_BRANCH_LOSS = """
import torch
import torch.nn as nn


def shrink(loss, mode="mean"):
    if mode == "mean":
        return loss.mean()
    return loss.sum()


def scale_and_shrink(loss, scale=None, mode="mean", num_valid=None):
    if num_valid is None:
        loss = shrink(loss, mode)
    else:
        loss = loss.sum() / num_valid
    return loss


def soft_dice(pred, target, scale=None, mode="mean", num_valid=None):
    loss = 1 - (2 * pred * target + 1) / (pred + target + 1)
    return scale_and_shrink(loss, scale, mode, num_valid)


class DiceLoss(nn.Module):
    def __init__(self, weight=1.0):
        super().__init__()
        self.weight = weight
        self.criterion = soft_dice

    def forward(self, pred, target, scale=None, num_valid=None, **kwargs):
        out = self.criterion(pred, target, scale, num_valid=num_valid, **kwargs)
        return self.weight * out


class Head(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Conv2d(8, 2, 3, 1, 1)
        self.loss_fn = DiceLoss()

    def forward(self, x, target):
        pred = self.proj(x).view(x.shape[0], 2, x.shape[2], x.shape[3])
        return self.loss_fn(pred, target, scale=None)
"""
DEFAULT_BRANCH_TRAIN = """
import torch
from loss import Head

model = Head()
model(torch.randn(2, 8, 16, 16), torch.rand(2, 2, 16, 16)).backward()
"""


def _divided_at(src: str) -> str:
    """The key of the choice ``loss.sum() / num_valid`` in ``inert_of``'s answer."""
    lines = src.lstrip("\n").splitlines()
    return f"loss.py:{lines.index('        loss = loss.sum() / num_valid') + 1} "


def _default_branch(tmp_path, loss: str = DEFAULT_BRANCH_LOSS, **more: str) -> dict[str, str]:
    return inert_of(tmp_path, {"loss.py": loss, "train.py": DEFAULT_BRANCH_TRAIN, **more})


def test_a_value_under_a_branch_the_parameters_default_closes_is_set_aside(tmp_path):
    found = _default_branch(tmp_path)
    why = found.get(_divided_at(DEFAULT_BRANCH_LOSS))
    assert why is not None, "num_valid is None in every call: the else never runs"
    assert why.startswith("`num_valid=None` is never given another value")
    assert "DiceLoss.forward" in why and "soft_dice" in why, "the chain that hands it on"
    assert "else-branch of `if num_valid is None`" in why


@pytest.mark.parametrize(
    ("why", "old", "new"),
    [
        (
            "a call passes a value by keyword",
            "scale=None)",
            "scale=None, num_valid=4)",
        ),
        (
            "a call passes a value by position",
            "self.loss_fn(pred, target, scale=None)",
            "self.loss_fn(pred, target, None, x.sum())",
        ),
        (
            "a call through an object we cannot resolve fills its position",
            "        return self.loss_fn(pred, target, scale=None)",
            "        losses = [self.loss_fn]\n        return losses[0](pred, target, None, 4)",
        ),
        (
            "an attribute bound by a built name may be a loss its call fills",
            "        return self.loss_fn(pred, target, scale=None)",
            "        setattr(self, 'lo' + 'ss', DiceLoss())\n"
            "        return self.loss(pred, target, None, 4)",
        ),
        (
            "a mapping written with its key may carry it in **kwargs",
            "scale=None)",
            "**{'num_valid': 4})",
        ),
        (
            "a partial binds positions ahead of its calls",
            "self.criterion = soft_dice",
            "self.criterion = functools.partial(soft_dice, 0.0)",
        ),
        (
            "a library handed the function may call it with a tuple it was given",
            "class DiceLoss(nn.Module):",
            "def launch():\n"
            "    torch.multiprocessing.spawn(soft_dice, args=(1.0, 2.0, None, 'sum'))\n\n\n"
            "class DiceLoss(nn.Module):",
        ),
        (
            "a call hands on *args that may fill its position",
            "self.loss_fn(pred, target, scale=None)",
            "self.loss_fn(pred, *x.shape)",
        ),
        (
            "a lambda's own parameter of that name is handed on",
            "    return scale_and_shrink(loss, scale, mode, num_valid)",
            "    pick = lambda num_valid: scale_and_shrink(loss, scale, mode, num_valid)\n"
            "    return pick(loss.numel())",
        ),
        (
            "the function rebinds it",
            "    if num_valid is None:",
            "    num_valid = num_valid or loss.numel()\n    if num_valid is None:",
        ),
    ],
)
def test_a_value_under_a_default_branch_is_kept_when_a_call_may_give_another_value(
    tmp_path, why, old, new
):
    src = DEFAULT_BRANCH_LOSS.replace(old, new)
    assert src != DEFAULT_BRANCH_LOSS
    found = _default_branch(tmp_path, ("import functools\n" + src))
    key = _divided_at("import functools\n" + src)
    assert key not in found, why


def test_a_parameter_of_a_function_no_audited_call_reaches_holds_nothing():
    lib = (
        "def shrink(loss, num_valid=None):\n"
        "    if num_valid is None:\n"
        "        return loss.mean()\n"
        "    return loss.sum() / num_valid\n"
    )
    use = "from lib import shrink\n\n\ndef step(loss):\n    return shrink(loss)\n"

    def held(files: dict[str, str]):
        program = inert.Program({p: inert.scan(ast.parse(t), p) for p, t in files.items()})
        (fn,) = program.files["lib.py"].functions
        return inert.HeldDefaults(program, "").held(fn, "num_valid")

    assert held({"lib.py": lib, "use.py": use}) == (), "its one call leaves it at None"
    assert held({"lib.py": lib}) is None, "called, if at all, by code we do not see"


def test_a_partial_given_keywords_only_leaves_the_positions_as_they_were(tmp_path):
    src = "import functools\n" + DEFAULT_BRANCH_LOSS.replace(
        "self.criterion = soft_dice", "self.criterion = functools.partial(soft_dice, mode='sum')"
    )
    assert _divided_at(src) in _default_branch(tmp_path, src)


@pytest.mark.parametrize(
    "config",
    [
        {"config.yaml": "loss:\n  num_valid: 8\n"},
        {"launch.sh": "python train.py --num-valid 8\n"},
    ],
)
def test_a_config_key_of_the_parameters_name_keeps_the_value(tmp_path, config):
    assert _divided_at(DEFAULT_BRANCH_LOSS) in _default_branch(tmp_path / "twin"), "the twin"
    assert _divided_at(DEFAULT_BRANCH_LOSS) not in _default_branch(tmp_path / "cfg", **config)


def test_the_conditions_of_a_line_are_its_statements_or_its_headers():
    src = (
        "def f(a, p=None):\n"
        "    if p is None:\n"
        "        a = 1\n"
        "    else:\n"
        "        a = a / p\n"
        "    if p is not None: a = 2\n"
        "    return a\n"
    )
    (fn,) = inert.scan(ast.parse(src), "m.py").functions
    assert [(ast.unparse(t), pos) for t, pos in inert.guards_at(fn, 5)] == [("p is None", False)]
    assert inert.guards_at(fn, 3)[0][1] is True
    assert inert.guards_at(fn, 6) == (), "a one-line if: its test runs whatever p is"
    assert inert.guards_at(fn, 7) == ()


# ── bookkeeping ─────────────────────────────────────────────────────────────────────────────

METER = """
import torch

class SmoothedValue:
    def __init__(self, window_size=20):
        self.window_size = window_size

def train(logger, model, batch):
    logger.add_meter("lr", SmoothedValue(window_size=1))
    pool = torch.nn.AvgPool1d(kernel_size=1)
    return pool(model(batch))
"""


def test_a_value_given_to_a_meter_registered_for_logging_is_inert(tmp_path):
    inv = extract_files(tmp_path, {"engine.py": METER})
    out = inert.inert_choices(inv.choices, inv, base=str(tmp_path))
    by_id = {c.id: c for c in inv.choices}
    lines = {by_id[k].line for k in out}
    assert 8 in lines  # SmoothedValue(window_size=1) inside add_meter(...)
    assert 9 not in lines  # the pooling window is the model's


CACHE = """
import torch

class Model(torch.nn.Module):
    def __init__(self, n, d):
        super().__init__()
        self.table = torch.nn.Embedding(n, d)
        self.out = torch.nn.Parameter(torch.empty(n, d))

    def forward(self, x):
        h = self.table(x)
        self.out = torch.nn.Parameter(h)
        return h
"""


def test_an_attribute_the_forward_pass_replaces_before_reading_keeps_no_first_value(tmp_path):
    program = inert.Program({"m.py": inert.scan(ast.parse(CACHE.strip()), "m.py")})
    replaced = inert.replaced_attributes(program)
    assert list(replaced) == [("m.py", 7)]
    read_first = CACHE.replace("h = self.table(x)", "h = self.table(x) + self.out")
    program = inert.Program({"m.py": inert.scan(ast.parse(read_first.strip()), "m.py")})
    assert inert.replaced_attributes(program) == {}


# ── the first screen ────────────────────────────────────────────────────────────────────────


def test_an_inert_settings_finding_is_set_aside_and_counted_and_everything_reports_it():
    momentum = choice("m", "momentum", "0.9", source="argparse", setting="momentum")
    lr = choice("lr", "learning_rate", "5e-4", source="argparse", setting="lr")
    cs = {c.id: c for c in (momentum, lr)}
    assert setaside.reason(finding(momentum), cs, inert=frozenset({"m"})) == "inert"
    assert setaside.reason(finding(lr), cs, inert=frozenset({"m"})) is None
    screen = firstscreen.arrange([finding(momentum), finding(lr)], cs, {}, inert=frozenset({"m"}))
    assert [f.choice for f in screen.findings] == ["lr"]
    assert screen.set_aside == {"inert": 1}
    everything = firstscreen.arrange(
        [finding(momentum), finding(lr)], cs, {}, everything=True, inert=frozenset({"m"})
    )
    assert {f.choice for f in everything.findings} == {"m", "lr"}


def test_a_read_in_a_file_no_run_is_known_to_reach_counts_unless_the_scope_leaves_it_out(
    tmp_path,
):
    files = {"train.py": NEVER_READ, "plugins/sgd.py": "def build(args):\n    return args.lr\n"}
    inv = extract_files(tmp_path, files)
    lr = next(c for c in inv.choices if c.setting == "lr")
    assert lr.id not in inert.inert_choices(inv.choices, inv, base=str(tmp_path))
    left_out = frozenset({"plugins/sgd.py"})
    found = inert.inert_choices(inv.choices, inv, base=str(tmp_path), left_out=left_out)
    assert lr.id in found


def test_a_config_group_read_whole_resolves_by_its_last_name_only_on_a_settings_object():
    env = inert.Env({("arch", "mlp_t"): True, ("arch", "training"): False}, {})
    assert env.lookup(("self", "config", "mlp_t"), bare=False) is True
    assert env.lookup(("model", "training"), bare=False) is inert.UNKNOWN
    assert env.lookup(("self", "mlp_t"), bare=False) is inert.UNKNOWN


def test_settings_listed_whole_by_a_method_of_their_namespace_may_be_read_there(tmp_path):
    src = NEVER_READ.replace(
        "for epoch in", "config = {k: v for k, v in vars_of(args._get_kwargs())}\nfor epoch in"
    )
    assert keys(inert_of(tmp_path, {"train.py": src})) == set()


LOGGED = """
import torch

class Model(torch.nn.Module):
    @torch.no_grad()
    def log_images(self, batch, ddim_steps=200):
        return self.sample(batch, steps=ddim_steps)

    @torch.no_grad()
    def sample(self, batch, steps=50):
        return [batch] * steps
"""


def test_a_value_of_a_function_that_makes_what_a_logger_shows_is_inert(tmp_path):
    found = inert_of(tmp_path, {"model.py": LOGGED})
    assert any(k.endswith(" ddim_steps") and "log_images" in v for k, v in found.items())
    renamed = LOGGED.replace("log_images", "generate")
    assert not any(k.endswith(" ddim_steps") for k in inert_of(tmp_path / "b", {"m.py": renamed}))


BASELINE_FUNCTION = """
import argparse
parser = argparse.ArgumentParser()
parser.add_argument("--model", default="ours")
parser.add_argument("--max_degree", type=int, default=3)
args = parser.parse_args()

def chebyshev(adj):
    return [adj] * args.max_degree

if args.model == "cheby":
    support = chebyshev(1)
else:
    support = [1]
"""


def test_a_setting_read_only_in_a_function_the_run_never_calls_is_inert(tmp_path):
    found = inert_of(tmp_path, {"train.py": BASELINE_FUNCTION})
    assert keys(found) == {"max_degree"}
    assert "chebyshev()" in next(iter(found.values()))


def test_the_function_runs_when_one_call_is_live_or_it_is_passed_on_by_name(tmp_path):
    called = BASELINE_FUNCTION + "\nextra = chebyshev(2)\n"
    assert keys(inert_of(tmp_path / "a", {"train.py": called})) == set()
    registered = BASELINE_FUNCTION + "\nBUILDERS = {'cheby': chebyshev}\n"
    assert keys(inert_of(tmp_path / "b", {"train.py": registered})) == set()


def test_code_this_reader_cannot_see_keeps_every_setting_in_effect(tmp_path):
    notebook = (
        '{"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null,'
        ' "source": ["print(1)"]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}'
    )
    assert keys(inert_of(tmp_path / "a", {"train.py": NEVER_READ})) == {"lr"}
    files = {"train.py": NEVER_READ, "explore.ipynb": notebook}
    assert keys(inert_of(tmp_path / "b", files)) == set()


# ── names built at run time ─────────────────────────────────────────────────────────────────

OWN_PARTS = """
class Pyramid(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = ["inner1", "inner2"]

    def forward(self, x):
        for name in self.blocks:
            x = getattr(self, name)(x)
        return x
"""


def test_an_object_reading_its_own_parts_by_a_built_name_reads_no_setting(tmp_path):
    files = {"train.py": NEVER_READ, "pyramid.py": "import torch\n" + OWN_PARTS}
    assert keys(inert_of(tmp_path, files)) == {"lr"}


def test_a_namespace_read_by_a_built_name_may_read_any_setting(tmp_path):
    src = "import torch\n" + OWN_PARTS.replace("getattr(self, name)", "getattr(args, name)")
    files = {"train.py": NEVER_READ, "pyramid.py": src}
    assert keys(inert_of(tmp_path, files)) == set()


# ── classes no code constructs ──────────────────────────────────────────────────────────────

LAYERS = """
import torch.nn as nn


class LoRALinear(nn.Linear):
    def __init__(self, n, m):
        super().__init__(n, m)
        self.drop = nn.Dropout(p=0.1)


class LoRAEmbedding(nn.Embedding):
    def __init__(self, n, m):
        super().__init__(n, m)
        self.drop = nn.Dropout(p=0.3)
        nn.Embedding.reset_parameters(self)
"""

MODEL = """
import torch.nn as nn
import layers


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(100, 8)
        self.proj = layers.LoRALinear(8, 8)
"""


def inert_lines(found: dict[str, str]) -> set[str]:
    return {k.split(" ", 1)[0] for k in found}


def test_a_class_no_audited_code_constructs_holds_no_runs_value(tmp_path):
    found = inert_of(tmp_path, {"layers.py": LAYERS, "model.py": MODEL})
    assert "layers.py:13" in inert_lines(found)  # LoRAEmbedding's dropout
    assert "layers.py:7" not in inert_lines(found)  # LoRALinear's, constructed by the model
    assert not any(k.startswith("model.py") for k in found)  # nothing outside names Model
    assert "no audited code constructs" in found[next(k for k in found if "layers.py:13" in k)]


@pytest.mark.parametrize(
    "use",
    [
        "self.tok = layers.LoRAEmbedding(100, 8)",  # constructed through the project's module
        "self.kind = layers.LoRAEmbedding",  # handed on by name
        "self.kind = BUILD['LoRAEmbedding']",  # named in a string (a registry key)
    ],
)
def test_a_class_constructed_handed_on_or_named_keeps_its_values(tmp_path, use):
    model = MODEL.replace(
        "self.proj = layers.LoRALinear(8, 8)", f"{use}\n        self.proj = layers.LoRALinear(8, 8)"
    )
    found = inert_of(tmp_path, {"layers.py": LAYERS, "model.py": model})
    assert "layers.py:13" not in inert_lines(found)


def test_a_lookup_by_a_built_name_keeps_the_class_in_use(tmp_path):
    looked_up = MODEL + "\n\ndef build(name):\n    return getattr(layers, name)(8, 8)\n"
    found = inert_of(tmp_path, {"layers.py": LAYERS, "model.py": looked_up})
    assert "layers.py:13" not in inert_lines(found)


TIED = "\n\nclass Tied(LoRAEmbedding):\n    def __init__(self):\n        super().__init__(100, 8)\n"


def test_a_subclass_something_builds_keeps_its_base_in_use(tmp_path):
    model = MODEL.replace(
        "layers.LoRALinear(8, 8)", "layers.LoRALinear(8, 8)\n        self.t = layers.Tied()"
    )
    found = inert_of(tmp_path, {"layers.py": LAYERS + TIED, "model.py": model})
    assert "layers.py:13" not in inert_lines(found)


def test_a_subclass_nothing_builds_does_not_build_its_base(tmp_path):
    found = inert_of(tmp_path, {"layers.py": LAYERS + TIED, "model.py": MODEL})
    assert "layers.py:13" in inert_lines(found)
    assert "only Tied name it" in found[next(k for k in found if "layers.py:13" in k)]


#: a block that wraps the embedding: the embedding is named only inside it
WRAPPER = """

class Wrapper(nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = LoRAEmbedding(100, 8)
        self.drop = nn.Dropout(p=0.4)
"""


def test_a_class_named_only_inside_a_class_nothing_builds_is_not_built(tmp_path):
    found = inert_of(tmp_path, {"layers.py": LAYERS + WRAPPER, "model.py": MODEL})
    assert {"layers.py:13", "layers.py:21"} <= inert_lines(found)  # the embedding's, the wrapper's
    assert "only Wrapper name it" in found[next(k for k in found if "layers.py:13" in k)]
    assert "layers.py:7" not in inert_lines(found)  # LoRALinear, which the model builds


def test_a_class_named_inside_a_class_something_builds_is_built(tmp_path):
    model = MODEL.replace(
        "layers.LoRALinear(8, 8)", "layers.LoRALinear(8, 8)\n        self.w = layers.Wrapper()"
    )
    found = inert_of(tmp_path, {"layers.py": LAYERS + WRAPPER, "model.py": model})
    assert not {"layers.py:13", "layers.py:21"} & inert_lines(found)


def test_a_class_named_by_a_class_of_a_file_nothing_names_is_built(tmp_path):
    # model.py's Model is named by no audited code: it may be built by code the audit lacks (a
    # launcher, a notebook), so what it names counts as built
    found = inert_of(tmp_path, {"layers.py": LAYERS + WRAPPER, "model.py": MODEL})
    assert "layers.py:7" not in inert_lines(found)
    assert not any(k.startswith("model.py") for k in found)


# ── classes built from config strings ───────────────────────────────────────────────────────

#: the usual loader of research code: ``target: pkg.module.Class`` in a config, imported by name
FROM_CONFIG = """
import importlib


def get_obj_from_str(string):
    module, cls = string.rsplit(".", 1)
    return getattr(importlib.import_module(module), cls)


def instantiate_from_config(config):
    return get_obj_from_str(config["target"])(**config.get("params", dict()))
"""

TRAIN_FROM_CONFIG = """
import sys
import yaml
from util import instantiate_from_config


def load(config, ckpt):
    model = instantiate_from_config(config)
    return model


config = yaml.safe_load(open(sys.argv[1]))
model = load(config["model"], f"{sys.argv[2]}.ckpt")
"""

CONFIG = "model:\n  target: layers.LoRALinear\n  params: {n: 8, m: 8}\n"


def config_repo(train: str = TRAIN_FROM_CONFIG, config: str = CONFIG) -> dict[str, str]:
    return {"layers.py": LAYERS, "util.py": FROM_CONFIG, "train.py": train, "conf.yaml": config}


def test_a_class_no_config_names_under_a_lookup_by_config_strings_is_not_built(tmp_path):
    found = inert_of(tmp_path, config_repo())
    assert "layers.py:13" in inert_lines(found)  # LoRAEmbedding: no config names it
    assert "layers.py:7" not in inert_lines(found)  # LoRALinear: the config names it


def test_a_class_a_config_names_under_a_lookup_by_config_strings_is_built(tmp_path):
    config = CONFIG + "embed:\n  target: layers.LoRAEmbedding\n"
    assert "layers.py:13" not in inert_lines(inert_of(tmp_path, config_repo(config=config)))


@pytest.mark.parametrize(
    "call",
    [
        'load({"target": "x"}, "ckpt")\nload(f"layers.{sys.argv[3]}", "ckpt")',  # built, passed on
        'name = "layers." + sys.argv[3]\nget_obj_from_str(name)',  # bound to a built string
        "getattr(layers, sys.argv[3])",  # at module level, by a name the code picks
    ],
)
def test_a_lookup_by_a_name_the_code_builds_keeps_every_class_in_use(tmp_path, call):
    train = "import layers\nfrom util import get_obj_from_str\n" + TRAIN_FROM_CONFIG + call + "\n"
    assert "layers.py:13" not in inert_lines(inert_of(tmp_path, config_repo(train=train)))


def test_a_lookup_by_a_name_a_config_gives_beside_other_code_claims_the_unnamed_class(tmp_path):
    # the twin of the test above: the same additions, the name taken from the config
    call = 'get_obj_from_str(config["model"]["target"])\nload(config["model"], "ckpt")'
    train = "import layers\nfrom util import get_obj_from_str\n" + TRAIN_FROM_CONFIG + call + "\n"
    assert "layers.py:13" in inert_lines(inert_of(tmp_path, config_repo(train=train)))


@pytest.mark.parametrize(
    ("target", "claimed"),
    [
        ("nets.layers.LoRALinear", True),
        ("nets.layers:LoRALinear", True),
        ("nets.blocks.LoRALinear", False),  # no module of the project has that path
    ],
)
def test_a_config_path_may_start_below_the_audited_folder(tmp_path, target, claimed):
    # src/nets/layers.py is the module nets.layers: the configs name it by its package path
    files = {f"src/nets/{k}" if k == "layers.py" else k: v for k, v in config_repo().items()}
    files["conf.yaml"] = f"model:\n  target: {target}\n"
    files["train.py"] = files["train.py"].replace("from util", "from nets import layers\nfrom util")
    assert ("src/nets/layers.py:13" in inert_lines(inert_of(tmp_path, files))) is claimed


def test_a_lookup_by_argument_without_configs_naming_dotted_paths_keeps_the_guard(tmp_path):
    config = "model:\n  target: LoRALinear\n"  # a bare name: not a path to the project's code
    assert "layers.py:13" not in inert_lines(inert_of(tmp_path, config_repo(config=config)))


def test_a_lookup_in_a_library_module_finds_no_class_of_the_project(tmp_path):
    lookup = "\n\ndef activation(name):\n    return getattr(nn, name)()\n"
    found = inert_of(tmp_path / "a", {"layers.py": LAYERS + lookup, "model.py": MODEL})
    assert "layers.py:13" in inert_lines(found)
    # the twin: the same lookup in the project's own module keeps every class in use
    lookup = "\n\ndef activation(name):\n    return getattr(layers, name)()\n"
    found = inert_of(tmp_path / "b", {"layers.py": LAYERS, "model.py": MODEL + lookup})
    assert "layers.py:13" not in inert_lines(found)


@pytest.mark.parametrize(
    ("key", "claimed"),
    [("name", True), ('name + "Layer"', False)],  # a name handed in; a name the code builds
)
def test_a_module_level_table_indexed_by_an_argument_is_a_lookup_by_it(tmp_path, key, claimed):
    util = FROM_CONFIG + f"\n\ndef by_name(name):\n    return globals()[{key}]\n"
    files = {**config_repo(), "util.py": util}
    assert ("layers.py:13" in inert_lines(inert_of(tmp_path, files))) is claimed


def test_reading_a_settings_namespace_by_key_is_no_lookup_of_a_class(tmp_path):
    train = TRAIN_FROM_CONFIG + (
        "import argparse\nargs = argparse.ArgumentParser().parse_args()\n"
        "for k in sorted(vars(args)):\n    print(k, getattr(args, k))\n"
    )
    assert "layers.py:13" in inert_lines(inert_of(tmp_path, config_repo(train=train)))


def test_a_model_file_audited_alone_claims_no_class_unused(tmp_path):
    assert inert_lines(inert_of(tmp_path / "a", {"layers.py": LAYERS})) == set()
    found = inert_of(tmp_path / "b", {"layers.py": LAYERS, "model.py": MODEL})
    assert "layers.py:13" in inert_lines(found)


def test_a_class_named_in_a_config_keeps_its_values(tmp_path):
    files = {"layers.py": LAYERS, "model.py": MODEL, "conf.yaml": "target: layers.LoRAEmbedding\n"}
    assert "layers.py:13" not in inert_lines(inert_of(tmp_path, files))


# ── code the run's settings never reach ─────────────────────────────────────────────────────

SELECTED_HEAD = """
import argparse
import torch.nn as nn

parser = argparse.ArgumentParser()
parser.add_argument("--head", default="ours")
args = parser.parse_args()


class OurHead(nn.Module):
    def __init__(self):
        super(OurHead, self).__init__()
        self.drop = nn.Dropout(p=0.1)


class OtherHead(nn.Module):
    def __init__(self):
        super(OtherHead, self).__init__()
        self.drop = nn.Dropout(p=0.3)


def build_head(args):
    if args.head == "ours":
        return OurHead()
    return OtherHead()


head = build_head(args)
"""


def test_a_class_built_only_after_a_return_the_runs_setting_takes_holds_no_value(tmp_path):
    found = inert_of(tmp_path, {"train.py": SELECTED_HEAD})
    lines = inert_lines(found)
    assert "train.py:18" in lines  # OtherHead's dropout
    assert "train.py:12" not in lines  # OurHead's
    assert "OtherHead" in found[next(k for k in found if k.startswith("train.py:18"))]


def test_the_other_class_is_built_when_the_run_selects_it(tmp_path):
    src = SELECTED_HEAD.replace('default="ours"', 'default="other"')
    assert "train.py:18" not in inert_lines(inert_of(tmp_path, {"train.py": src}))


def test_the_report_lists_each_finding_it_sets_aside_with_the_data_flow_that_shows_why(tmp_path):
    import os

    from paperlint.api import Config, audit

    (tmp_path / "train.py").write_text(SELECTED)
    (tmp_path / "paper.txt").write_text(
        "We train the model with AdamW at a learning rate of 0.001 for 90 epochs.\n"
    )
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        screened = audit(["."], "paper.txt", Config(cache=False))
        everything = audit(["."], "paper.txt", Config(cache=False, audit_all=True))
    finally:
        os.chdir(cwd)
    aside = screened.summary["first_screen"]["set_aside_findings"]
    momentum = [e for e in aside if e["why"] == "inert"]
    assert momentum and momentum[0]["file"] == "train.py"
    assert "args.opt.lower() == 'sgd'" in momentum[0]["detail"]
    assert not any("momentum" in f.message for f in screened.findings)
    # the twin: `--all` sets nothing aside, and the momentum is asked about
    assert everything.summary["first_screen"]["set_aside_findings"] == []
    assert any("momentum" in f.message for f in everything.findings)
