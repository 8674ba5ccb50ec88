import torch

model = torch.nn.Linear(4, 2)
# verdict: mismatch=no
opt = torch.optim.AdamW(model.parameters(), lr=0.001)
