"""How a setting is read: every rule of rules/vocabulary/settings.yaml with its own examples.

Each rule's `examples` must be decided by that rule and its `twins` (near misses) must not, the
way the rule packs' examples run (tests/test_rule_examples.py).
"""

from __future__ import annotations

import ast
import re

import pytest

from paperlint import resources
from paperlint.code import settings
from paperlint.code.settings import NO_VALUE, classify, read

_EXAMPLE = re.compile(
    r"^\s*(?:(?P<owner>[\w.]+)\((?P<param>[\w.-]+)\)|(?P<name>[^=]+?))\s*(?:=\s*(?P<value>.+))?$"
)


def _parse(example: str) -> tuple[str, object, str]:
    m = _EXAMPLE.match(example)
    assert m, example
    value = ast.literal_eval(m["value"]) if m["value"] is not None else NO_VALUE
    if m["owner"]:
        return m["param"], value, m["owner"]
    return m["name"].strip(), value, ""


def _rule_cases():
    data = resources.load_yaml("vocabulary/settings.yaml")
    rules = iter(settings.rules())
    for section in ("not_choices", "qualified", "settings"):
        for spec in data[section]:
            rule = next(rules)
            assert (rule.kind, rule.concept) == (spec["kind"], spec["concept"])
            for ex in spec.get("examples", ()):
                yield pytest.param(rule, ex, True, id=f"{spec['concept']}: {ex}")
            for ex in spec.get("twins", ()):
                yield pytest.param(rule, ex, False, id=f"{spec['concept']} (twin): {ex}")
    ignore = next(rules)
    for ex in data["ignore"]["examples"]:
        yield pytest.param(ignore, ex, True, id=f"ignore: {ex}")
    for ex in data["ignore"]["twins"]:
        yield pytest.param(ignore, ex, False, id=f"ignore (twin): {ex}")


@pytest.mark.parametrize("rule, example, decides", list(_rule_cases()))
def test_each_rule_decides_its_examples_and_not_its_twins(rule, example, decides):
    name, value, owner = _parse(example)
    reading = read(name, value, owner)
    if decides:
        assert reading.rule is rule, f"{example!r} was read by {reading.rule}"
    else:
        assert reading.rule is not rule


def test_every_rule_has_an_example_and_a_twin():
    data = resources.load_yaml("vocabulary/settings.yaml")
    for section in ("not_choices", "qualified", "settings"):
        for spec in data[section]:
            assert spec.get("examples") and spec.get("twins"), spec["concept"]


_UNSET = resources.load_yaml("vocabulary/settings.yaml")["unset"]


@pytest.mark.parametrize("example", _UNSET["examples"])
def test_a_placeholder_value_leaves_a_setting_unset(example):
    name, value, owner = _parse(example)
    reading = read(name, value, owner)
    assert reading.unset and reading.result is None
    assert classify(name, owner=owner) is not None  # the same name, value unknown, is a setting


@pytest.mark.parametrize("example", _UNSET["twins"])
def test_a_real_value_is_a_choice(example):
    name, value, owner = _parse(example)
    assert classify(name, value, owner) is not None


def test_the_words_before_a_name_say_what_it_is():
    assert classify("MODEL.EMA.DECAY").concept == "ema"
    assert classify("MODEL.DECAY").kind == "weight_decay"
    assert classify("decay", owner="LitEma").concept == "ema"
    assert classify("decay", owner="Trainer").kind == "weight_decay"
    assert classify("MODEL.BN.MOMENTUM").concept == "norm_momentum"
    assert classify("SOLVER.MOMENTUM").kind == "momentum"
    assert classify("scheduler.patience").concept == "plateau_decay"
    assert classify("patience").concept == "early_stopping"


def test_holders_of_settings_say_nothing():
    assert classify("cfg.SOLVER.BASE_LR") == classify("base_lr")
    assert classify("args.lr") == classify("lr")
    assert classify("self.config.num_layers") == classify("num_layers")


def test_a_module_switch_is_plumbing_only_as_a_boolean():
    assert classify("MODEL.FCOS_ON", True) is None
    assert classify("MODEL.FCOS_ON") is None  # read in `if cfg.MODEL.FCOS_ON:`
    assert classify("turn_on", 3) is not None


def test_an_unknown_name_is_a_setting_of_kind_other():
    assert classify("numMCTSSims", 25) == settings.SettingKind("other", "num_mcts_sims")
    assert settings.is_known_setting("lr") and not settings.is_known_setting("numMCTSSims")


def test_a_neutral_multiplier_leaves_the_learning_rate_as_it_is():
    assert classify("lr_g_factor", 0.5, "VQModel").concept == "lr_multiplier"
    assert read("lr_g_factor", 1.0, "VQModel").unset
    assert classify("lr_g_factor", 1.0, "VQModel") is None
