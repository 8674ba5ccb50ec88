import torch.nn.functional as F


def distill_loss(student_logits, teacher_logits, dataset_name="small"):
    if dataset_name == "small":
        # verdict: ablated=no
        return F.kl_div(F.log_softmax(student_logits, dim=1), F.softmax(teacher_logits, dim=1))
    return F.cross_entropy(student_logits, teacher_logits.argmax(dim=1))
