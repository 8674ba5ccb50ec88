from torch.utils.data import DataLoader
from torchvision import transforms
from torchvision.datasets import ImageFolder

transform = transforms.Compose(
    [
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
    ]
)
train_set = ImageFolder("train", transform=transform)
# verdict: mismatch=yes
test_set = ImageFolder("test", transform=transform)
test_loader = DataLoader(test_set, batch_size=32)
