import argparse

parser = argparse.ArgumentParser()
# verdict: ablated=yes
parser.add_argument("--center_sampling_radius", type=float, default=1.5)
