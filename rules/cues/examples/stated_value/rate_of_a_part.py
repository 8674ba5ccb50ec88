import argparse

parser = argparse.ArgumentParser()
# verdict: mismatch=no
parser.add_argument("--puzzle_emb_lr", type=float, default=5e-4)
# verdict: mismatch=yes
parser.add_argument("--base_lr", type=float, default=3e-4)
