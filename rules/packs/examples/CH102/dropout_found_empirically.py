import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        # ok: CH102
        self.bn = nn.BatchNorm2d(64)
        # ruleid: CH102
        self.drop = nn.Dropout(0.37)
