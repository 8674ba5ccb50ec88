import argparse

parser = argparse.ArgumentParser()
# verdict: mentioned=yes
parser.add_argument("--attention_resolutions", type=str, default="8,16")
