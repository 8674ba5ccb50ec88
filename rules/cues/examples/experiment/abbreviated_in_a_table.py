import argparse

parser = argparse.ArgumentParser()
# verdict: ablated=yes
parser.add_argument("--nms_threshold", type=float, default=0.6)
