"""What research code sets that is no design choice, and settings taken for another parameter:
read from whole files (YAML configs, argparse, dicts, parameters), each beside a twin that is one."""

from __future__ import annotations

from helpers import choices_of, extract_files, find, inventory_of


def _yaml(tmp_path, text: str):
    return extract_files(tmp_path, {"configs/run.yaml": text})


def test_module_switches_and_the_model_wrapper_are_not_choices(tmp_path):
    inv = _yaml(
        tmp_path,
        """
        MODEL:
          META_ARCHITECTURE: "GeneralizedRCNN"
          RPN_ONLY: True
          FCOS_ON: True
          FCOS:
            NUM_CONVS: 4
            CENTERNESS_ON_REG: True
        """,
    )
    cs = list(inv.choices)
    assert {c.line for c in cs} == {6, 7}  # NUM_CONVS, CENTERNESS_ON_REG
    assert find(cs, line=6)[0].kind == "depth"


def test_class_counts_and_column_names_are_context_not_choices(tmp_path):
    inv = _yaml(
        tmp_path,
        """
        num_classes: 81
        text_column_name: sentence
        hidden_size: 256
        """,
    )
    assert [c.line for c in inv.choices] == [3]
    assert {c.concept for c in inv.context} == {"num_classes", "dataset_columns"}


def test_epsilons_pad_values_debug_and_evaluation_settings_are_plumbing(tmp_path):
    inv = _yaml(
        tmp_path,
        """
        eps: 1.0e-5
        pad_token_id: 0
        ignore_index: -100
        debug: true
        per_device_eval_batch_size: 64
        eval_steps: 500
        save_total_limit: 2
        per_device_train_batch_size: 16
        epsilon: 0.1
        """,
    )
    assert [(c.line, c.kind) for c in inv.choices] == [(8, "batch_size"), (9, "other")]


def test_a_placeholder_value_is_no_choice_and_a_real_one_is():
    cs = choices_of(
        (
            "train.py",
            """
        import argparse
        p = argparse.ArgumentParser()
        p.add_argument("--max_steps", type=int, default=-1)
        p.add_argument("--num_heads", type=int, default=-1)
        p.add_argument("--epochs", type=int, default=30)
        p.add_argument("--lr", type=float, default=None)
        p.add_argument("--batch_size", type=int, default=32)
        """,
        )
    )
    assert sorted(c.kind for c in cs) == ["batch_size", "epochs"]


def test_a_lookup_table_is_data_and_a_config_dict_is_settings():
    cs = choices_of(
        (
            "run.py",
            """
        task_to_keys = {
            "mnli": ("premise", "hypothesis"),
            "qnli": ("question", "sentence"),
        }
        config = {
            "lr": 0.001,
            "num_layers": 4,
        }
        """,
        )
    )
    assert sorted((c.line, c.kind) for c in cs) == [(6, "learning_rate"), (7, "depth")]


def test_docstring_constants_and_checkpoint_lists_are_not_choices():
    cs = choices_of(
        (
            "modeling.py",
            """
        _CONFIG_FOR_DOC = "RobertaConfig"
        ROBERTA_PRETRAINED_MODEL_ARCHIVE_LIST = ["roberta-base", "roberta-large"]
        HIDDEN_SIZE = 768
        """,
        )
    )
    assert [c.line for c in cs] == [3]


def test_a_dict_entry_that_copies_a_path_is_plumbing():
    cs = choices_of(
        (
            "run.py",
            """
        import argparse
        p = argparse.ArgumentParser()
        p.add_argument("--validation_file", default="dev.csv")
        p.add_argument("--dropout", type=float, default=0.1)
        args = p.parse_args()
        data_files = {"train": args.train_file, "validation": args.validation_file}
        model_cfg = {"dropout": args.dropout, "act": "gelu"}
        """,
        )
    )
    assert not [c for c in cs if c.line == 6]
    assert find(cs, line=7, kind="dropout")


