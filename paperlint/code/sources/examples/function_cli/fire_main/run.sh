# setting: lr = 0.001 [runs: run.sh]
python train.py --lr=1e-3 --out_dir=/tmp/x
