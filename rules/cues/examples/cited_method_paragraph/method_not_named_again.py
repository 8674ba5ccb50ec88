import torch.nn as nn

# verdict: justification=none
head = nn.Sequential(nn.Linear(768, 768), nn.Dropout(0.1), nn.Linear(768, 3))
