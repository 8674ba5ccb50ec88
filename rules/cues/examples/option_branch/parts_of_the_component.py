import torch.nn.functional as F


def distill_loss(student_logits, teacher_logits, target_type="soft"):
    if target_type == "soft":
        # verdict: ablated=yes
        loss = F.kl_div(
            # verdict: ablated=no
            F.log_softmax(student_logits, dim=1),
            F.softmax(teacher_logits, dim=1),
        )
        return loss
    return F.cross_entropy(student_logits, teacher_logits.argmax(dim=1))
