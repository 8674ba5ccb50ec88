import torch.nn as nn

WIDTH = 64


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        # ok: TN913
        self.drop = nn.Dropout(0.37)  # paperlint: ignore[CH101] -- tuned in Table 9
        # ruleid: TN913
        self.name = "net"  # paperlint: ignore[CH101] -- nothing here to silence
