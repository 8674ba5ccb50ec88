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
