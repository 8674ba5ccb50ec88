import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        # ok: CH101
        self.conv = nn.Conv2d(3, 64, kernel_size=3, padding=1)
        # ok: CH101
        self.bn = nn.BatchNorm2d(64)
        # ruleid: CH101
        self.drop = nn.Dropout(0.37)
