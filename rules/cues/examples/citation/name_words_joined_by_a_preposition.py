import argparse

parser = argparse.ArgumentParser()
# verdict: justification=citation, mentioned=yes
parser.add_argument("--resblock_updown", type=int, default=1)
