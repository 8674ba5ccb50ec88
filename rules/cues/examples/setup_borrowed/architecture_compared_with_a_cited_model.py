import argparse

from encoders import Encoder

parser = argparse.ArgumentParser()
# verdict: justification=none, setup_from=no
parser.add_argument("--lr", type=float, default=0.0007)
# verdict: justification=none, setup_from=no
parser.add_argument("--num_layers", type=int, default=10)
# verdict: justification=none, setup_from=no
parser.add_argument("--num_heads", type=int, default=5)
args = parser.parse_args()
model = Encoder(num_layers=args.num_layers, num_heads=args.num_heads)
