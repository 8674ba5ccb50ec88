import torch.nn as nn
from torchvision import models

# verdict: ablated=no, mentioned=yes
encoder = models.vgg16_bn(weights=None)
head = nn.Linear(4096, 512)
