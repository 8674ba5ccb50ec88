import torch
import torch.nn as nn

share = torch.tensor([0.1, 1.0])
# verdict: mismatch=no
criterion = nn.CrossEntropyLoss(weight=share)
