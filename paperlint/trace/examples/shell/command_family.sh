# Three runs of one script that differ in the learning rate only.
# search: method=commands configurations=3
# trace: learning_rate values[5e-5, 3e-5, 2e-5]
python run_glue.py --task sst2 --learning_rate 5e-5 --num_train_epochs 3 --output_dir out/a
python run_glue.py --task sst2 --learning_rate 3e-5 --num_train_epochs 3 --output_dir out/b
python run_glue.py --task sst2 --learning_rate 2e-5 --num_train_epochs 3 --output_dir out/c

# Pre-training and fine-tuning are two stages, not a search over the learning rate.
# notrace: lr
python main.py --mode pretrain --lr 1e-3
python main.py --mode finetune --lr 1e-5

# Two models, each with its own learning rate: other experiments, not a search over it.
# notrace: lr
python main.py --model resnet --lr 0.1
python main.py --model vit --lr 1e-3

# An option the vocabulary does not name, set to a word, says what runs (here: two stages).
# notrace: lr
python classifier.py --option finetune --epochs 10 --lr 1e-5
python classifier.py --option pretrain --epochs 10 --lr 1e-3
