import argparse

parser = argparse.ArgumentParser()
# no-setting: lr
parser.add_argument("--lr", type=float, default=0.1)
# setting: hidden = 64 [runs: experiment.py:parse_args]
parser.add_argument("--hidden", type=int, default=64)
# a notebook-style command line, written in the code: the values that run
# setting: lr = 0.003 [runs: experiment.py:parse_args] @ "0.003"
args = parser.parse_args(["--lr", "0.003",
                          "--seed", "7"])
