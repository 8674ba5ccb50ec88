import numpy as np


def make_puzzle(board):
    for _ in range(10):
        # verdict: mismatch=yes
        mask_ratio = np.random.uniform(0.2, 0.7)
        # verdict: mismatch=no
        crop_scale = np.random.uniform(0.1, 0.5)
        board = board[: int(len(board) * (1 - mask_ratio) * crop_scale)]
    return board
