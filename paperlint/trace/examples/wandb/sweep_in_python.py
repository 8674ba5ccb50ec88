import wandb

# search: method=random metric=val_acc configurations=20
sweep_config = {"method": "random", "metric": {"goal": "maximize", "name": "val_acc"}}

parameters_dict = {
    # trace: epochs values[1, 2, 3]
    "epochs": {"values": [1, 2, 3]},
    # trace: learning_rate log_uniform[1e-5, 1e-3]
    "learning_rate": {"distribution": "log_uniform_values", "min": 1e-5, "max": 1e-3},
}
sweep_config["parameters"] = parameters_dict

sweep_id = wandb.sweep(sweep_config, project="demo")
wandb.agent(sweep_id, function=print, count=20)
