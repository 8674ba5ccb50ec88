import argparse

parser = argparse.ArgumentParser()
# no-setting: lr
parser.add_argument("--lr", type=float, default=0.1)
# no-setting: batch_size
parser.add_argument("--batch_size", type=int, default=32)
# setting: epochs = 10 [runs: Makefile:small, Makefile:big]
parser.add_argument("--epochs", type=int, default=10)
args = parser.parse_args()
