import argparse

parser = argparse.ArgumentParser()
# verdict: mismatch=yes
parser.add_argument("--aspect_ratio", type=float, default=1.0)
