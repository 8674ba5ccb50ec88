import argparse

parser = argparse.ArgumentParser()
# verdict: mismatch=no
parser.add_argument("--lr", type=float, default=5e-5)
# verdict: mismatch=no
parser.add_argument("--batch_size", type=int, default=96)
