import argparse

parser = argparse.ArgumentParser()
# verdict: ablated=yes
parser.add_argument("--num_layers", type=int, default=12)
# verdict: ablated=no, mentioned=yes
parser.add_argument("--metric_for_best_model", type=str, default="accuracy")
