import argparse

parser = argparse.ArgumentParser()
# verdict: mismatch=no
parser.add_argument("--learning_rate", type=float, default=5e-4)
