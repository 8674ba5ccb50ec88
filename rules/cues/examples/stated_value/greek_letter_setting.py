import argparse

parser = argparse.ArgumentParser()
# verdict: mismatch=yes
parser.add_argument("--distillation_tau", type=float, default=1.0)
# verdict: mismatch=no
parser.add_argument("--weighting_alpha", type=float, default=0.75)
