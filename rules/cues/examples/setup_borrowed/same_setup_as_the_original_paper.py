import argparse

parser = argparse.ArgumentParser()
# verdict: justification=none, setup_from=no
parser.add_argument("--lr", type=float, default=0.005)
# verdict: justification=none, setup_from=yes
parser.add_argument("--batch_size", type=int, default=1024)
# verdict: justification=none, setup_from=yes
parser.add_argument("--node_dropout", type=float, default=0.1)
