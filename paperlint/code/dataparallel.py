"""A batch size read in a program that trains data-parallel is one device's share of the batch.

Research code that trains on several devices at once builds a distributed sampler or wraps the
model for data-parallel training (``DistributedSampler(...)``, ``DistributedDataParallel(...)``,
``init_process_group(...)``, ``hvd.init()``), and gives each process the same ``batch_size``:
the batch a step sees is that value times the number of processes. Papers state the total ("a
batch size of 1024 on 16 GPUs"), so the code's 64 is the paper's 1024 once read per device.
:func:`mark` says so on the batch-size choices of such a program (:attr:`Choice.per_device`),
and the linker compares them as per-device values (:func:`paperlint.link.values.agrees`).
``tests/test_code_data_parallel.py`` runs the examples.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from paperlint.model import Choice

#: the last names of the calls that make a program train data-parallel, the plainest first
#: (the one a finding names)
CALLS = (
    "DistributedDataParallel",  # torch.nn.parallel: gradients averaged over processes
    "DistributedSampler",  # torch.utils.data: each process reads its own shard
    "DistributedOptimizer",  # horovod: gradients averaged over processes
    "init_process_group",  # torch.distributed: the processes join one group
    "get_world_size",  # torch.distributed (and the helpers that wrap it)
    "xrt_world_size",  # torch_xla: one process per TPU core
)

#: a batch-size setting that is not one device's batch: a count of accumulated steps, or a
#: batch named as the total over the devices (``total_batch_size``, ``global_batch_size``,
#: detectron's ``SOLVER.IMS_PER_BATCH``, which the loader divides by the number of GPUs)
_NOT_PER_DEVICE = re.compile(r"accum|total|global|effective|(?:ims|imgs|images)_per_batch", re.I)


#: settings that say how many devices a run launches on: a count of nodes, of GPUs (per node
#: or in all), of processes per node ("gpu" alone is a device id, not a count)
_DEVICE_COUNT = re.compile(
    r"^(?:(?:n|num|number_of)_?)?(?:gpus|nodes|devices|gpus_per_node|procs?_per_node|"
    r"nproc_per_node)$",
    re.I,
)


def _launch_devices(choices: list[Choice]) -> dict[str, tuple[int, str]]:
    """Run (or file) → the devices its launch settings add up to, and how: the product of its
    counts of nodes and of GPUs per node (``--nodes 2 --ngpus 8``: 16, "ngpus 8 × nodes 2 in
    launch.py")."""
    counts: dict[str, dict[str, tuple[int, str]]] = {}
    for c in choices:
        name = (c.setting or c.param or "").rsplit(".", 1)[-1]
        if not _DEVICE_COUNT.search(name) or c.number is None:
            continue
        if c.number < 1 or not float(c.number).is_integer():
            continue
        for run in c.runs or (c.file,):
            counts.setdefault(run, {}).setdefault(name.lower(), (int(c.number), c.file))
    out = {}
    for run, by_name in counts.items():
        n = math.prod(v for v, _ in by_name.values())
        files = sorted({f for _, f in by_name.values()})
        said = " × ".join(f"{k} {v}" for k, (v, _) in sorted(by_name.items()))
        out[run] = (n, f"{said} in {', '.join(files)}")
    return out


def mark(choices: list[Choice], facts: Iterable[Any]) -> list[Choice]:
    """``choices`` with :attr:`Choice.per_device` set on each batch size read in a file, or run
    from an entry file, that makes one of :data:`CALLS` (``facts``: the files' facts, each with
    ``path`` and ``data_parallel``, (line, callee) pairs), and :attr:`Choice.devices` where the
    run's launch settings say how many devices it runs on."""
    where = {
        ff.path: f"{name} at {ff.path}:{line}"
        for ff in facts
        for name, line in sorted(
            ((name, line) for line, name in getattr(ff, "data_parallel", ())),
            key=lambda p: (CALLS.index(p[0]), p[1]),
        )[:1]
    }
    if not where:
        return choices
    # a run that reads a setting in a data-parallel file trains data-parallel
    by_run = {r: where[c.file] for c in choices if c.file in where for r in c.runs}
    by_run.update((r, said) for r, said in where.items())
    launched = _launch_devices(choices)
    out = []
    for c in choices:
        if c.kind == "batch_size" and not c.per_device:
            name = c.setting or c.param or c.symbol
            said = where.get(c.file) or next((by_run[r] for r in c.runs if r in by_run), "")
            if said and not _NOT_PER_DEVICE.search(name):
                n, how = max((launched.get(r, (0, "")) for r in (*c.runs, c.file)), default=(0, ""))
                if n > 1:
                    c = replace(c, per_device=f"{said}; {how}", devices=n)
                else:
                    c = replace(c, per_device=said)
        out.append(c)
    return out
