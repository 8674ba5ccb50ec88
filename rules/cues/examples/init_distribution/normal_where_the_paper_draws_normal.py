import torch
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.proj = nn.Linear(dim, dim)
        self.pos_embed = nn.Parameter(torch.zeros(1, 16, dim))
        # verdict: mismatch=no
        nn.init.trunc_normal_(self.pos_embed, std=0.02)
        # verdict: mismatch=no
        nn.init.zeros_(self.proj.bias)

    def forward(self, x):
        return self.proj(x + self.pos_embed)
