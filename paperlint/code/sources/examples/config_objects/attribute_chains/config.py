import ml_collections
from easydict import EasyDict as edict


def get_config():
    config = ml_collections.ConfigDict()
    config.optim = ml_collections.ConfigDict()
    # setting: optim.learning_rate = 0.003
    config.optim.learning_rate = 3e-3
    # no-setting: optim.checkpoint_dir
    config.optim.checkpoint_dir = "/tmp/ckpt"
    return config


__C = edict()
cfg = __C
__C.TRAIN = edict()
# setting: TRAIN.MOMENTUM = 0.9
__C.TRAIN.MOMENTUM = 0.9
# setting: TRAIN.BATCH_SIZE = 128
cfg.TRAIN.BATCH_SIZE = 128
