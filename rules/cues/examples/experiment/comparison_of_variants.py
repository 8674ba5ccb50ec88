import torch.nn as nn

# verdict: ablated=yes
act = nn.GELU()
