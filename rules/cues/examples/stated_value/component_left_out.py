import argparse

parser = argparse.ArgumentParser()
# verdict: mismatch=no
parser.add_argument("--drop", type=float, default=0.0)
# verdict: mismatch=yes
parser.add_argument("--weight_decay", type=float, default=0.0)
