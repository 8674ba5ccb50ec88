import torch.nn as nn

# ruleid: TR401
DROPOUT = 0.37
# ok: TR401
HIDDEN = 256


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(HIDDEN, 10)
        self.drop = nn.Dropout(DROPOUT)
