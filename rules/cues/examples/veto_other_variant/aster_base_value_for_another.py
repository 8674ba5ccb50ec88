import argparse

parser = argparse.ArgumentParser()
# verdict: justification=none, mentioned=yes
parser.add_argument("--hidden_size", type=int, default=768)
