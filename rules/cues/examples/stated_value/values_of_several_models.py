import argparse

parser = argparse.ArgumentParser()
# verdict: mismatch=no
parser.add_argument("--batch_size", type=int, default=12)
# verdict: mismatch=yes
parser.add_argument("--weight_decay", type=float, default=0.1)
