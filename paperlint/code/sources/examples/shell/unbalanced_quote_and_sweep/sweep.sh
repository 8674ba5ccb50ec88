#!/bin/sh
# problem: E108
# a sweep: recorded as written, not expanded
# run: sweep.sh | lr = $lr (launch) @ for lr
for lr in 1e-3 1e-4; do python train.py --lr $lr --seed 1; done
echo "this quote is never closed
