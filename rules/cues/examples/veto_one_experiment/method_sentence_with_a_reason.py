import argparse

parser = argparse.ArgumentParser()
# verdict: justification=reasoning, mentioned=yes
parser.add_argument("--epochs", type=int, default=300)
