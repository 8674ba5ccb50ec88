import torchvision.transforms as T

# verdict: mismatch=no
flip = T.RandomHorizontalFlip()
# verdict: mismatch=yes
crop = T.RandomResizedCrop(224)
