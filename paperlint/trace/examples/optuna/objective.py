import optuna


def objective(trial):
    # search: configurations=100 goal=maximize budget=n_trials=100
    # trace: lr log_uniform[1e-5, 1e-1]
    lr = trial.suggest_float("lr", 1e-5, 1e-1, log=True)
    # trace: dropout uniform[0.0, 0.5]
    dropout = trial.suggest_float("dropout", 0.0, 0.5)
    # trace: n_layers int[1, 4]
    n_layers = trial.suggest_int("n_layers", 1, 4)
    # trace: optimizer values[Adam, SGD]
    optimizer = trial.suggest_categorical("optimizer", ["Adam", "SGD"])
    # notrace: seed
    seed = trial.suggest_int("seed", 0, 100)
    return train(lr, dropout, n_layers, optimizer, seed)


study = optuna.create_study(direction="maximize")
study.optimize(objective, n_trials=100)
