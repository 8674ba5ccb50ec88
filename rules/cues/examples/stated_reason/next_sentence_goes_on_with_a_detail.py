import torch.nn as nn


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        # verdict: justification=reasoning
        self.norm = nn.BatchNorm2d(64)
