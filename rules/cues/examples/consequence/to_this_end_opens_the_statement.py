import torch.nn as nn

# verdict: justification=reasoning
merge = nn.Conv2d(64, 128, kernel_size=3, stride=2, padding=1)
