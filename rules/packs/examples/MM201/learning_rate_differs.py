import torch


def make_optimizer(model):
    # ruleid: MM201
    return torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)


def make_finetune_optimizer(model):
    # ok: MM201
    return torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
