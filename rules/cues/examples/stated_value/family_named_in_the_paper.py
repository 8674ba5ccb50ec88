import torch.nn as nn

# verdict: mismatch=no, mentioned=yes
criterion = nn.BCEWithLogitsLoss()
