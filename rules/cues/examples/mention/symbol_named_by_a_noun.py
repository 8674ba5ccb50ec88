import argparse

parser = argparse.ArgumentParser()
# verdict: mentioned=yes, ablated=yes
parser.add_argument("--lora_r", type=int, default=8)
