import argparse

parser = argparse.ArgumentParser()
# verdict: justification=citation, mentioned=yes
parser.add_argument("--drop_path", type=float, default=0.1)
# verdict: justification=citation, mentioned=yes
parser.add_argument("--reprob", type=float, default=0.25)
# verdict: justification=citation, mentioned=yes
parser.add_argument("--focal_gamma", type=float, default=2.0)
