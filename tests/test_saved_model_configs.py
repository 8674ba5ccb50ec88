"""A model's config as a library saved it beside the weights is a checkpoint's record, not a
run's settings: discovery leaves it out, while a hand-written JSON config beside it is read."""

from __future__ import annotations

import json

import pytest

from paperlint.code.files import discover, saved_model_config

HAND_WRITTEN = {"hidden_size": 256, "num_layers": 4, "dropout": 0.3, "lr": 0.0003}
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
