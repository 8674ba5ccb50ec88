import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        # ruleid: TN911
        self.a = nn.Dropout(0.37)  # paperlint: ignore[CH101]
        # ok: TN911
        self.b = nn.Dropout(0.21)  # paperlint: ignore[CH101] -- tuned in Table 9
