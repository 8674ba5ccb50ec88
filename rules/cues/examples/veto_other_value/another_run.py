import torch

model = torch.nn.Linear(4, 2)
# verdict: justification=none, mismatch=yes
opt = torch.optim.SGD(model.parameters(), lr=1.0)
