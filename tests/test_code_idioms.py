"""Code idioms read as the component they build, not as the ordinary call they are made of."""

from __future__ import annotations

import pytest
from helpers import choices_of, find

DISTILL = """
import torch.nn.functional as F

def loss(student_logits, teacher_logits, labels):
    base = F.cross_entropy(student_logits, labels)
    hard = F.cross_entropy(student_logits, {target})
    return base + hard
"""


@pytest.mark.parametrize(
    "target",
    [
        "teacher_logits.argmax(dim=1)",
        "torch.argmax(teacher_logits, dim=1)",
        "teacher_logits.max(1)[1]",
        "model_outputs.argmax(-1)",
    ],
)
def test_cross_entropy_against_the_argmax_of_outputs_is_hard_label_distillation(target):
    cs = choices_of(("losses.py", DISTILL.format(target=target)))
    hard = find(cs, concept="hard_label_distillation")
    assert [c.line for c in hard] == [5]
    assert hard[0].kind == "loss"
    # the cross-entropy against the labels beside it stays a plain cross-entropy
    assert [c.line for c in find(cs, concept="cross_entropy")] == [4]


@pytest.mark.parametrize(
    "target",
    [
        "labels",  # the labels themselves
        "labels_onehot.argmax(dim=1)",  # one-hot labels turned into class indices
        "y.argmax(1)",
        "targets.max(1)[1]",
    ],
)
def test_cross_entropy_against_labels_stays_cross_entropy(target):
    cs = choices_of(("losses.py", DISTILL.format(target=target)))
    assert find(cs, concept="hard_label_distillation") == []
    assert sorted(c.line for c in find(cs, concept="cross_entropy")) == [4, 5]
