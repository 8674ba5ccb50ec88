import torch

model = torch.nn.Linear(4, 2)
# verdict: mismatch=no
opt = torch.optim.Adam(model.parameters(), lr=0.01)
