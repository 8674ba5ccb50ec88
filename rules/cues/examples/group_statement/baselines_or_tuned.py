import argparse

parser = argparse.ArgumentParser()
# verdict: justification=none, borrowed=no
parser.add_argument("--lr", type=float, default=0.01)
# verdict: justification=none
parser.add_argument("--dropout", type=float, default=0.5)
