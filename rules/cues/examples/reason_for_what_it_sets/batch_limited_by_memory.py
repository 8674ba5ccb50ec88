import argparse

parser = argparse.ArgumentParser()
# verdict: justification=reasoning
parser.add_argument("--batch_size", type=int, default=1)
# verdict: justification=none
parser.add_argument("--epochs", type=int, default=20)
