import argparse

parser = argparse.ArgumentParser()
# verdict: mismatch=yes
parser.add_argument("--adapter_alpha", type=float, default=16)
