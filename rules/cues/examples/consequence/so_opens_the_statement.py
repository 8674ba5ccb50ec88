import torch.nn as nn

# verdict: justification=reasoning
criterion = nn.CrossEntropyLoss()
