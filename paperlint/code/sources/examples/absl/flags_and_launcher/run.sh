# setting: learning_rate = 0.0002 [runs: run.sh]
python main.py --learning_rate=2e-4 --data_dir=/scratch/data
