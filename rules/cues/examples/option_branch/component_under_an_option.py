import torch.nn.functional as F


def distill_loss(student_logits, teacher_logits, target_type="soft"):
    if target_type == "soft":
        # verdict: ablated=yes
        return F.kl_div(F.log_softmax(student_logits, dim=1), F.softmax(teacher_logits, dim=1))
    return F.cross_entropy(student_logits, teacher_logits.argmax(dim=1))
