#!/bin/bash
#SBATCH --array=0-5
LRS=(0.1 0.01 0.001)
DROPOUTS=(0.1 0.5)

# search: method=loop configurations=2
for p in "${DROPOUTS[@]}"; do
  # trace: dropout values[0.1, 0.5]
  python train.py --dropout $p
done

# search: method=array configurations=6
# trace: lr values[0.1, 0.01, 0.001]
python train.py --lr ${LRS[$SLURM_ARRAY_TASK_ID]}
