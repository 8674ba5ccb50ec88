import argparse

parser = argparse.ArgumentParser()
# verdict: justification=reasoning, mentioned=yes
parser.add_argument("--adapter_alpha", type=int, default=16)
# verdict: justification=none, mentioned=no
parser.add_argument("--adapter_gamma", type=int, default=2)
