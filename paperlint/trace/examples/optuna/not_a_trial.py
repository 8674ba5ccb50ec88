# A function that merely suggests names is not an Optuna objective: no trial.suggest_* call.
def suggest_name(prefix):
    # notrace: lr
    lr = 0.001
    return f"{prefix}-{lr}"
