"""Parts of a model a configuration switch turns off in every run (paperlint.code.inert over the
runs of paperlint.code.runs): a switch the config files set (``BOX_ONLY: True`` over a yacs
default ``False``) is one of the run's values, so the branch it closes never runs and what is
built only there holds no value of the run. Each case beside a twin where the branch does run."""

from __future__ import annotations

from helpers import extract_files, inert_of

DEFAULTS = """
from yacs.config import CfgNode as CN

_C = CN()
_C.MODEL = CN()
_C.MODEL.BOX_ONLY = False
_C.MODEL.HEAD = CN()
_C.MODEL.HEAD.DROPOUT = 0.25
_C.SOLVER = CN()
_C.SOLVER.BASE_LR = 0.01
_C.SOLVER.MAX_ITER = 1000
"""

TRAIN = """
import argparse
import torch
from config.defaults import _C as cfg
from model import Detector

parser = argparse.ArgumentParser()
parser.add_argument("--config-file", default="")
args = parser.parse_args()
cfg.merge_from_file(args.config_file)
model = Detector(cfg)
optimizer = torch.optim.SGD(model.parameters(), lr=cfg.SOLVER.BASE_LR)
for step in range(cfg.SOLVER.MAX_ITER):
    loss = model(torch.zeros(2, 4)).sum()
    loss.backward()
    optimizer.step()
"""

MODEL = """
import torch.nn as nn
from head import build_head


class Detector(nn.Module):
    \"\"\"A box network, and a Head on top unless the config asks for boxes only.\"\"\"

    def __init__(self, cfg):
        super().__init__()
        self.boxes = nn.Linear(4, 4)
        self.head = None
        if not cfg.MODEL.BOX_ONLY:
            self.head = build_head(cfg)

    def forward(self, x):
        x = self.boxes(x)
        return self.head(x) if self.head is not None else x
"""

HEAD = """
import torch.nn as nn


class Head(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.drop = nn.Dropout(cfg.MODEL.HEAD.DROPOUT)
        self.score = nn.Softmax(dim=-1)

    def forward(self, x):
        return self.score(self.drop(x))


def build_head(cfg):
    return Head(cfg)
"""


def project(box_only: tuple[str, ...]) -> dict[str, str]:
    """The project with one config file per value of ``MODEL.BOX_ONLY`` ("" leaves it out)."""
    files = {
        "config/__init__.py": "",
        "config/defaults.py": DEFAULTS,
        "train.py": TRAIN,
        "model.py": MODEL,
        "head.py": HEAD,
    }
    for i, value in enumerate(box_only):
        switch = f"  BOX_ONLY: {value}\n" if value else ""
        files[f"configs/run{i}.yaml"] = f"MODEL:\n{switch}SOLVER:\n  BASE_LR: 0.02\n"
    return files


def head_parts(found: dict[str, str]) -> set[str]:
    """The inert choices of the head: its dropout setting's default and its own layers."""
    return {k for k in found if k.startswith("head.py") or "DROPOUT" in k}


def test_a_switch_a_config_file_sets_is_among_the_runs_values(tmp_path):
    inv = extract_files(tmp_path, project(("True",)))
    run = next(r for r in inv.runs if r.name == "configs/run0.yaml")
    assert inv.values_of(run)["MODEL.BOX_ONLY"].value == "True"
    assert "MODEL.BOX_ONLY" not in inv.settings_of(run)  # a switch, never a choice
    assert not any(c.setting == "MODEL.BOX_ONLY" for c in inv.choices)


def test_the_switchs_default_is_a_value_of_every_run_that_leaves_it(tmp_path):
    inv = extract_files(tmp_path, project(("",)))
    run = next(r for r in inv.runs if r.name == "configs/run0.yaml")
    assert inv.values_of(run)["MODEL.BOX_ONLY"].value == "False"


def test_a_part_built_only_where_every_run_switches_it_off_is_inert(tmp_path):
    found = inert_of(tmp_path, project(("True", "True")))
    parts = head_parts(found)
    assert any(k.startswith("head.py:7") for k in parts)  # the head's dropout layer
    assert any(k.startswith("head.py:8") for k in parts)  # its softmax
    assert any("MODEL.HEAD.DROPOUT" in k for k in parts)  # the default only the head reads
    assert "not cfg.MODEL.BOX_ONLY" in next(v for k, v in found.items() if k.startswith("head.py"))
    assert not any("BASE_LR" in k for k in found)


