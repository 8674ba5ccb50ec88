import argparse

parser = argparse.ArgumentParser()
# verdict: justification=citation
parser.add_argument("--prior_prob", type=float, default=0.01)
