import torch.nn as nn

# verdict: justification=none
act = nn.ReLU()
