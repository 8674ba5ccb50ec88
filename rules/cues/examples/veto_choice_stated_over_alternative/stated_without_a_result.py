from torchvision import transforms

# verdict: ablated=no, mentioned=yes
flip = transforms.RandomHorizontalFlip(p=0.5)
train_transform = transforms.Compose([flip, transforms.ToTensor()])
