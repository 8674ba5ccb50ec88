import argparse

parser = argparse.ArgumentParser()
# verdict: ablated=no
parser.add_argument("--depth", type=int, default=12)
# verdict: ablated=yes
parser.add_argument("--embed_dim", type=int, default=384)
# verdict: ablated=no
parser.add_argument("--lr", type=float, default=0.001)
# verdict: ablated=no
parser.add_argument("--mlp_ratio", type=int, default=4)
