import argparse


def get_args():
    parser = argparse.ArgumentParser()
    # setting: lr = 0.001 [runs: main.py]
    parser.add_argument("--lr", type=float, default=1e-3)
    # setting: epochs = 20 [runs: main.py]
    parser.add_argument("--epochs", type=int, default=20)
    # no-setting: device
    parser.add_argument("--device", default="cuda")
    return parser.parse_args()


if __name__ == "__main__":
    args = get_args()
