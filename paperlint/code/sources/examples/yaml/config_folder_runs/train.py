import argparse

import yaml

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--config", default=None)
    # setting: dropout = 0.2 [runs: train.py, configs/small.yaml, configs/large.yaml]
    parser.add_argument("--dropout", type=float, default=0.2)
    args = parser.parse_args()
    config = yaml.safe_load(open(args.config)) if args.config else {}
