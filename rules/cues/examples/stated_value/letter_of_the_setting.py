import argparse

parser = argparse.ArgumentParser()
# verdict: mismatch=yes
parser.add_argument("--cosine_s", type=float, default=0.008)
