import argparse

parser = argparse.ArgumentParser()
# verdict: ablated=yes
parser.add_argument("--num_heads", type=int, default=8)
# verdict: ablated=no, mentioned=yes
parser.add_argument("--dropout", type=float, default=0.1)
