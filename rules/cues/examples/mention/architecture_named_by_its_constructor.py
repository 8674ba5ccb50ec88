import torchvision

# verdict: mentioned=yes, justification=reasoning
encoder = torchvision.models.resnet50(weights="IMAGENET1K_V2")
