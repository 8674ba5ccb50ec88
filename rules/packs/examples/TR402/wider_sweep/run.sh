#!/bin/bash
for lr in 1e-2 1e-3 1e-4 1e-5; do
  # ruleid: TR402
  python train.py --lr $lr
done
for bs in 32 64; do
  # ok: TR402
  python train.py --batch_size $bs
done
