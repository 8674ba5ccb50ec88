import torch.nn as nn

# verdict: ablated=yes
drop = nn.Dropout(0.5)
