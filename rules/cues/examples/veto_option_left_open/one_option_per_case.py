import torch

model = torch.nn.Linear(8, 8)
# verdict: justification=reasoning
opt = torch.optim.AdamW(model.parameters(), lr=0.001)
