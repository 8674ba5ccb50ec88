import argparse

parser = argparse.ArgumentParser()
# verdict: justification=none, setup_from=no
parser.add_argument("--hidden_size", type=int, default=192)
# verdict: justification=none, setup_from=yes
parser.add_argument("--depth", type=int, default=10)
