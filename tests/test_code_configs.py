"""Config files (YAML, Hydra, JSON, mmcv-style Python, gin) and notebooks: choices at file:line."""

from __future__ import annotations

import json

from helpers import extract_files, find


def test_yaml_settings_at_their_key_lines(tmp_path):
    inv = extract_files(
        tmp_path,
        {
            "config.yaml": """
            model:
              hidden_dim: 256
              num_layers: 4
              dropout: 0.1
            train:
              lr: 1.0e-3
              batch_size: 32
              data_dir: /data/cifar
              use_bn: true
            """
        },
    )
    cs = list(inv.choices)
    assert {(c.kind, c.line) for c in cs} >= {
        ("channels", 2),
        ("depth", 3),
        ("dropout", 4),
        ("learning_rate", 6),
        ("batch_size", 7),
        ("normalization", 9),
    }
    assert not find(cs, line=8), "paths are plumbing"


def test_hydra_defaults_select_options_and_target_binds_a_signature(tmp_path):
    inv = extract_files(
        tmp_path,
        {
            "conf/config.yaml": """
            defaults:
              - model: resnet50
              - optimizer: sgd
              - override hydra/launcher: basic
              - _self_
            trainer:
              max_epochs: 90
            """,
            "conf/optimizer/sgd.yaml": """
            _target_: torch.optim.SGD
            lr: 0.1
            momentum: 0.9
            weight_decay: ${trainer.wd}
            """,
        },
    )
    cs = list(inv.choices)
    top = [c for c in cs if c.file == "conf/config.yaml"]
    assert find(top, line=2)[0].value == "'resnet50'"
    opt = find(top, line=3)[0]
    assert opt.kind == "optimizer" and opt.concept == "sgd"
    assert not find(top, line=4), "hydra's own groups are plumbing"
    assert find(top, kind="epochs")[0].number == 90.0
    sgd = [c for c in cs if c.file == "conf/optimizer/sgd.yaml"]
    assert find(sgd, kind="optimizer", line=1)[0].concept == "sgd"
    assert find(sgd, kind="learning_rate")[0].line == 2
    assert find(sgd, kind="momentum")[0].number == 0.9
    assert not find(sgd, kind="weight_decay"), "an interpolation is not a value"


def test_json_config_and_json_settings_feed_code(tmp_path):
    inv = extract_files(
        tmp_path,
        {
            "cfg.json": json.dumps({"lr": 0.005, "epochs": 30, "layers_dim": [64, 64]}, indent=2),
            "train.py": """
            import json, torch
            cfg = json.load(open("cfg.json"))
            opt = torch.optim.Adam(params, lr=cfg["lr"])
            """,
        },
    )
    cs = list(inv.choices)
    assert find(cs, file="cfg.json", kind="learning_rate")[0].line == 2
    use = find(cs, file="train.py", kind="learning_rate")[0]
    assert use.number == 0.005 and use.via == "cfg.json:2"


def test_mmcv_style_python_dict_config(tmp_path):
    inv = extract_files(
        tmp_path,
        {
            "configs/faster_rcnn.py": """
            _base_ = ['../_base_/default_runtime.py']
            model = dict(
                type='FasterRCNN',
                backbone=dict(type='ResNet', depth=50, norm_cfg=dict(type='BN')),
            )
            optimizer = dict(type='SGD', lr=0.02, momentum=0.9, weight_decay=0.0001)
            runner = dict(type='EpochBasedRunner', max_epochs=12)
            data = dict(samples_per_gpu=2, workers_per_gpu=2)
            """
        },
    )
    cs = list(inv.choices)
    assert find(cs, kind="depth")[0].line == 4
    assert find(cs, kind="normalization")[0].concept == "batch_norm"
    assert find(cs, kind="optimizer")[0].concept == "sgd"
    assert find(cs, kind="learning_rate")[0].number == 0.02
    assert find(cs, kind="epochs")[0].number == 12.0
    assert find(cs, kind="batch_size")[0].number == 2.0
    assert not find(cs, line=1), "_base_ paths are not choices"


def test_a_registry_config_that_writes_out_a_library_default_chose_nothing(tmp_path):
    inv = extract_files(
        tmp_path,
        {
            "configs/run.py": """
            optimizer = dict(type='AdamW', lr=6e-05, betas=(0.9, 0.999), weight_decay=0.01)
            tuned = dict(type='AdamW', lr=1e-4, betas=(0.9, 0.98))
            """
        },
    )
    by_key = {c.setting: c for c in inv.choices}
    # torch's, transformers' and every other library's AdamW give betas (0.9, 0.999)
    assert by_key["optimizer.betas"].obviousness == "default"
    # the twins: another value is a choice; so is a default the libraries disagree on
    assert by_key["tuned.betas"].obviousness == "deliberate"
    assert by_key["optimizer.weight_decay"].obviousness == "deliberate"
    assert by_key["optimizer.lr"].obviousness == "deliberate"


