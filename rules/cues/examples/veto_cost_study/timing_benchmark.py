import argparse

parser = argparse.ArgumentParser()
# verdict: ablated=yes
parser.add_argument("--batch_size", type=int, default=16)
# verdict: ablated=no
parser.add_argument("--max_seq_length", type=int, default=128)
