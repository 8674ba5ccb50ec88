import numpy as np
from hyperopt import fmin, hp, tpe

space = {
    # search: configurations=50 method=tpe
    # trace: lr log_uniform[1e-6, 1e-2]
    "lr": hp.loguniform("lr", np.log(1e-6), np.log(1e-2)),
    # trace: batch_size values[16, 32, 64]
    "batch_size": hp.choice("batch_size", [16, 32, 64]),
    # trace: dropout uniform[0.0, 0.5]
    "dropout": hp.uniform("dropout", 0.0, 0.5),
}
best = fmin(objective, space, algo=tpe.suggest, max_evals=50)