def test_gin_bindings_and_references(tmp_path):
    inv = extract_files(
        tmp_path,
        {
            "train.gin": """
            train.optimizer = @tf.train.AdamOptimizer
            AdamOptimizer.learning_rate = 0.0005
            train.batch_size = 64  # per replica
            """
        },
    )
    cs = list(inv.choices)
    assert find(cs, kind="optimizer")[0].concept == "adam"
    assert find(cs, kind="learning_rate")[0].line == 2
    assert find(cs, kind="batch_size")[0].number == 64.0


def _notebook(*cells):
    return json.dumps(
        {
            "cells": [
                {"cell_type": kind, "source": src.splitlines(keepends=True), "metadata": {}}
                for kind, src in cells
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


def test_notebook_choices_point_to_cell_and_line(tmp_path):
    nb = _notebook(
        ("markdown", "# Training\nWe train a small net."),
        ("code", "%matplotlib inline\nimport torch\nimport torch.nn as nn"),
        ("code", "model = nn.Sequential(\n    nn.Linear(10, 64),\n    nn.Dropout(0.2),\n)"),
        ("code", "!pip install foo\nopt = torch.optim.Adam(model.parameters(), lr=3e-4)"),
    )
    inv = extract_files(tmp_path, {"train.ipynb": nb})
    cs = list(inv.choices)
    drop = find(cs, kind="dropout", source="call")[0]
    assert (drop.cell, drop.cell_line) == (3, 3)
    assert drop.snippet == "nn.Dropout(0.2),"
    lr = find(cs, kind="learning_rate")[0]
    assert (lr.cell, lr.cell_line) == (4, 2) and "cell 4, line 2" in lr.detail
    assert inv.files[0].language == "notebook"


def test_an_invalid_notebook_is_reported_and_the_rest_goes_on(tmp_path):
    inv = extract_files(
        tmp_path,
        {"broken.ipynb": "{not json", "ok.py": "import torch\nopt = torch.optim.SGD(p, lr=0.1)\n"},
    )
    assert [p.code for p in inv.problems] == ["E108"]
    assert find(list(inv.choices), kind="learning_rate")


def test_a_model_built_at_notebook_level_has_its_absences(tmp_path):
    nb = _notebook(
        ("code", "from tensorflow import keras"),
        (
            "code",
            "model = keras.Sequential([\n"
            "    keras.layers.Conv2D(32, 3, activation='relu'),\n"
            "    keras.layers.Flatten(),\n"
            "    keras.layers.Dense(10),\n"
            "])",
        ),
    )
    cs = list(extract_files(tmp_path, {"nb.ipynb": nb}).choices)
    no_drop = find(cs, concept="no_dropout")[0]
    assert (no_drop.cell, no_drop.cell_line) == (2, 4)  # at the classifier
    assert find(cs, concept="no_normalization")[0].cell_line == 2
    assert find(cs, concept="relu")[0].obviousness == "conventional"
    assert not find(cs, concept="sequential.layers"), "a container's layer list is plumbing"


def test_the_dataset_a_config_or_an_option_names_is_context_not_a_choice(tmp_path):
    inv = extract_files(
        tmp_path,
        {
            "configs/base.json": '{\n  "dataset": "movielens",\n  "batch_size": 512\n}\n',
            "train.py": """
            import argparse
            p = argparse.ArgumentParser()
            p.add_argument('--dataset_name', default='cifar10')
            p.add_argument('--lr', type=float, default=0.1)
            """,
        },
    )
    context = {(c.file, c.line, c.value) for c in inv.context}
    assert context == {("configs/base.json", 2, "'movielens'"), ("train.py", 3, "'cifar10'")}
    assert all(c.concept == "dataset_name" for c in inv.context)
    # judged choices are the settings around it, never the dataset itself
    assert not find(list(inv.choices), kind="context")
    assert find(list(inv.choices), kind="batch_size", line=3)
    assert find(list(inv.choices), kind="learning_rate", line=4)


def test_paths_and_data_folders_are_not_a_dataset(tmp_path):
    inv = extract_files(
        tmp_path,
        {"config.yaml": "data: /data/cifar\ndata_dir: ./datasets\ntest_split: 0.2\nlr: 0.1\n"},
    )
    assert inv.context == ()
