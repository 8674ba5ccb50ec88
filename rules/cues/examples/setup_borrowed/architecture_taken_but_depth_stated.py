import argparse

from encoders import Encoder

parser = argparse.ArgumentParser()
# verdict: setup_from=no
parser.add_argument("--num_layers", type=int, default=10)
args = parser.parse_args()
model = Encoder(num_layers=args.num_layers)
