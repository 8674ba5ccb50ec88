import argparse

parser = argparse.ArgumentParser()
# verdict: justification=none
parser.add_argument("--use_c5", type=int, default=0)
# verdict: justification=reasoning
parser.add_argument("--use_average_weights", type=int, default=1)
