import torch.nn as nn

# verdict: ablated=yes
stem = nn.Conv2d(3, 32, 3, stride=2)
