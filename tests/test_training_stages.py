"""Training stages a repository ships beside its paper's experiments (a continued pre-training
with masked language modelling, a quantisation or pruning pass): told from the code by
``rules/scope/training_stages.yaml`` (whose examples run here), and left out of the audit when
the paper never writes of them."""

from __future__ import annotations

import pytest
from helpers import extract_files

from paperlint import resources, scope
from paperlint.code import training_stages
from paperlint.paper.document import document_from_text

_STAGES = resources.load_yaml("scope/training_stages.yaml")["stages"]
_CASES = [
    (s["name"], kind, text)
    for s in _STAGES
    for kind in ("shows", "not", "describes", "silent")
    for text in s["examples"].get(kind, [])
]


@pytest.mark.parametrize(("stage", "kind", "text"), _CASES)
def test_the_examples_of_each_stage(stage, kind, text):
    if kind in ("shows", "not"):
        assert (stage in training_stages.stages_in([text])) is (kind == "shows")
    else:
        assert (stage in training_stages.described(text)) is (kind == "describes")


def test_every_stage_has_examples_both_ways():
    for s in _STAGES:
        ex = s["examples"]
        assert ex.get("shows") and ex.get("not") and ex.get("describes") and ex.get("silent")


def test_a_stage_named_only_in_a_comment_or_string_is_not_done():
    assert not training_stages.stages_in(["# we tried DataCollatorForLanguageModeling here"])
    assert not training_stages.stages_in(['name = "AutoModelForMaskedLM"'])


FINETUNE = """
import argparse
import torch
from transformers import BertForSequenceClassification

p = argparse.ArgumentParser()
p.add_argument("--lr", type=float, default=2e-5)
p.add_argument("--epochs", type=int, default=3)
args = p.parse_args()
model = BertForSequenceClassification.from_pretrained("bert-base-uncased")
opt = torch.optim.AdamW(model.parameters(), lr=args.lr)
for batch in loader:
    loss = model(**batch).loss
    loss.backward()
    opt.step()
"""

FURTHER_PRETRAIN = """
import argparse
from transformers import BertForMaskedLM, DataCollatorForLanguageModeling, Trainer
from transformers import TrainingArguments

p = argparse.ArgumentParser()
p.add_argument("--epochs", type=int, default=10)
args = p.parse_args()
model = BertForMaskedLM.from_pretrained("bert-base-uncased")
collator = DataCollatorForLanguageModeling(tokenizer=tok, mlm_probability=0.15)
targs = TrainingArguments(output_dir="out", learning_rate=5e-5, num_train_epochs=args.epochs)
Trainer(model=model, args=targs, data_collator=collator).train()
"""

SILENT = """# Adapters for Multi-Task BERT

# Abstract
We fine-tune BERT with small adapters on three sentence tasks.

# Experiments
We fine-tune for 3 epochs with AdamW at a learning rate of 2e-5.
"""

DESCRIBES = SILENT.replace(
    "# Experiments\n",
    "# Experiments\nBefore fine-tuning, we continue pre-training BERT on the task text with the "
    "masked language modelling objective.\n",
)


def _runs(inv, text):
    s = scope.decide(inv, document_from_text(text, path="paper.txt"))
    return {r.run: (r.audited, r.rule) for r in s.runs}, s


def test_a_further_pre_training_the_paper_never_describes_is_left_out(tmp_path):
    inv = extract_files(tmp_path, {"train.py": FINETUNE, "pretrain.py": FURTHER_PRETRAIN})
    assert ("pretrain.py", "masked language modelling") in inv.training_stages
    assert not any(p == "train.py" for p, _ in inv.training_stages)
    runs, s = _runs(inv, SILENT)
    assert runs["pretrain.py"] == (False, "other_stage")
    assert runs["train.py"][0]
    left = {c.file for c in inv.choices if c.id in set(s.choices)}
    assert "pretrain.py" in left and "train.py" not in left


def test_a_further_pre_training_the_paper_describes_is_kept(tmp_path):
    inv = extract_files(tmp_path, {"train.py": FINETUNE, "pretrain.py": FURTHER_PRETRAIN})
    runs, _ = _runs(inv, DESCRIBES)
    assert runs["pretrain.py"][0] and runs["train.py"][0]


def test_a_project_of_one_stage_only_is_audited_whole(tmp_path):
    # when the further pre-training is all there is, leaving it out would leave nothing
    inv = extract_files(tmp_path, {"pretrain.py": FURTHER_PRETRAIN})
    runs, _ = _runs(inv, SILENT)
    assert runs["pretrain.py"][0]
