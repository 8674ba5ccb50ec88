"""An activation computed on a line of its own and never assigned takes no effect: the network
has none there. Each beside a twin where the result is used or the operation is in place."""

from __future__ import annotations

from helpers import choices_of, find

_MODEL = """
import torch.nn as nn
import torch.nn.functional as F

class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(8, 8, 3, padding=1)

    def forward(self, x):
        y = self.conv(x) + x
        {line}
        return y
"""


def _activations(line: str):
    cs = choices_of(("m.py", _MODEL.replace("{line}", line)))
    return [(c.line, c.obviousness, c.value) for c in find(cs, kind="activation")]


def test_a_module_called_on_a_tensor_whose_result_is_dropped_is_absent():
    assert _activations("nn.ReLU()(y)") == [(11, "absent", "ReLU (result discarded)")]


def test_a_functional_activation_whose_result_is_dropped_is_absent():
    [(line, obviousness, value)] = _activations("F.relu(y)")
    assert (line, obviousness) == (11, "absent")
    assert value.endswith("(result discarded)")


def test_an_activation_whose_result_is_assigned_is_present():
    [(line, obviousness, value)] = _activations("y = nn.ReLU()(y)")
    assert line == 11 and obviousness != "absent" and "discarded" not in value


def test_an_activation_in_place_takes_effect_without_an_assignment():
    [(line, obviousness, value)] = _activations("nn.ReLU(inplace=True)(y)")
    assert line == 11 and obviousness != "absent" and "discarded" not in value


def test_a_module_only_constructed_on_its_own_line_is_not_read_as_applied():
    # a constructor alone (no tensor) is no application of the activation, dropped or not
    assert all(o != "absent" for _line, o, _v in _activations("nn.ReLU()"))
