import argparse

parser = argparse.ArgumentParser()
# verdict: justification=citation, mentioned=yes
parser.add_argument("--distill_tau", type=float, default=1.0)
# verdict: justification=none, mentioned=no
parser.add_argument("--distill_beta", type=float, default=0.5)
