"""A batch size read in a program that trains data-parallel is one device's share
(paperlint.code.dataparallel), and the paper's total agrees with it (paperlint.link.values)."""

from __future__ import annotations

from helpers import choice, choices_of, extract_files, find

from paperlint.link.values import agrees, device_multiple
from paperlint.paper.numbers import Number

DISTRIBUTED = """
import argparse
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--batch_size", type=int, default=64)
parser.add_argument("--grad_accum_steps", type=int, default=4)
parser.add_argument("--global_batch_size", type=int, default=512)
args = parser.parse_args()
sampler = torch.utils.data.DistributedSampler(dataset)
loader = torch.utils.data.DataLoader(dataset, sampler=sampler, batch_size=args.batch_size)
"""

SINGLE = """
import argparse
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--batch_size", type=int, default=64)
args = parser.parse_args()
loader = torch.utils.data.DataLoader(dataset, shuffle=True, batch_size=args.batch_size)
"""


def _batch(choices):
    [c] = [
        c
        for c in find(choices, kind="batch_size")
        if c.param == "batch_size" and c.source == "argparse"
    ]
    return c


def test_a_batch_size_read_beside_a_distributed_sampler_is_per_device():
    c = _batch(choices_of(("train.py", DISTRIBUTED)))
    assert c.per_device == "DistributedSampler at train.py:9"


def test_a_batch_size_of_a_program_on_one_device_is_not():
    c = _batch(choices_of(("train.py", SINGLE)))
    assert c.per_device == ""


def test_a_count_of_accumulated_steps_or_a_global_batch_is_not_a_batch_per_device():
    cs = choices_of(("train.py", DISTRIBUTED))
    for name in ("grad_accum_steps", "global_batch_size"):
        named = [c for c in cs if c.param == name]
        assert named and all(not c.per_device for c in named), name


TRAIN = """
import argparse
import torch


def get_args_parser():
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--batch_size", type=int, default=64)
    return parser


def main(args):
    sampler = torch.utils.data.DistributedSampler(dataset)
    return torch.utils.data.DataLoader(dataset, sampler=sampler, batch_size=args.batch_size)


if __name__ == "__main__":
    main(get_args_parser().parse_args())
"""

LAUNCHER = """
import argparse

import train

parser = argparse.ArgumentParser(parents=[train.get_args_parser()])
parser.add_argument("--nodes", type=int, default=2)
parser.add_argument("--ngpus", type=int, default=8)
args = parser.parse_args()
train.main(args)
"""

SCRIPT = "python -m torch.distributed.launch --nproc_per_node 8 train.py --batch_size 32\n"


def test_the_launchers_nodes_times_gpus_is_the_runs_device_count(tmp_path):
    inv = extract_files(tmp_path, {"train.py": TRAIN, "launch.py": LAUNCHER, "run.sh": SCRIPT})
    batches = {(c.file, c.runs): c for c in inv.choices if c.kind == "batch_size"}
    launched = batches[("train.py", ("launch.py",))]
    assert (
        launched.per_device == "DistributedSampler at train.py:12; ngpus 8 × nodes 2 in launch.py"
    )
    assert launched.devices == 16
    # a value a shell script passes to the data-parallel program is per device too; the
    # script's device count is the launcher's option, not a setting read here: not known
    scripted = batches[("run.sh", ("run.sh",))]
    assert scripted.per_device == "DistributedSampler at train.py:12"
    assert scripted.devices == 0


def test_a_launcher_of_a_program_on_one_device_marks_nothing(tmp_path):
    single = TRAIN.replace("torch.utils.data.DistributedSampler(dataset)", "None")
    inv = extract_files(tmp_path, {"train.py": single, "launch.py": LAUNCHER})
    batches = [c for c in inv.choices if c.kind == "batch_size"]
    assert batches and all(not c.per_device and not c.devices for c in batches)


def test_a_per_device_batch_agrees_with_the_papers_total():
    c = choice("bs", "batch_size", "64", number=64.0, param="batch_size", per_device="x")
    plain = choice("bs", "batch_size", "64", number=64.0, param="batch_size")
    total = Number(value=1024.0, start=0, end=4, text="1024")
    assert agrees(c, total, (64.0,))
    assert not agrees(plain, total, (64.0,))


def test_the_runs_own_device_count_picks_the_total():
    c = choice(
        "bs", "batch_size", "64", number=64.0, param="batch_size", per_device="x", devices=16
    )
    assert agrees(c, Number(value=1024.0, start=0, end=4, text="1024"), (64.0,))
    assert not agrees(c, Number(value=4096.0, start=0, end=4, text="4096"), (64.0,))
    assert device_multiple(16.0, 16) and not device_multiple(64.0, 16)


def test_the_plainest_data_parallel_call_is_the_one_named():
    source = DISTRIBUTED.replace(
        "sampler = ", "world = torch.distributed.get_world_size()\nsampler = "
    )
    c = _batch(choices_of(("train.py", source)))
    assert c.per_device == "DistributedSampler at train.py:10"  # not get_world_size at line 9
