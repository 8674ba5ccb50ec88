import torch.nn as nn


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(16, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 16, 3, padding=1)

    def forward(self, x):
        # verdict: mismatch=no
        y = nn.ReLU()(self.conv1(x))
        y = self.conv2(y) + x
        # verdict: mismatch=yes
        nn.ReLU()(y)
        return y