def test_an_early_stopping_counter_is_state_and_its_patience_a_setting():
    cs = choices_of(
        (
            "train.py",
            """
        def train(model, epochs=100, patience=10):
            bad_epochs = 0
            best_epoch = 0
            for epoch in range(epochs):
                if bad_epochs >= patience:
                    break
        """,
        )
    )
    assert not [c for c in cs if c.line in (2, 3)]
    assert find(cs, concept="early_stopping")


# ── the wrong parameter ──


def test_an_ema_decay_is_not_a_weight_decay():
    cs = choices_of(
        (
            "ema.py",
            """
        import torch.nn as nn

        class LitEma(nn.Module):
            def __init__(self, model, decay=0.9999, use_num_updates=True):
                super().__init__()
                self.decay = decay

        class Trainer:
            def __init__(self, model, lr=1e-3, decay=1e-4):
                self.lr = lr
        """,
        )
    )
    assert find(cs, line=4, concept="ema")
    assert not find(cs, line=4, kind="weight_decay")
    assert find(cs, line=9, kind="weight_decay")


def test_a_nested_config_reads_its_keys_in_context(tmp_path):
    inv = _yaml(
        tmp_path,
        """
        model:
          ema:
            decay: 0.9998
          bn:
            momentum: 0.03
        optimizer:
          momentum: 0.9
          decay: 0.0001
        scheduler:
          patience: 5
          min_lr: 1.0e-6
        early_stopping:
          patience: 20
        """,
    )
    got = {c.line: (c.kind, c.concept) for c in inv.choices}
    assert got[3] == ("other", "ema")
    assert got[5] == ("other", "norm_momentum")
    assert got[7] == ("momentum", "momentum")
    assert got[8] == ("weight_decay", "weight_decay")
    assert got[10] == ("scheduler", "plateau_decay")
    assert got[11] == ("scheduler", "min_learning_rate")
    assert got[13] == ("epochs", "early_stopping")


def test_a_minimum_learning_rate_and_lr_noise_are_not_the_learning_rate():
    cs = choices_of(
        (
            "train.py",
            """
        import argparse
        p = argparse.ArgumentParser()
        p.add_argument("--lr", type=float, default=5e-4)
        p.add_argument("--min-lr", type=float, default=1e-5)
        p.add_argument("--lr-noise-pct", type=float, default=0.67)
        p.add_argument("--cooldown-epochs", type=int, default=10)
        p.add_argument("--patience-epochs", type=int, default=10)
        p.add_argument("--epochs", type=int, default=300)
        """,
        )
    )
    kinds = {c.line: c.kind for c in cs}
    assert kinds == {
        3: "learning_rate",
        4: "scheduler",
        5: "scheduler",
        6: "scheduler",
        7: "scheduler",
        8: "epochs",
    }


def test_a_sampler_eta_is_not_a_learning_rate():
    cs = choices_of(
        (
            "sample.py",
            """
        import argparse

        def convsample_ddim(model, steps, shape, eta=1.0):
            return model.sample(steps, eta=eta)

        p = argparse.ArgumentParser()
        p.add_argument("--ddim_eta", type=float, default=0.0)
        p.add_argument("--eta", type=float, default=0.01)
        """,
        )
    )
    assert not find(cs, kind="learning_rate")
    assert [c.concept for c in find(cs, line=7)] == ["sampler_eta"]


def test_a_neutral_lr_multiplier_is_unset_and_a_bias_lr_factor_is_a_choice(tmp_path):
    inv = _yaml(tmp_path, "SOLVER:\n  BASE_LR: 0.01\n  BIAS_LR_FACTOR: 2\n  LR_G_FACTOR: 1.0\n")
    got = {c.line: (c.kind, c.concept) for c in inv.choices}
    assert got == {2: ("learning_rate", "learning_rate"), 3: ("other", "lr_multiplier")}


def test_the_dataset_and_class_count_settings_go_to_context():
    inv = inventory_of(("cfg.py", "NUM_CLASSES = 10\nDATASET = 'cifar10'\nLR = 0.1\n"))
    assert {c.concept for c in inv.context} == {"num_classes", "dataset_name"}
    assert [c.kind for c in inv.choices] == ["learning_rate"]
