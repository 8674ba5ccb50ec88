_base_ = ["./_base_/model.py", "./_base_/schedule.py"]

# the child changes one key of the inherited model ...
# setting: model.backbone.depth = 101 [runs: configs/retina_adamw.py]
model = dict(backbone=dict(depth=101))

# ... and replaces the optimizer whole: momentum is gone with `_delete_=True`
optimizer = dict(
    _delete_=True,
    # setting: optimizer.type = AdamW [runs: configs/retina_adamw.py]
    type="AdamW",
    # setting: optimizer.lr = 0.0001 [runs: configs/retina_adamw.py]
    lr=0.0001,
    # run: configs/retina_adamw.py | optimizer.weight_decay = 0.05 (config)
    weight_decay=0.05,
)
