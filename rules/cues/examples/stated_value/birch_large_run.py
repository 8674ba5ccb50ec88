import argparse

parser = argparse.ArgumentParser()
# verdict: mismatch=yes
parser.add_argument("--adapter_r", type=int, default=16)
