import torch

model = torch.nn.Linear(4, 2)
# verdict: justification=citation
opt = torch.optim.Adam(model.parameters())
