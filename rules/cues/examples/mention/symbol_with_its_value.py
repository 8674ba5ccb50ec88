import argparse

parser = argparse.ArgumentParser()
# verdict: mentioned=yes, justification=reasoning
parser.add_argument("--n", type=int, default=12)
