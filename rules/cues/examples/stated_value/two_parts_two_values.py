import argparse

parser = argparse.ArgumentParser()
# verdict: mismatch=no
parser.add_argument("--loss_lambda", type=float, default=10.0)