def test_the_part_takes_effect_when_one_run_turns_the_switch_on(tmp_path):
    assert head_parts(inert_of(tmp_path, project(("True", "False")))) == set()


def test_the_part_takes_effect_at_the_switchs_default(tmp_path):
    assert head_parts(inert_of(tmp_path, project(("",)))) == set()


def test_the_part_takes_effect_when_the_switchs_value_is_unknown(tmp_path):
    files = project(("True",))
    files["configs/run0.yaml"] = "MODEL:\n  BOX_ONLY: ${oc.env:BOX}\nSOLVER:\n  BASE_LR: 0.02\n"
    found = inert_of(tmp_path, files)
    assert head_parts(found) == set()


ARGPARSE = """
import argparse
import torch.nn as nn

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.1)
parser.add_argument("--probe_only", action="store_true")
args = parser.parse_args()


class Finetuner(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(p=0.3)


def finetuner():
    return Finetuner()


model = nn.Linear(4, 2)
if args.probe_only:
    model = finetuner()
"""


def test_a_part_built_only_under_a_flag_no_launcher_sets_is_inert(tmp_path):
    files = {"train.py": ARGPARSE, "run.sh": "python train.py --lr 0.01\n"}
    found = inert_of(tmp_path, files)
    assert any(k.startswith("train.py:13") for k in found)
    assert "args.probe_only" in next(v for k, v in found.items() if k.startswith("train.py:13"))


def test_a_flags_part_stays_when_nothing_shows_how_the_entry_point_is_launched(tmp_path):
    # no launcher, no config: the authors may pass --probe_only on a command line we never see
    # (a README), so the flag's default does not close the branch
    found = inert_of(tmp_path, {"train.py": ARGPARSE})
    assert not any(k.startswith("train.py:13") for k in found)


def test_the_flags_part_takes_effect_when_a_launcher_sets_the_flag(tmp_path):
    files = {"train.py": ARGPARSE, "run.sh": "python train.py --probe_only --lr 0.01\n"}
    found = inert_of(tmp_path, files)
    assert not any(k.startswith("train.py:13") for k in found)


LAYERS = """
import torch.nn as nn


class Adapter(nn.Module):
    \"\"\"Used in place of Block when asked.\"\"\"

    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(p=0.1)


class Block(nn.Module):
    \"\"\"A block; see also Adapter.\"\"\"

    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(p=0.2)
"""


def test_a_class_named_only_in_a_docstring_is_not_in_use(tmp_path):
    model = "import layers\n\nblock = layers.Block()\n"
    found = inert_of(tmp_path, {"layers.py": LAYERS, "model.py": model})
    assert any(k.startswith("layers.py:9") for k in found)
    assert not any(k.startswith("layers.py:17") for k in found)


def test_a_class_named_in_a_string_the_code_uses_stays_in_use(tmp_path):
    model = "import layers\n\nKINDS = {'a': 'Adapter'}\nblock = layers.Block()\n"
    found = inert_of(tmp_path, {"layers.py": LAYERS, "model.py": model})
    assert not any(k.startswith("layers.py:9") for k in found)


# ── a part a constructor builds only under one of its own parameters ─────────────────────────

NET = """
import torch.nn as nn


class Extra(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(p=0.3)


class Body(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(p=0.1)


class Net(nn.Module):
    def __init__(self, width=8, use_extra=False):
        super().__init__()
        self.body = Body()
        self.extra = Extra() if use_extra else None
        if use_extra:
            self.norm = extra_norm(width)


def extra_norm(width):
    return nn.GroupNorm(4, width)
"""

