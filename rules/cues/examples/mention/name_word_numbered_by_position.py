import argparse

parser = argparse.ArgumentParser()
# verdict: mentioned=yes
parser.add_argument("--hidden1", type=int, default=16)
