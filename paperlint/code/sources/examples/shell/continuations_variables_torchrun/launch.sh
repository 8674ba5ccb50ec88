#!/bin/bash
# the value of --lr is written here, in a variable
export NUM_GPUS=8
# setting: lr = 5e-4 [runs: launch.sh]
LR=5e-4
OUT=./runs/$(date +%s)
# setting: epochs = 30 [runs: launch.sh] @ --epochs
# setting: warmup_ratio = 0.06 @ --warmup_ratio
# no-setting: output_dir @ --output_dir
# no-setting: nproc_per_node @ torchrun
torchrun --nproc_per_node=$NUM_GPUS --master_port 29500 \
    train.py \
    --lr $LR \
    --epochs 30 \
    --warmup_ratio 0.06 \
    --output_dir ${OUT}/model  # where checkpoints go
