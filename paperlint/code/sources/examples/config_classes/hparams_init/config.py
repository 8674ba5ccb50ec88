class TrainConfig:
    def __init__(self):
        # setting: lr = 0.001 [runs: train.py]
        self.lr = 1e-3
        # setting: batch_size = 64 [runs: train.py]
        self.batch_size = 64
        # no-setting: data_dir
        self.data_dir = "/data/imagenet"


class Trainer:
    def __init__(self, config):
        # no-setting: config
        self.config = config
