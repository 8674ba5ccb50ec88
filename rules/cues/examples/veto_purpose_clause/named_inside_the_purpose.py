import torch.nn as nn

# verdict: justification=none
pool = nn.MaxPool2d(2)
