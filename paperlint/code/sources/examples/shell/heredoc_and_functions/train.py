import argparse

parser = argparse.ArgumentParser()
# no-setting: lr
parser.add_argument("--lr", type=float, default=0.1)
# setting: batch_size = 8 [runs: job.sh]
parser.add_argument("--batch_size", type=int, default=8)
args = parser.parse_args()
