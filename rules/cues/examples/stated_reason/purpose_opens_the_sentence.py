import argparse

parser = argparse.ArgumentParser()
# verdict: justification=reasoning
parser.add_argument("--kl_weight", type=float, default=0.001)
# verdict: justification=none
parser.add_argument("--dropout", type=float, default=0.1)
