# ruleid: TN903
import torch.nn as nn

drop = nn.Dropout(0.37)
