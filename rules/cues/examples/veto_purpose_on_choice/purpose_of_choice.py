import argparse

parser = argparse.ArgumentParser()
# verdict: justification=reasoning
parser.add_argument("--batch_size", type=int, default=64)
