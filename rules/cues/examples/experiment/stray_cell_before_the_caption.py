import argparse

parser = argparse.ArgumentParser()
# verdict: ablated=yes
parser.add_argument("--smoothing", type=float, default=0.1)
