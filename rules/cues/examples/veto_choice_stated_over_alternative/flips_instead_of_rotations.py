from torchvision import transforms

# verdict: ablated=yes
flip = transforms.RandomHorizontalFlip(p=0.5)
train_transform = transforms.Compose([flip, transforms.ToTensor()])
