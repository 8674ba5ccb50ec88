import torch

model = torch.nn.Linear(4, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
# verdict: justification=citation
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=100)
