def train(model, epochs=200, patience=10):
    val_losses = []
    for epoch in range(epochs):
        val_losses.append(model.step())
        # verdict: mismatch=no
        if epoch > patience and min(val_losses[-patience:]) >= min(val_losses[:-patience]):
            break
