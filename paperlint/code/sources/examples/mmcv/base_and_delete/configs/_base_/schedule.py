# A base schedule, in the documented mmcv/mmengine format.
optimizer = dict(
    # no-setting: optimizer.type
    type="SGD",
    # no-setting: optimizer.lr
    lr=0.02,
    # no-setting: optimizer.momentum
    momentum=0.9,
    # no-setting: optimizer.weight_decay
    weight_decay=0.0001,
)
runner = dict(
    type="EpochBasedRunner",
    # setting: runner.max_epochs = 12 [runs: configs/retina_adamw.py]
    max_epochs=12,
)
