import argparse

parser = argparse.ArgumentParser()
# verdict: justification=none, mentioned=yes
parser.add_argument("--horizon", type=int, default=12)
