import torch
import torch.nn as nn


class GatedFusion(nn.Module):
    def forward(self, a, b):
        # verdict: ablated=yes
        return torch.cat([a, b], dim=-1)
