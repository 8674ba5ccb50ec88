import numpy as np

config = {
    # notrace: lr
    "lr": np.random.uniform(1e-4, 1e-1),
}
