import argparse

parser = argparse.ArgumentParser()
# verdict: mismatch=no
parser.add_argument("--cosine_s", type=float, default=0.008)
