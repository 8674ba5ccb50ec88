import argparse

parser = argparse.ArgumentParser()
# verdict: mentioned=no
parser.add_argument("--depth", type=int, default=12)
# verdict: mentioned=yes
parser.add_argument("--dropout", type=float, default=0.1)
