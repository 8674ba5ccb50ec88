import argparse

parser = argparse.ArgumentParser()
# no-setting: lr
parser.add_argument("--lr", type=float, default=0.1)
# no-setting: seed
parser.add_argument("--seed", type=int, default=0)
args = parser.parse_args()
