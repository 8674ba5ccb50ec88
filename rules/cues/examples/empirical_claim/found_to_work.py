import torch.nn as nn

# verdict: justification=empirical_claim
drop = nn.Dropout(0.3)
