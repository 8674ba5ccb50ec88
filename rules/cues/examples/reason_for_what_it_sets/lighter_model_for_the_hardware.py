import argparse

parser = argparse.ArgumentParser()
# verdict: justification=reasoning
parser.add_argument("--depth", type=int, default=4)
# verdict: justification=reasoning
parser.add_argument("--width", type=int, default=32)
# verdict: justification=none
parser.add_argument("--lr", type=float, default=0.001)
