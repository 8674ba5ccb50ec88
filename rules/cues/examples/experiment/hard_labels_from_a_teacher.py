import torch.nn.functional as F


def distillation_loss(student_logits, teacher_logits, labels):
    # verdict: ablated=no
    base = F.cross_entropy(student_logits, labels)
    # verdict: ablated=yes
    hard = F.cross_entropy(student_logits, teacher_logits.argmax(dim=1))
    return 0.5 * base + 0.5 * hard
