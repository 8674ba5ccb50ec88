import torch.nn as nn

conv = nn.Conv2d(3, 256, 5)
# verdict: mentioned=no
norm = nn.GroupNorm(32, 256)
