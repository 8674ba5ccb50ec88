import argparse

parser = argparse.ArgumentParser()
# verdict: justification=none
parser.add_argument("--batch_size", type=int, default=64)
# verdict: justification=citation
parser.add_argument("--lr", type=float, default=0.0005)
