import argparse

parser = argparse.ArgumentParser()
# verdict: ablated=yes
parser.add_argument("--decoder_channels", type=int, default=512)
# verdict: ablated=no, mentioned=yes
parser.add_argument("--epochs", type=int, default=40)
