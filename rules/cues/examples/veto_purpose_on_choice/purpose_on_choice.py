import argparse

parser = argparse.ArgumentParser()
# verdict: justification=none
parser.add_argument("--batch_size", type=int, default=64)
