import argparse

parser = argparse.ArgumentParser()
# verdict: mentioned=yes
parser.add_argument("--p6_source", default="p5")
