import argparse

parser = argparse.ArgumentParser()
# verdict: mentioned=yes
parser.add_argument("--max_question_len", type=int, default=30)
