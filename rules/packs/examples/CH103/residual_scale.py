import torch.nn as nn


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Conv2d(64, 64, 3, padding=1)

    def forward(self, x):
        # ok: CH103
        y = x + 0.1 * self.body(x)
        # ruleid: CH103
        return y * 0.83
