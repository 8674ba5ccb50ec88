import torch.nn as nn

# verdict: ablated=yes, mentioned=yes
pointwise = nn.Conv2d(32, 64, 1)
# verdict: ablated=no
adapter = nn.Conv2d(64, 3, 1)
