# setting: learning_rate = 5e-4 [runs: mnli.sh] @ --learning_rate
# setting: lora_r = 16 [runs: mnli.sh] @ --lora_r
# setting: weight_decay = 0.1 [runs: mnli.sh] @ --weight_decay
python -m torch.distributed.launch --nproc_per_node=8 run_glue.py \
--learning_rate 5e-4 \
--lora_r 16 \
--weight_decay 0.1 \
--do_train
