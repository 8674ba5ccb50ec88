from torchvision import transforms

# verdict: ablated=yes
train_transform = transforms.Compose(
    [transforms.RandomHorizontalFlip(p=0.5), transforms.ToTensor()]
)
