"""A per-device batch size said as the total the paper states (paperlint.perdevice)."""

from __future__ import annotations

from helpers import choice, finding

from paperlint import firstscreen, perdevice
from paperlint.paper.document import document_from_text

PAPER = """# Experiments

Training runs on 8 Tesla V100 cards. The total batch size is 16 (8 on the smaller
dataset).
"""


def _per_gpu(value: float, setting: str = "data.samples_per_gpu") -> object:
    return choice("bs", "batch_size", str(int(value)), number=value, setting=setting)


def test_the_device_counts_papers_name_in_prose():
    doc = document_from_text(
        "# Setup\n\nWe use 8 Tesla V100. Others used 16 GPUs, four A100 GPUs or a 2080 Ti.\n"
    )
    assert set(perdevice.device_counts(doc)) == {8, 16, 4}
    assert perdevice.device_counts(document_from_text("# Setup\n\nWe train 8 layers.\n")) == {}


def test_a_per_device_batch_times_the_papers_devices_is_said_as_the_stated_total():
    doc = document_from_text(PAPER)
    c = _per_gpu(2)
    [got] = perdevice.annotate([finding(c)], {"bs": c}, doc)
    assert "2 per device × 8 devices (p. 1) = 16, the batch size the paper states" in got.message


def test_a_total_the_paper_does_not_state_is_not_said():
    doc = document_from_text(PAPER)
    c = _per_gpu(3)  # 3 × 8 = 24: no batch size of the paper
    assert perdevice.annotate([finding(c)], {"bs": c}, doc)[0].message == finding(c).message


def test_a_batch_size_not_written_per_device_is_not_multiplied():
    doc = document_from_text(PAPER)
    c = _per_gpu(2, setting="batch_size")
    assert perdevice.annotate([finding(c)], {"bs": c}, doc)[0].message == finding(c).message


def test_the_first_screen_says_the_product():
    doc = document_from_text(PAPER)
    c = _per_gpu(2)
    screen = firstscreen.arrange([finding(c)], {"bs": c}, {}, document=doc)
    assert "= 16" in screen.findings[0].message


DATA_PARALLEL = """# Experiments

We train on a single 8-GPU node. We scale the learning rate with the batch size, with 512
instead of 256 as the base value.

Table 9: Settings.

| Batch size | 4096 | 1024 |
"""


def _data_parallel(devices: int = 0) -> object:
    return choice(
        "bs", "batch_size", "64", number=64.0, param="batch_size",
        per_device="DistributedSampler at train.py:8", devices=devices,
    )  # fmt: skip


def _quoting(c, total: str):
    from dataclasses import replace

    from paperlint.model import Evidence

    e = Evidence("value", 1, "Experiments", "Batch size  4096  1024", cue=total)
    return replace(finding(c), evidence=(e,))


def test_a_batch_of_a_data_parallel_program_is_said_as_the_total_the_linker_matched():
    doc = document_from_text(DATA_PARALLEL)
    c = _data_parallel(devices=16)
    [got] = perdevice.annotate([_quoting(c, "1024")], {"bs": c}, doc)
    assert (
        "64 per device × 16 devices (DistributedSampler at train.py:8; p. 1) = 1024, the batch"
        " size the paper states" not in got.message  # the paper names 8 GPUs, not 16
    )
    assert (
        "64 per device × 16 devices (DistributedSampler at train.py:8) = 1024, the batch size"
        in got.message
    )
    # not 64 × 8 = 512: the paper's 8 GPUs times the value is its learning-rate base, and the
    # total the linker matched is 1024
    assert "= 512" not in got.message


def test_a_total_off_the_runs_device_count_is_not_said():
    doc = document_from_text(DATA_PARALLEL)
    c = _data_parallel(devices=16)
    [got] = perdevice.annotate([_quoting(c, "4096")], {"bs": c}, doc)
    # neither 64 × 64 = 4096 (the run has 16 devices) nor the paper's 8 GPUs × 64 = 512
    assert got.message == _quoting(c, "4096").message


def test_with_no_device_count_of_its_own_the_papers_count_is_used_not_the_linked_total():
    # the linked 16 is another run's total (2 per device × 8); this run's 1 × 8 = 8 is its own
    doc = document_from_text(PAPER)
    c = _per_gpu(1)
    [got] = perdevice.annotate([_quoting(c, "16")], {"bs": c}, doc)
    assert "1 per device × 8 devices (p. 1) = 8, the batch size the paper states" in got.message
    assert "= 16" not in got.message
