import argparse

parser = argparse.ArgumentParser()
# verdict: mismatch=no
parser.add_argument("--samples_per_gpu", type=int, default=2)
# verdict: mismatch=yes
parser.add_argument("--batch_size", type=int, default=2)
