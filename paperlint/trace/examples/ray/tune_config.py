from ray import tune
from ray.tune import grid_search

config = {
    # search: configurations=20 metric=val_loss goal=minimize
    # trace: lr log_uniform[1e-4, 1e-1]
    "lr": tune.loguniform(1e-4, 1e-1),
    # trace: batch_size values[32, 64]
    "batch_size": grid_search([32, 64]),
    # trace: momentum uniform[0.1, 0.9]
    "momentum": tune.uniform(0.1, 0.9),
    # notrace: data_dir
    "data_dir": "/data",
}

tune.run(train, config=config, num_samples=10, metric="val_loss", mode="min")
