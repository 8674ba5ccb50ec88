import torch.nn as nn


class DDPM(nn.Module):
    def __init__(
        self,
        # no-setting: model.params.timesteps
        timesteps=500,
        # no-setting: model.params.linear_start
        linear_start=1e-4,
        # setting: model.params.parameterization = eps [runs: configs/ldm.yaml]
        parameterization="eps",
        # setting: model.params.l_simple_weight = 1.0 [runs: configs/ldm.yaml]
        l_simple_weight=1.0,
        # no-setting: model.params.use_ema
        use_ema=True,
    ):
        super().__init__()


class LatentDiffusion(DDPM):
    def __init__(self, scale_factor=1.0, *args, **kwargs):
        super().__init__(*args, **kwargs)
