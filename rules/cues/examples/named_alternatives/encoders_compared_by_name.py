import torch.nn as nn
from torchvision import models

# verdict: ablated=yes, mentioned=yes
encoder = models.alexnet(weights=None)
head = nn.Linear(4096, 512)
