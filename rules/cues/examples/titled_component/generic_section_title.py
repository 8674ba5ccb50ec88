import numpy as np


def f1(pred, true):
    tp = ((pred == 1) & (true == 1)).sum()
    return 2 * tp / (pred.sum() + true.sum() + 1e-10)


def choose_cutoffs(scores, labels):
    cutoffs = np.full(scores.shape[1], 0.5)
    for k in range(scores.shape[1]):
        best = f1(scores[:, k] >= cutoffs[k], labels[:, k])
        # verdict: ablated=no
        grid = np.linspace(0.05, 0.95, num=19)
        for c in grid:
            score = f1(scores[:, k] >= c, labels[:, k])
            if score > best:
                best, cutoffs[k] = score, c
    return cutoffs
