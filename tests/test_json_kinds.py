"""JSON that holds no run's settings (paperlint.code.json_kinds): a model's config as a library
saved it, and data (JSON Lines, a table keyed by the data's labels). Discovery leaves them out,
while a hand-written JSON config beside them is read."""

from __future__ import annotations

import json

import pytest

from paperlint.code.files import discover
from paperlint.code.json_kinds import data, run_record, saved_model_config

HAND_WRITTEN = {"hidden_size": 256, "num_layers": 4, "dropout": 0.3, "lr": 0.0003}
DATA = {
    "JSON Lines": '{"id": 1, "text": "a question", "label": "yes"}\n{"id": 2, "text": "another", "label": "no"}\n',
    "labels with spaces": json.dumps({f"object {i}": i for i in range(12)}),
    "class ids": json.dumps({str(i): 1.0 for i in range(1, 30)}),
    "a few labels with spaces among words": json.dumps(
        {**{f"object{i}": i for i in range(16)}, "dining table": 3, "cell phone": 2}
    ),
}
SAVED = {
    "published model config": {"architectures": ["TinyLM"], "model_type": "tinylm", "dropout": 0.1},
    "transformers save_pretrained": {"hidden_size": 256, "transformers_version": "4.40.0"},
    "loaded-from name": {"_name_or_path": "org/tiny-lm", "dropout": 0.1},
    "PEFT adapter": {"peft_type": "LORA", "r": 8, "lora_dropout": 0.05},
}


@pytest.mark.parametrize("kind", sorted(SAVED))
def test_a_config_a_library_saved_is_recognised_and_a_hand_written_one_is_not(kind):
    assert saved_model_config(json.dumps(SAVED[kind], indent=2))
    assert not saved_model_config(json.dumps(HAND_WRITTEN, indent=2))


def test_a_model_type_alone_is_a_hand_written_config_naming_its_model():
    # `model_type` without `architectures` is how authors write their own configs too
    assert not saved_model_config(json.dumps({"model_type": "unet", "channels": 64}))
    assert saved_model_config(json.dumps({"model_type": "unet", "architectures": ["UNet"]}))


@pytest.mark.parametrize("kind", sorted(SAVED))
def test_discovery_leaves_out_the_saved_config_and_reads_the_hand_written_one(tmp_path, kind):
    (tmp_path / "checkpoints").mkdir()
    (tmp_path / "checkpoints" / "config.json").write_text(json.dumps(SAVED[kind], indent=2))
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "base.json").write_text(json.dumps(HAND_WRITTEN, indent=2))
    found = {f.path.relative_to(tmp_path).as_posix() for f in discover([tmp_path], [])}
    assert "configs/base.json" in found
    assert "checkpoints/config.json" not in found


@pytest.mark.parametrize("kind", sorted(DATA))
def test_data_is_recognised_and_a_hand_written_config_is_not(kind):
    assert data(DATA[kind])
    assert not data(json.dumps(HAND_WRITTEN, indent=2))


def test_a_few_numbered_entries_and_broken_json_are_not_data():
    # a config's short numbered list of stages stays a config; broken JSON is its reader's
    # to report (E108), not silently data
    assert not data(json.dumps({"1": {"lr": 0.1}, "2": {"lr": 0.01}}))
    # one key with a space among many names is a config's odd key, not a table's labels
    assert not data(json.dumps({**{f"setting_{i}": i for i in range(16)}, "model name": "a"}))
    assert not data('{"lr": 0.1,\n"depth": }')
    assert data(json.dumps({str(i): {"lr": 0.1} for i in range(10)}))


@pytest.mark.parametrize("kind", sorted(DATA))
def test_discovery_leaves_out_data_and_reads_the_config_beside_it(tmp_path, kind):
    (tmp_path / "labels.json").write_text(DATA[kind])
    (tmp_path / "config.json").write_text(json.dumps(HAND_WRITTEN, indent=2))
    found = {f.path.name for f in discover([tmp_path], [])}
    assert found == {"config.json"}


def test_json_nested_past_the_parsers_depth_is_left_to_its_reader():
    # discovery must not fail on it: the config reader refuses it with E106
    deep = '{"a": ' * 100_000 + "1" + "}" * 100_000
    assert not data(deep)
    assert data('{"id": 1}\n{"id": 2}\n')  # the twin: JSON Lines is data


def _history(n):
    return {
        "epochs": [
            {"epoch": e, "lr": 0.001, "train_loss": round(1.0 / e, 3)} for e in range(1, n + 1)
        ]
    }


RUN_RECORDS = {
    "training history": json.dumps(_history(4), indent=2),
    "metrics at full precision": json.dumps(
        {
            "best": {"lr": 0.003, "batch_size": 512, "weight_decay": 0.0},
            "valid": {"mean_mse": 1.395087718963623, "alpha_mse": 0.03614502772688866},
            "test": {"mean_mse": 2.3674991130828857},
        },
        indent=2,
    ),
}
#: twins that stay configs: a person's rounded loss weights, a short list of stages
CONFIGS_NEAR_A_RECORD = {
    "rounded loss settings": json.dumps(
        {"loss_weight": 0.5, "aux_loss": 0.4, "score_thresh": 0.05, "lr": 0.0003}
    ),
    "a history too short to be one": json.dumps(_history(2)),
    "long floats under names of settings": json.dumps(
        {"lr": 0.00012345678912345, "momentum": 0.9123456789012, "dropout": 0.1234567890123}
    ),
}


@pytest.mark.parametrize("kind", sorted(RUN_RECORDS))
def test_a_record_a_run_wrote_is_recognised(kind):
    assert run_record(RUN_RECORDS[kind])


@pytest.mark.parametrize("kind", sorted(CONFIGS_NEAR_A_RECORD))
def test_a_config_with_loss_settings_or_tuned_floats_is_no_run_record(kind):
    assert not run_record(CONFIGS_NEAR_A_RECORD[kind])


def test_a_long_log_cut_before_its_end_is_still_a_run_record():
    # discovery reads only the first MAX_CHARS of a file: the measures in that part tell it
    whole = json.dumps({f"valid_loss_{i}": 0.12345678912345 + i for i in range(5)})
    cut = whole[: len(whole) - 20]
    with pytest.raises(ValueError):
        json.loads(cut)
    assert run_record(cut)
    assert not run_record(cut.replace("valid_loss", "lr"))


def test_discovery_leaves_out_a_run_record_and_reads_the_config_beside_it(tmp_path):
    (tmp_path / "artifacts").mkdir()
    (tmp_path / "artifacts" / "history.json").write_text(RUN_RECORDS["training history"])
    (tmp_path / "artifacts" / "metrics.json").write_text(RUN_RECORDS["metrics at full precision"])
    (tmp_path / "config.json").write_text(json.dumps(HAND_WRITTEN, indent=2))
    found = {f.path.relative_to(tmp_path).as_posix() for f in discover([tmp_path], [])}
    assert found == {"config.json"}
