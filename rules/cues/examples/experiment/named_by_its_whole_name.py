import argparse

parser = argparse.ArgumentParser()
# verdict: ablated=yes, mentioned=yes
parser.add_argument("--teacher_model", default="resnet50")