BUILD_FROM_CONFIG = """
import argparse
import importlib

import torch
import yaml


def get_obj_from_str(string):
    module, cls = string.rsplit(".", 1)
    return getattr(importlib.import_module(module), cls)


def instantiate_from_config(config):
    return get_obj_from_str(config["target"])(**config.get("params", dict()))


parser = argparse.ArgumentParser()
parser.add_argument("--config", default="configs/a.yaml")
args = parser.parse_args()
config = yaml.safe_load(open(args.config))
model = instantiate_from_config(config["model"])
optimizer = torch.optim.SGD(model.parameters(), lr=config["lr"])
for step in range(10):
    loss = model(torch.zeros(2, 8)).sum()
    loss.backward()
    optimizer.step()
"""


def net_project(params: str = "    width: 16\n", **more: str) -> dict[str, str]:
    """net.py, an entry point that builds the model a config names, and configs/a.yaml with
    ``params`` under the model's ``target: net.Net``."""
    config = f"lr: 0.01\nmodel:\n  target: net.Net\n  params:\n{params}"
    return {"net.py": NET, "train.py": BUILD_FROM_CONFIG, "configs/a.yaml": config, **more}


def extra_of(found: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in found.items() if k.startswith("net.py:7")}  # Extra's dropout


def extra_norm_of(found: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in found.items() if k.startswith("net.py:26")}  # extra_norm's


def test_a_part_every_config_build_leaves_switched_off_is_inert(tmp_path):
    found = inert_of(tmp_path, net_project())
    (why,) = extra_of(found).values()
    assert why.startswith("inside Extra, which Net builds only when `use_extra` is true; ")
    assert "every build of Net by the audited runs leaves use_extra=False: configs/a.yaml:3" in why
    assert not any(k.startswith("net.py:13") for k in found)  # Body is built in every run
    norms = extra_norm_of(found)  # a function only the switched-off part calls: its layer
    assert norms and all(
        w.startswith("inside extra_norm(), which Net calls only when `use_extra` is true")
        for w in norms.values()
    )


def test_the_part_takes_effect_when_the_config_turns_it_on(tmp_path):
    found = inert_of(tmp_path, net_project("    width: 16\n    use_extra: true\n"))
    assert extra_of(found) == {}
    assert extra_norm_of(found) == {}


def test_a_function_some_other_code_calls_takes_effect(tmp_path):
    probe = "from net import extra_norm\n\nnorm = extra_norm(8)\n"
    found = inert_of(tmp_path, net_project(**{"probe.py": probe}))
    assert extra_of(found) and extra_norm_of(found) == {}


def test_a_code_build_that_leaves_it_off_is_named_in_the_reason(tmp_path):
    probe = "from net import Net\n\nprobe = Net(width=4)\n"
    (why,) = extra_of(inert_of(tmp_path, net_project(**{"probe.py": probe}))).values()
    assert "configs/a.yaml:3" in why and "probe.py:3" in why


def test_the_part_takes_effect_when_a_code_call_turns_it_on(tmp_path):
    probe = "from net import Net\n\nprobe = Net(width=4, use_extra=True)\n"
    assert extra_of(inert_of(tmp_path, net_project(**{"probe.py": probe}))) == {}


def test_the_part_takes_effect_when_a_call_passes_what_we_cannot_read(tmp_path):
    for call in ("Net(use_extra=flag)", "Net(8, flag)", "Net(**kwargs)"):
        probe = f"from net import Net\n\nflag = True\nkwargs = {{}}\nprobe = {call}\n"
        found = inert_of(tmp_path / call[4:8].strip("(*=,"), net_project(**{"probe.py": probe}))
        assert extra_of(found) == {}, call


def test_the_part_takes_effect_when_the_class_is_handed_on(tmp_path):
    probe = "import functools\nfrom net import Net\n\nmake = functools.partial(Net)\n"
    assert extra_of(inert_of(tmp_path, net_project(**{"probe.py": probe}))) == {}


