# search: method=multirun configurations=6
# trace: optimizer.lr values[1e-3, 1e-4]
# trace: model.dropout values[0.1, 0.2, 0.3]
python train.py -m optimizer.lr=1e-3,1e-4 model.dropout=0.1,0.2,0.3 dataset=cifar10,cifar100
