import argparse

parser = argparse.ArgumentParser()
# verdict: justification=none, setup_from=no
parser.add_argument("--epochs", type=int, default=100)
# verdict: justification=none, setup_from=no
parser.add_argument("--hidden_size", type=int, default=512)
