import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 64, 3)
        # verdict: mentioned=yes
        self.bn = nn.BatchNorm2d(64)
        # verdict: mentioned=no
        self.drop = nn.Dropout(0.25)
