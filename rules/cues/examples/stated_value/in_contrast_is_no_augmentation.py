import torch
import torchvision.transforms as T

model = torch.nn.Linear(4, 2)
opt = torch.optim.Adam(model.parameters(), lr=1e-4)
# verdict: mismatch=no
aug = T.Compose([T.RandomHorizontalFlip(), T.ToTensor()])
