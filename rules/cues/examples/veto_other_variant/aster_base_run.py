import argparse

parser = argparse.ArgumentParser()
# verdict: justification=empirical_claim
parser.add_argument("--warmup_ratio", type=float, default=0.06)
