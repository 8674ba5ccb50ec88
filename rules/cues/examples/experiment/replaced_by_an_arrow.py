import torch.nn as nn

conv = nn.Conv2d(64, 64, 3)
# verdict: ablated=yes
norm = nn.LayerNorm(64)
act = nn.GELU()
