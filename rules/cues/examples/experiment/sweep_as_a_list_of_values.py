import argparse

parser = argparse.ArgumentParser()
# verdict: ablated=yes
parser.add_argument("--num_heads", type=int, default=8)
# verdict: ablated=no
parser.add_argument("--attention_dropout", type=float, default=0.1)
# verdict: ablated=no
parser.add_argument("--channel_mult", type=int, nargs="+", default=[1, 2, 4, 4])
