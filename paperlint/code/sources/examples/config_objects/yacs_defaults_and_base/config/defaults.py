from yacs.config import CfgNode as CN

_C = CN()

_C.MODEL = CN()
# setting: MODEL.NUM_CONVS = 4 [runs: configs/r50.yaml, configs/r101.yaml]
_C.MODEL.NUM_CONVS = 4
# no-setting: MODEL.DEPTH
_C.MODEL.DEPTH = 50
# no-setting: MODEL.DEVICE
_C.MODEL.DEVICE = "cuda"
# setting: MODEL.USE_GN = False [runs: configs/r50.yaml, configs/r101.yaml]
_C.MODEL.USE_GN = False

_C.SOLVER = CN()
# no-setting: SOLVER.BASE_LR
_C.SOLVER.BASE_LR = 0.001
# setting: SOLVER.MAX_ITER = 1000 [runs: configs/r50.yaml]
_C.SOLVER.MAX_ITER = 1000

cfg = _C
