import torch.nn as nn

drop = nn.Dropout(0.37)
