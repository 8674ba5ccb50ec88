def masked_loss(errors, mask):
    # verdict: mismatch=no
    token_loss = (errors * mask).sum() / mask.sum()
    return token_loss
