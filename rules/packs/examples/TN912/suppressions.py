import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        # ruleid: TN912
        self.a = nn.Dropout(0.37)  # paperlint: ignore[CH110] -- tuned in Table 9
        # ok: TN912
        self.b = nn.Dropout(0.21)  # paperlint: ignore[CH101] -- tuned in Table 9
