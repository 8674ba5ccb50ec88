import argparse

parser = argparse.ArgumentParser()
# verdict: justification=citation, borrowed=no
parser.add_argument("--lr", type=float, default=0.01)
# verdict: justification=citation
parser.add_argument("--weight_decay", type=float, default=0.0001)
# verdict: justification=none, borrowed=no
parser.add_argument("--num_layers", type=int, default=4)
# verdict: justification=none, borrowed=yes
parser.add_argument("--warmup_steps", type=int, default=500)
