import torch.nn as nn

# verdict: ablated=no, mentioned=yes
pointwise = nn.Conv2d(32, 64, 1)
