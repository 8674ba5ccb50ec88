#!/bin/bash
# Nested loops over values: every command line that uses a loop variable is a configuration.
# search: method=loop configurations=6
for lr in 1e-3 3e-4 1e-4; do
  for wd in 0 5e-4
  do
    # trace: lr values[1e-3, 3e-4, 1e-4]
    # trace: weight-decay values[0, 5e-4]
    # notrace: log_dir
    python train.py --lr $lr --weight-decay ${wd} --log_dir runs/lr_${lr}
  done
done

# Seeds are repeated runs, not a search.
for seed in 0 1 2; do
  # notrace: seed
  python train.py --seed $seed
done

# A short option names nothing; nor does a one-letter variable.
for d in $(seq 1 3); do
  # notrace: d
  python main.py -d $d
done
