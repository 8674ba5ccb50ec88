import argparse

parser = argparse.ArgumentParser()
# verdict: mismatch=no
parser.add_argument("--scaling_factor", type=float, default=2.0)
# verdict: mismatch=no
parser.add_argument("--scale", type=float, default=2.0)
