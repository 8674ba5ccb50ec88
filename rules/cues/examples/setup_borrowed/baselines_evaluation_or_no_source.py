import argparse

parser = argparse.ArgumentParser()
# verdict: justification=none, setup_from=no
parser.add_argument("--lr", type=float, default=0.01)
# verdict: justification=none, setup_from=no
parser.add_argument("--num_heads", type=int, default=8)
