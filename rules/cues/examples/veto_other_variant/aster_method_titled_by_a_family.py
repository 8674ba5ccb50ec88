import argparse

parser = argparse.ArgumentParser()
# verdict: justification=reasoning
parser.add_argument("--dropout", type=float, default=0.1)
