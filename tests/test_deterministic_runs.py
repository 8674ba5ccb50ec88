"""The same code gives the same choices whatever Python's hash seed: a report that changes
between two runs on unchanged code is noise in CI and in a reviewer's diff."""

from __future__ import annotations

import json
import os
import subprocess
import sys

CONFIG = (
    "model = dict(type='Seg', pretrained='open-mmlab://resnet50', train_cfg=dict())\n"
    "optimizer = dict(type='SGD', lr=0.01)\n"
)
# two entry points and a helper they share all write the same config keys after loading it:
# which write is the run's value must not depend on the order a set is iterated in
ENTRY = """import argparse
from mmcv import Config
from common import build

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('config')
    args = parser.parse_args()
    cfg = Config.fromfile(args.config)
    cfg.model.pretrained = None
{extra}    build(cfg)

if __name__ == '__main__':
    main()
"""
COMMON = "def build(cfg):\n    cfg.model.pretrained = None\n    cfg.model.train_cfg = None\n"

PROBE = """
import glob, json
from paperlint.code.stage import extract
inv = extract(sorted(glob.glob('**/*.py', recursive=True)))
print(json.dumps(sorted((c.file, c.line, c.value) for c in inv.choices)))
"""


def _choices(folder, seed: str) -> list:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=folder, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_the_values_written_after_loading_a_config_do_not_depend_on_the_hash_seed(tmp_path):
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "base.py").write_text(CONFIG)
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "test.py").write_text(ENTRY.format(extra="    cfg.model.train_cfg = None\n"))
    (tools / "flops.py").write_text(ENTRY.format(extra=""))
    (tools / "common.py").write_text(COMMON)
    seen = [_choices(tmp_path, seed) for seed in ("1", "2", "3", "4", "5", "6")]
    assert seen[0], "the fixture's choices were read"
    assert all(s == seen[0] for s in seen[1:]), seen
