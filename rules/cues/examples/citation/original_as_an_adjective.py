import argparse

parser = argparse.ArgumentParser()
# verdict: justification=citation
parser.add_argument("--dropout", type=float, default=0.1)