def test_a_left_out_runs_config_that_turns_it_on_does_not_count(tmp_path):
    from paperlint.code import inert

    files = net_project()
    files["configs/b.yaml"] = files["configs/a.yaml"] + "    use_extra: true\n"
    inv = extract_files(tmp_path, files)
    names = {r.name for r in inv.runs}
    assert {"configs/a.yaml", "configs/b.yaml"} <= names
    by_id = {c.id: c for c in inv.choices}

    def extra(audited: set[str], left_out: set[str]) -> list[str]:
        found = inert.inert_choices(
            inv.choices,
            inv,
            base=str(tmp_path),
            audited_runs=frozenset(audited),
            left_out=frozenset(left_out),
        )
        return [v for k, v in found.items() if (by_id[k].file, by_id[k].line) == ("net.py", 7)]

    assert extra(names - {"configs/b.yaml"}, {"configs/b.yaml"})
    assert not extra(names, set())


def test_the_part_takes_effect_when_the_code_writes_the_key_into_the_config(tmp_path):
    # the entry point may set the argument before it builds: the config does not show it
    written = BUILD_FROM_CONFIG.replace(
        'model = instantiate_from_config(config["model"])',
        'config["model"]["params"]["use_extra"] = True\nmodel = instantiate_from_config(config["model"])',
    )
    assert written != BUILD_FROM_CONFIG
    found = inert_of(tmp_path, {**net_project(), "train.py": written})
    assert extra_of(found) == {}


def test_the_part_takes_effect_when_a_subclass_is_built(tmp_path):
    # a subclass with a constructor of its own: its build is not one we read
    sub = (
        "from net import Net\n\n\nclass BigNet(Net):\n    def __init__(self, width):\n"
        "        super().__init__(width, width > 8)\n\n\nbig = BigNet(width=4)\n"
    )
    assert extra_of(inert_of(tmp_path, net_project(**{"big.py": sub}))) == {}
    unbuilt = "from net import Net\n\n\nclass BigNet(Net):\n    pass\n"
    assert extra_of(inert_of(tmp_path / "twin", net_project(**{"big.py": unbuilt})))


def test_a_subclass_that_keeps_the_constructor_builds_the_class_with_its_arguments(tmp_path):
    sub = "from net import Net\n\n\nclass BigNet(Net):\n    pass\n\n\nbig = BigNet({})\n"
    found = inert_of(tmp_path, net_project(**{"big.py": sub.format("width=4")}))
    (why,) = extra_of(found).values()
    assert "big.py:8" in why  # the subclass's build, which leaves use_extra=False
    turned_on = net_project(**{"big.py": sub.format("use_extra=True")})
    assert extra_of(inert_of(tmp_path / "twin", turned_on)) == {}


def test_a_subclass_whose_methods_set_attributes_is_no_build_we_read(tmp_path):
    sub = (
        "from net import Net\n\n\nclass BigNet(Net):\n    def reset(self):\n"
        "        self.ready = True\n\n\nbig = BigNet(width=4)\n"
    )
    assert extra_of(inert_of(tmp_path, net_project(**{"big.py": sub}))) == {}


REGISTRY = """
class Registry:
    def __init__(self):
        self.classes = {}

    def register_module(self):
        def add(cls):
            self.classes[cls.__name__] = cls
            return cls

        return add

    def build(self, cfg):
        cfg = dict(cfg)
        return self.classes[cfg.pop("type")](**cfg)


MODELS = Registry()
"""

BUILD_FROM_REGISTRY = """
import argparse

import torch
from mmcv import Config

import net  # noqa: F401  (registers the models)
from registry import MODELS

parser = argparse.ArgumentParser()
parser.add_argument("--config")
args = parser.parse_args()
cfg = Config.fromfile(args.config)
model = MODELS.build(cfg.model)
optimizer = torch.optim.SGD(model.parameters(), lr=cfg.lr)
"""


def registry_project(model: str) -> dict[str, str]:
    """The model registered by name and built from an mmcv-style Python config's
    ``dict(type="Net", ...)``."""
    registered = NET.replace(
        "import torch.nn as nn\n", "import torch.nn as nn\nfrom registry import MODELS\n"
    )
    registered = registered.replace("class Net(", "@MODELS.register_module()\nclass Net(")
    return {
        "net.py": registered,
        "registry.py": REGISTRY,
        "train.py": BUILD_FROM_REGISTRY,
        "configs/a.py": f"model = dict({model})\nlr = 0.01\n",
        "run.sh": "python train.py --config configs/a.py\n",
    }


