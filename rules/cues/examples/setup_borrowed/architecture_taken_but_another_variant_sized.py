import argparse

parser = argparse.ArgumentParser()
# verdict: justification=none, setup_from=yes
parser.add_argument("--hidden_size", type=int, default=192)
# verdict: justification=none, setup_from=yes
parser.add_argument("--num_layers", type=int, default=10)
