import argparse

parser = argparse.ArgumentParser()
# ok: TR404
parser.add_argument("--lr", type=float, default=0.003)
# ruleid: TR404
parser.add_argument("--dropout", type=float, default=0.37)
