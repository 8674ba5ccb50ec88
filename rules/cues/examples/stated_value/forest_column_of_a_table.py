import argparse

parser = argparse.ArgumentParser()
# verdict: mismatch=yes
parser.add_argument("--lr", type=float, default=5e-5)
