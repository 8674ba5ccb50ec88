import argparse

parser = argparse.ArgumentParser()
# verdict: justification=none, setup_from=no
parser.add_argument("--batch_size", type=int, default=512)
# verdict: justification=none, setup_from=yes
parser.add_argument("--num_heads", type=int, default=8)
