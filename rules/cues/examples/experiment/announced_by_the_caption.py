import argparse

parser = argparse.ArgumentParser()
# verdict: ablated=yes
parser.add_argument("--loss", type=str, default="iou")
