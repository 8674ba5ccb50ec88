import torch

model = torch.nn.Linear(8, 8)
# verdict: justification=none
opt = torch.optim.AdamW(model.parameters(), lr=0.001)
