import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(3, 16, 3)
        # verdict: justification=none
        # verdict: justification=citation
        self.b1 = nn.BatchNorm2d(16)
        self.c2 = nn.Conv2d(16, 32, 3)
        self.c3 = nn.Conv2d(32, 64, 3)
        self.c4 = nn.Conv2d(64, 64, 3)

    def forward(self, x):
        return self.c4(self.c3(self.c2(self.b1(self.c1(x)))))
