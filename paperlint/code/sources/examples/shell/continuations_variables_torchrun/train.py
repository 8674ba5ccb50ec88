import argparse

parser = argparse.ArgumentParser()
# no-setting: lr
parser.add_argument("--lr", type=float, default=0.1)
# no-setting: epochs
parser.add_argument("--epochs", type=int, default=10)
# setting: weight_decay = 0.0 [runs: launch.sh]
parser.add_argument("--weight_decay", type=float, default=0.0)
parser.add_argument("--warmup_ratio", type=float, default=0.0)
parser.add_argument("--output_dir", default="out")
args = parser.parse_args()
