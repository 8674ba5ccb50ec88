import argparse

parser = argparse.ArgumentParser()
# verdict: mentioned=yes, justification=citation
parser.add_argument("--halt_max_steps", type=int, default=16)
