#!/bin/sh
# setting: trainer.max_epochs = 20 [runs: train.sh:train#1]
# setting: optimizer.lr = 0.0003 [runs: train.sh:train#1]
python train.py trainer.max_epochs=20 optimizer.lr=0.0003
# setting: defaults.optimizer = sgd [runs: train.sh:train#2]
# setting: trainer.max_epochs = 5 [runs: train.sh:train#2]
python train.py optimizer=sgd trainer.max_epochs=5
