from dataclasses import dataclass, field


@dataclass
class TrainingArguments:
    # no-setting: learning_rate
    learning_rate: float = field(default=5e-5, metadata={"help": "initial learning rate"})
    # setting: lr_scheduler_type = linear [runs: mnli.sh, rte.sh]
    lr_scheduler_type: str = field(default="linear")
    # setting: weight_decay = 0.0 [runs: rte.sh]
    weight_decay: float = field(default=0.0)
    # setting: max_grad_norm = 1.0 [runs: mnli.sh, rte.sh]
    max_grad_norm: float = 1.0
