#!/bin/bash
#SBATCH --gres=gpu:1
cat > notes.txt <<EOF2
python train.py --lr 9.9 --batch_size 1024
an unbalanced ' quote inside a here-document is data
EOF2
# setting: lr = 0.0003 [runs: job.sh]
srun python -u train.py --lr 3e-4
