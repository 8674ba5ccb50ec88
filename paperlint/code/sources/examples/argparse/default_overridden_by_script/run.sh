#!/bin/sh
# the launcher sets the learning rate: that is the value that runs
# setting: learning_rate = 0.01 [runs: run.sh] @ --learning-rate
# run: run.sh | learning_rate = 0.01 (launch) @ --learning-rate
# no-setting: data @ --data
python train.py \
    --learning-rate 0.01 \
    --data /tmp/cifar10
