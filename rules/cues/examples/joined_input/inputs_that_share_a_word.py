import torch
import torch.nn as nn


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.head = nn.Linear(768, 10)

    def forward(self, x):
        left_output = x[:, :384]
        right_output = x[:, 384:]
        # verdict: ablated=no
        fused = torch.cat([left_output, right_output], dim=1)
        return self.head(fused)
