import argparse

parser = argparse.ArgumentParser()
# verdict: justification=citation
parser.add_argument("--num_layers", type=int, default=12)
# verdict: justification=citation
parser.add_argument("--num_heads", type=int, default=12)
# verdict: justification=none
parser.add_argument("--lr", type=float, default=0.0005)
