import torch.nn.functional as F


def resize_positions(pos, n):
    # verdict: justification=reasoning
    return F.interpolate(pos, size=(n, n), mode="bicubic", align_corners=False)
