import argparse

parser = argparse.ArgumentParser()
# verdict: mentioned=yes
parser.add_argument("--kl_weight", type=float, default=0.001)
