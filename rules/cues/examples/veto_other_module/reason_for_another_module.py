import torch
import torch.nn as nn


class CrossAttn(nn.Module):
    def forward(self, query, context):
        # verdict: justification=none
        return torch.cat([query, context], dim=-1)


class GatedFusion(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(0.2)
