import argparse

parser = argparse.ArgumentParser()
# verdict: justification=none, borrowed=yes
parser.add_argument("--lr", type=float, default=0.0001)
# verdict: justification=none, borrowed=yes
parser.add_argument("--ema_decay", type=float, default=0.999)
# verdict: justification=none, borrowed=no
parser.add_argument("--num_layers", type=int, default=2)
