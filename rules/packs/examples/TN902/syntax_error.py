# ruleid: TN902
def broken(:
    return 1
