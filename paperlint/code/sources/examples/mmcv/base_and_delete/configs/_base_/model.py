model = dict(
    type="RetinaNet",
    backbone=dict(
        type="ResNet",
        # no-setting: model.backbone.depth
        depth=50,
        # setting: model.backbone.num_stages = 4 [runs: configs/retina_adamw.py]
        num_stages=4,
    ),
)
