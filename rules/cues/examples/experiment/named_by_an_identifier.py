import argparse

parser = argparse.ArgumentParser()
# verdict: ablated=yes
parser.add_argument("--p6_source", default="p5")
