import argparse

parser = argparse.ArgumentParser()
# verdict: justification=empirical_claim
parser.add_argument("--hidden_size", type=int, default=768)
