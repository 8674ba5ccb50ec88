from torchvision import models

# verdict: mentioned=yes
encoder = models.alexnet(pretrained=True)