def test_a_registry_build_by_type_that_leaves_it_off_makes_it_inert(tmp_path):
    found = inert_of(tmp_path, registry_project('type="Net", width=16'))
    whys = [v for k, v in found.items() if k.startswith("net.py:8")]  # Extra's dropout
    assert whys and "leaves use_extra=False: configs/a.py:1" in whys[0]


def test_a_registry_build_by_type_that_turns_it_on_keeps_it(tmp_path):
    found = inert_of(tmp_path, registry_project('type="Net", width=16, use_extra=True'))
    assert not any(k.startswith("net.py:8") for k in found)


def test_a_switch_a_registry_config_writes_is_among_the_runs_values(tmp_path):
    inv = extract_files(tmp_path / "on", registry_project('type="Net", use_extra=True'))
    (run,) = inv.runs
    assert inv.values_of(run)["model.use_extra"].value == "True"
    assert not any(c.setting == "model.use_extra" for c in inv.choices)  # a switch, no choice
    # the twin: a build that leaves the switch out gives the run no value for it
    inv = extract_files(tmp_path / "off", registry_project('type="Net", width=16'))
    (run,) = inv.runs
    assert "model.use_extra" not in inv.values_of(run)
    assert inv.values_of(run)["model.width"].value == "16"


def test_dump_code_lists_the_switches_a_run_sets(tmp_path):
    import os
    import subprocess
    import sys

    for path, text in project(("True", "")).items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    env = {**os.environ, "PAPERLINT_NO_CACHE": "1"}
    out = subprocess.run(
        [sys.executable, "-m", "paperlint", "dump-code", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    blocks = out.stdout.split("\nrun ")
    run0 = next(b for b in blocks if b.startswith("configs/run0.yaml"))
    run1 = next(b for b in blocks if b.startswith("configs/run1.yaml"))
    assert "switch MODEL.BOX_ONLY = True  configs/run0.yaml:2 (config)" in run0
    # the twin: the run that leaves the switch at its default sets none
    assert "switch MODEL.BOX_ONLY = True" not in run1


BUILD_WITH_HYDRA = """
import hydra
import torch
from hydra.utils import instantiate


@hydra.main(config_path="configs", config_name="a")
def main(cfg):
    model = instantiate(cfg.model)
    optimizer = torch.optim.SGD(model.parameters(), lr=cfg.lr)


if __name__ == "__main__":
    main()
"""


def hydra_project(siblings: str, **more: str) -> dict[str, str]:
    """The model built by Hydra from ``_target_: net.Net`` with its arguments as siblings."""
    config = f"lr: 0.01\nmodel:\n  _target_: net.Net\n{siblings}"
    return {"net.py": NET, "train.py": BUILD_WITH_HYDRA, "configs/a.yaml": config, **more}


def test_a_hydra_target_that_leaves_it_off_makes_it_inert(tmp_path):
    (why,) = extra_of(inert_of(tmp_path, hydra_project("  width: 16\n"))).values()
    assert "leaves use_extra=False: configs/a.yaml:3" in why


def test_a_hydra_target_that_turns_it_on_keeps_it(tmp_path):
    assert extra_of(inert_of(tmp_path, hydra_project("  width: 16\n  use_extra: true\n"))) == {}


def test_a_launchers_override_that_turns_it_on_keeps_it(tmp_path):
    launcher = {"run.sh": "python train.py model.use_extra=true\n"}
    assert extra_of(inert_of(tmp_path, hydra_project("  width: 16\n", **launcher))) == {}


def test_the_part_takes_effect_when_the_constructor_rebinds_its_parameter(tmp_path):
    rebinds = NET.replace(
        "        self.body = Body()\n",
        "        self.body = Body()\n        use_extra = use_extra or width > 8\n",
    )
    assert rebinds != NET
    assert extra_of(inert_of(tmp_path, {**net_project(), "net.py": rebinds})) == {}


# ── the constructor keeps its parameter on the object and tests the attribute ────────────────

NET_SELF = """
import torch.nn as nn


class Extra(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(p=0.3)


class Net(nn.Module):
    def __init__(self, width=8, use_extra=False):
        super().__init__()
        self.width = width
        self.use_extra = use_extra
        if self.use_extra:
            self.extra = Extra()
            self.norm_fn = extra_norm
        else:
            self.extra = None
            self.norm_fn = plain_norm

    def forward(self, x):
        return self.norm_fn(self.width)


def extra_norm(width):
    return nn.GroupNorm(4, width)


def plain_norm(width):
    return nn.GroupNorm(2, width)
"""


def line_of(text: str, part: str) -> int:
    """The line (1-based, as the fixture is written) holding ``part``."""
    lines = text.lstrip("\n").splitlines()
    (n,) = [i for i, line in enumerate(lines, 1) if part in line]
    return n


def self_project(net: str = NET_SELF, params: str = "    width: 16\n", **more: str):
    return {**net_project(params, **more), "net.py": net}


def at(found: dict[str, str], net: str, part: str) -> dict[str, str]:
    """The inert choices on the line of ``net`` holding ``part``."""
    return {k: v for k, v in found.items() if k.startswith(f"net.py:{line_of(net, part)} ")}


def test_a_part_built_only_when_the_attribute_copying_the_switch_is_true_is_inert(tmp_path):
    found = inert_of(tmp_path, self_project())
    (why,) = at(found, NET_SELF, "nn.Dropout(p=0.3)").values()
    assert why.startswith("inside Extra, which Net builds only when `self.use_extra` is true; ")
    assert "leaves use_extra=False: configs/a.yaml:3" in why


def test_the_attributes_part_takes_effect_when_the_config_turns_it_on(tmp_path):
    found = inert_of(tmp_path, self_project(params="    width: 16\n    use_extra: true\n"))
    assert at(found, NET_SELF, "nn.Dropout(p=0.3)") == {}
    assert at(found, NET_SELF, "GroupNorm(4") == {}


def test_the_attributes_part_takes_effect_when_another_method_sets_the_attribute(tmp_path):
    net = NET_SELF.replace(
        "    def forward(self, x):",
        "    def enable(self):\n        self.use_extra = True\n\n    def forward(self, x):",
    )
    assert net != NET_SELF
    found = inert_of(tmp_path, self_project(net))
    assert at(found, net, "nn.Dropout(p=0.3)") == {}
    assert at(found, net, "GroupNorm(4") == {}


def test_the_attributes_part_takes_effect_when_the_attribute_is_set_under_a_condition(tmp_path):
    net = NET_SELF.replace(
        "        self.use_extra = use_extra\n",
        "        if width > 0:\n            self.use_extra = use_extra\n",
    )
    assert net != NET_SELF
    assert at(inert_of(tmp_path, self_project(net)), net, "nn.Dropout(p=0.3)") == {}


def test_the_attributes_part_takes_effect_when_other_code_sets_the_attribute(tmp_path):
    probe = "from net import Net\n\nnet = Net(width=4)\nnet.use_extra = True\n"
    found = inert_of(tmp_path, self_project(**{"probe.py": probe}))
    assert at(found, NET_SELF, "nn.Dropout(p=0.3)") == {}


def test_the_attributes_part_takes_effect_when_the_test_reads_it_before_it_is_set(tmp_path):
    # the attribute a base class gave, not yet the parameter
    net = NET_SELF.replace("        self.use_extra = use_extra\n", "").replace(
        "            self.extra = None\n",
        "            self.extra = None\n        self.use_extra = use_extra\n",
    )
    assert net.count("self.use_extra = use_extra") == 1
    assert at(inert_of(tmp_path, self_project(net)), net, "nn.Dropout(p=0.3)") == {}


# ── a function the constructor names as a value only under its switched-off condition ─────────


def test_a_function_named_as_a_value_only_under_the_closed_condition_is_inert(tmp_path):
    found = inert_of(tmp_path, self_project())
    whys = at(found, NET_SELF, "GroupNorm(4")
    assert whys and all(
        w.startswith("inside extra_norm(), which Net calls only when `self.use_extra` is true")
        for w in whys.values()
    )
    assert at(found, NET_SELF, "GroupNorm(2") == {}  # the other branch's function runs


def test_a_function_handed_to_partial_only_under_the_closed_condition_is_inert(tmp_path):
    net = NET_SELF.replace("import torch.nn as nn\n", "import functools\n\nimport torch.nn as nn\n")
    net = net.replace("= extra_norm\n", "= functools.partial(extra_norm, width=4)\n")
    assert "partial(extra_norm" in net
    assert at(inert_of(tmp_path, self_project(net)), net, "GroupNorm(4")


def test_a_function_also_named_as_a_value_elsewhere_takes_effect(tmp_path):
    probe = "from net import extra_norm\n\nNORMS = {'extra': extra_norm}\n"
    found = inert_of(tmp_path, self_project(**{"probe.py": probe}))
    assert at(found, NET_SELF, "GroupNorm(4") == {}
    assert at(found, NET_SELF, "nn.Dropout(p=0.3)")  # the class is still built only there


def package_project(init: str) -> dict[str, str]:
    """The model in a package ``models`` whose ``__init__.py`` is ``init``, built from a
    config's ``target: models.net.Net``."""
    files = self_project()
    files["models/net.py"] = files.pop("net.py")
    files["models/__init__.py"] = init
    files["configs/a.yaml"] = files["configs/a.yaml"].replace("net.Net", "models.net.Net")
    return files


def test_a_package_that_only_re_exports_the_function_does_not_keep_it(tmp_path):
    init = 'from .net import Net, extra_norm, plain_norm\n\n__all__ = ["Net", "extra_norm"]\n'
    found = inert_of(tmp_path, package_project(init))
    line = line_of(NET_SELF, "GroupNorm(4")
    assert any(k.startswith(f"models/net.py:{line} ") for k in found)


def test_a_package_that_hands_the_function_on_keeps_it(tmp_path):
    init = (
        "from .net import Net, extra_norm\n\n"
        '__all__ = ["Net", "extra_norm"]\nDEFAULT_NORM = extra_norm\n'
    )
    found = inert_of(tmp_path, package_project(init))
    line = line_of(NET_SELF, "GroupNorm(4")
    assert not any(k.startswith(f"models/net.py:{line} ") for k in found)


# ── a registry entry written in code is a build we read ──────────────────────────────────────


def test_a_registry_entry_in_code_that_leaves_it_off_is_a_build_that_keeps_it_off(tmp_path):
    heads = 'from registry import MODELS\n\n\ndef build(cfg=dict(type="Net", width=4)):\n    return MODELS.build(cfg)\n'
    files = {**registry_project('type="Net", width=16'), "heads.py": heads}
    whys = [v for k, v in inert_of(tmp_path, files).items() if k.startswith("net.py:8")]
    assert whys and "heads.py:4" in whys[0] and "configs/a.py:1" in whys[0]


def test_a_registry_entry_in_code_that_turns_it_on_keeps_it(tmp_path):
    heads = 'from registry import MODELS\n\n\ndef build(cfg=dict(type="Net", use_extra=True)):\n    return MODELS.build(cfg)\n'
    files = {**registry_project('type="Net", width=16'), "heads.py": heads}
    assert not any(k.startswith("net.py:8") for k in inert_of(tmp_path, files))


def test_the_class_named_in_another_string_of_the_code_keeps_it(tmp_path):
    heads = 'from registry import MODELS\n\nKIND = "Net"\nmodel = MODELS.build(dict(type=KIND))\n'
    files = {**registry_project('type="Net", width=16'), "heads.py": heads}
    assert not any(k.startswith("net.py:8") for k in inert_of(tmp_path, files))


# ── a lookup by a name built at run time that can reach no class of the project ──────────────

PALETTE = """
def red_palette():
    return [255, 0, 0]


PALETTE = globals()["red" + "_palette"]()
"""


def test_a_lookup_in_a_module_of_no_class_importing_nothing_of_ours_reaches_none(tmp_path):
    assert extra_of(inert_of(tmp_path, net_project(**{"palette.py": PALETTE})))


def test_a_lookup_in_a_module_that_imports_ours_keeps_every_class(tmp_path):
    palette = "import net\n" + PALETTE
    assert extra_of(inert_of(tmp_path, net_project(**{"palette.py": palette}))) == {}
