import torch.nn as nn

# verdict: justification=reasoning
drop = nn.Dropout(0.1)
# verdict: justification=none
norm = nn.LayerNorm(256)
