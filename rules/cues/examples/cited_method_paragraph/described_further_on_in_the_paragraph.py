import torch.nn as nn


class Bottleneck(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.down = nn.Linear(d, 64)
        self.up = nn.Linear(64, d)
        # verdict: justification=citation
        self.norm = nn.LayerNorm(d)
