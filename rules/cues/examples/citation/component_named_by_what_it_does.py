import torch.nn as nn

# verdict: justification=citation, mentioned=yes
classifier = nn.Sigmoid()
