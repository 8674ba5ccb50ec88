import torch.nn as nn

# verdict: justification=reasoning
head = nn.Sequential(nn.Linear(512, 10), nn.Dropout(0.3))
