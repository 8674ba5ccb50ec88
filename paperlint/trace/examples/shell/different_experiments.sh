# Commands that differ in many settings are different experiments, not one search.
# notrace: lr
python train.py --lr 0.1 --batch_size 128 --epochs 90 --dropout 0.5
python train.py --lr 0.01 --batch_size 32 --epochs 30 --dropout 0.1
