import torch

model = torch.nn.Linear(4, 2)
# verdict: mismatch=no
opt = torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
