# verdict: mentioned=no, justification=none
MIN_SIZE_RANGE_TRAIN = (640, 800)
# verdict: mentioned=yes
ROI_POOL_SIZE = 7
