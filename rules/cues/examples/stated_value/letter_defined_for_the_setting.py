import argparse

parser = argparse.ArgumentParser()
# verdict: mismatch=yes
parser.add_argument("--scaling_factor", type=float, default=2.0)
