import argparse

import torch

parser = argparse.ArgumentParser()
# verdict: mismatch=no
parser.add_argument("--warmup_steps", type=int, default=0)
# verdict: mismatch=yes
parser.add_argument("--warmup_ratio", type=float, default=0.1)
model = torch.nn.Linear(4, 2)
# verdict: mismatch=no
opt = torch.optim.AdamW(model.parameters(), lr=0)
# verdict: mismatch=yes
opt2 = torch.optim.AdamW(model.parameters(), lr=1e-3)
