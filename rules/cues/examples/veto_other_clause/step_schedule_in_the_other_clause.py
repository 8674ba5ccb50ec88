import torch

model = torch.nn.Linear(4, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
# verdict: justification=none
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=10)
