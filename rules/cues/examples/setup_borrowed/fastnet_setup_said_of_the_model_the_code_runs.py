import argparse

parser = argparse.ArgumentParser()
# verdict: justification=none, setup_from=no
parser.add_argument("--lr", type=float, default=0.0004)
# verdict: justification=none, setup_from=yes
parser.add_argument("--weight_decay", type=float, default=0.1)
