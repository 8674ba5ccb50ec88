config = {
    # setting: config.lr = 0.1
    "lr": 0.1,
    # setting: config.batch_size = 32
    "batch_size": 32,
    # no-setting: config.data_path
    "data_path": "/data/train.csv",
}

optimizer = dict(
    # setting: optimizer.type = SGD
    type="SGD",
    # setting: optimizer.momentum = 0.9
    momentum=0.9,
)


def save(args, path):
    # no-setting: lr
    torch.save({"lr": args.lr, "epoch": args.epoch}, path)
