import argparse

parser = argparse.ArgumentParser()
# verdict: ablated=yes
parser.add_argument("--temperature", type=float, default=0.07)
