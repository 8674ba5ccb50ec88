import argparse

parser = argparse.ArgumentParser()
# verdict: justification=none
parser.add_argument("--epochs", type=int, default=500)
