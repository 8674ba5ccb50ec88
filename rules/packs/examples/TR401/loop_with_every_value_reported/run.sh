#!/bin/bash
for wd in 0 1e-4 5e-4; do
  # ok: TR401
  python train.py --weight_decay $wd
done
