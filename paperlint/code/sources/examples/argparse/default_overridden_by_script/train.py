import argparse

parser = argparse.ArgumentParser(description="train a small model")
# no-setting: learning_rate
parser.add_argument("--learning-rate", type=float, default=0.1)
# setting: batch_size = 32 [runs: run.sh]
parser.add_argument("--batch-size", type=int, default=32)
# run: run.sh | dropout = 0.5 (code)
parser.add_argument("--dropout", type=float, default=0.5)
# no-setting: data
parser.add_argument("--data", default="/data/cifar10")
args = parser.parse_args()
