# setting: learning_rate = 2e-4 [runs: rte.sh] @ --learning_rate
# setting: lora_r = 8 [runs: rte.sh] @ --lora_r
python -m torch.distributed.launch --nproc_per_node=8 run_glue.py \
--learning_rate 2e-4 \
--lora_r 8
