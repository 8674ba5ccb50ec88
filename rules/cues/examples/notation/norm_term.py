import torch
import torch.nn as nn


class PairClassifier(nn.Module):
    def forward(self, u, v):
        # verdict: ablated=yes
        return torch.cat([u, v, torch.abs(u - v)], dim=-1)
