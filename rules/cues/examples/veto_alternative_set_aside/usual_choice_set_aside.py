import torch.nn as nn

lin = nn.Linear(64, 64)
# verdict: justification=none
nn.init.kaiming_uniform_(lin.weight)
