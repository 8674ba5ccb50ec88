import argparse

parser = argparse.ArgumentParser()
# verdict: mentioned=yes
parser.add_argument("--kl_threshold", type=float, default=3.0)
