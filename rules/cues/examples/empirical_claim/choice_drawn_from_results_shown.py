import argparse

parser = argparse.ArgumentParser()
# verdict: justification=empirical_claim, mentioned=yes
parser.add_argument("--embed_dim", type=int, default=768)
