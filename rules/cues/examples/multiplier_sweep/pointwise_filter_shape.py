import torch.nn as nn

# verdict: ablated=yes, mentioned=yes
pointwise = nn.Conv2d(64, 128, 1)
# verdict: ablated=no, mentioned=no
head = nn.Conv2d(128, 96, 1)
