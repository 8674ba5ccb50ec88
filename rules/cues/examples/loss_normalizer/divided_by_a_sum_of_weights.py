def detection_losses(ious, centerness, scores, num_pos):
    # verdict: mismatch=yes
    reg_loss = ((1 - ious) * centerness).sum() / centerness.sum()
    # verdict: mismatch=no
    cls_loss = scores.sum() / num_pos
    return reg_loss + cls_loss
