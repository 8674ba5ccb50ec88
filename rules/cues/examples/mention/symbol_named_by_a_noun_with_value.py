import argparse

parser = argparse.ArgumentParser()
# verdict: mentioned=yes
parser.add_argument("--embed_dim", type=int, default=256)
# verdict: mentioned=no
parser.add_argument("--patch_stride", type=int, default=4)
