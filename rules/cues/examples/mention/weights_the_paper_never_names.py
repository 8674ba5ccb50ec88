import torch.nn as nn
from torchvision import models

# verdict: mentioned=no
encoder = models.alexnet(pretrained=True)
head = nn.Linear(4096, 512)
