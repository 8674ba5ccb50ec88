from dataclasses import dataclass, field
from typing import Optional

from transformers import HfArgumentParser

from src.training_args import TrainingArguments


@dataclass
class ModelArguments:
    # no-setting: lora_r
    lora_r: int = field(default=8, metadata={"help": "rank of the update"})
    # setting: lora_alpha = 16 [runs: mnli.sh, rte.sh]
    lora_alpha: int = field(default=16)
    # no-setting: cache_dir
    cache_dir: Optional[str] = field(default=None, metadata={"help": "where to cache"})


def main():
    parser = HfArgumentParser((ModelArguments, TrainingArguments))
    model_args, training_args = parser.parse_args_into_dataclasses()
    return model_args, training_args


if __name__ == "__main__":
    main()
