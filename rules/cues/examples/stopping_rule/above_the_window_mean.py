import numpy as np


def train(model, epochs=200, window=10):
    val_losses = []
    for epoch in range(epochs):
        val_losses.append(model.step())
        # verdict: mismatch=yes
        if epoch > window and val_losses[-1] > np.mean(val_losses[-(window + 1) : -1]):
            break
