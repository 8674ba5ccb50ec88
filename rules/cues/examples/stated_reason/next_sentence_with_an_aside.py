import torch.nn as nn


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(64, 64, 3)
        # verdict: justification=reasoning
        self.norm = nn.BatchNorm2d(64)
