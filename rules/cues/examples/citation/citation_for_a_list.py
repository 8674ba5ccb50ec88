import argparse

parser = argparse.ArgumentParser()
# verdict: justification=none
parser.add_argument("--epochs", type=int, default=100)
# verdict: justification=citation
parser.add_argument("--beta1", type=float, default=0.9)
