import torch.nn as nn

# verdict: justification=reasoning
drop = nn.Dropout(0.3)
# verdict: justification=none
weight_decay = 0.0001
# verdict: justification=none
batch_size = 64
