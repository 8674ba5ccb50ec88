import torch.nn as nn

# verdict: mismatch=yes
conv = nn.Conv2d(64, 64, 3, padding=1)
# verdict: mismatch=no
valid = nn.Conv2d(64, 64, 3, padding=0)
