import argparse

parser = argparse.ArgumentParser()
# verdict: mentioned=yes
parser.add_argument("--margin_size", type=int, default=4)
# verdict: mentioned=no
parser.add_argument("--key_size", type=int, default=16)
