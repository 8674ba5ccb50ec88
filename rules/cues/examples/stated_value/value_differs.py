import torch

model = torch.nn.Linear(4, 2)
# verdict: mismatch=yes
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
