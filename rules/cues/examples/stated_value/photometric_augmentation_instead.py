import torchvision.transforms as T

# verdict: mismatch=yes
aug = T.Compose([T.RandomHorizontalFlip(), T.ToTensor()])
