import torch

model = torch.nn.Linear(4, 2)
# verdict: justification=empirical_claim
opt = torch.optim.SGD(model.parameters(), lr=0.01)
