"""JSON files that hold no run's settings, known by what is in them.

The code stage reads a JSON file as a config: each key a setting. Research repositories also
keep JSON that no one writes settings into, under names that say nothing (``config.json``,
``objects.json``):

    saved model config  a model's config as a library saved it beside the weights: transformers'
                        ``save_pretrained`` stamps its version (``transformers_version``) or the
                        name the model was loaded from (``_name_or_path``), PEFT names its adapter
                        type (``peft_type``), a published checkpoint's config names its
                        ``architectures`` and ``model_type``. It records what a checkpoint is;
                        the values the paper's training chose are set where the code builds or
                        loads that model, which is read. A config the authors write by hand
                        carries none of these stamps.
    data                JSON Lines (one record per line: a dataset, predictions, answers), or a
                        mapping of eight keys or more of which some (two, and a tenth at least)
                        are no name a program gives a setting — words with spaces, numbers
                        (``{"person": 43, "dining table": 10, ...}``, a class id → weight
                        table): a table keyed by the data's own labels.

``tests/test_json_kinds.py`` runs each kind beside a hand-written config that stays one.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

#: how much of a file is read to tell (configs larger than this are not read at all)
MAX_CHARS = 256_000
_SAVED_BY_LIBRARY = re.compile(r'"(?:transformers_version|_name_or_path|peft_type)"\s*:')
_ARCHITECTURES = re.compile(r'"architectures"\s*:')
_MODEL_TYPE = re.compile(r'"model_type"\s*:')
#: a key a program could name a setting with: ``lr``, ``hidden-size``, ``model.depth``
_SETTING_KEY = re.compile(r"[A-Za-z_][\w.\-]*")
#: a table needs this many keys before its keys say it is data (a small mapping may be a
#: config's ``{"1": ..., "2": ...}`` list of stages)
_TABLE_KEYS = 8


def saved_model_config(text: str) -> bool:
    """JSON ``text`` is a model's config as a library saved it (see the module's docstring)."""
    return bool(
        _SAVED_BY_LIBRARY.search(text) or (_ARCHITECTURES.search(text) and _MODEL_TYPE.search(text))
    )


def data(text: str) -> bool:
    """JSON ``text`` is JSON Lines, or a table keyed by the data's labels (see the docstring)."""
    try:
        whole = json.loads(text)
    except RecursionError:
        return False  # nested too deeply to be data we can tell: its reader refuses it (E106)
    except ValueError:
        first = text.lstrip().split("\n", 1)[0]
        try:
            json.loads(first)
        except ValueError:
            return False  # broken JSON: its reader reports it
        return bool(first)  # one whole record on the first line, more after it
    if not isinstance(whole, dict) or len(whole) < _TABLE_KEYS:
        return False
    labels = sum(1 for k in whole if not _SETTING_KEY.fullmatch(k))
    # a program names its settings without spaces; keys that are words with spaces or numbers
    # are the data's labels, and a few of them among names ("person", "dining table") suffice
    return labels >= 2 and labels * 10 >= len(whole)


#: the words of a key that names a measured result (``best_valid_loss``, ``test/top1_acc``)
_MEASURE_WORDS = frozenset(
    [
        "loss",
        "losses",
        "acc",
        "accuracy",
        "mse",
        "mae",
        "rmse",
        "nll",
        "f1",
        "precision",
        "recall",
        "auc",
        "auroc",
        "auprc",
        "bleu",
        "rouge",
        "rouge1",
        "rouge2",
        "rougel",
        "perplexity",
        "ppl",
        "error",
        "err",
        "iou",
        "miou",
        "map",
        "psnr",
        "ssim",
        "fid",
        "top1",
        "top5",
        "reward",
        "return",
        "score",
    ]
)
#: keys that place a record of a history in time
_TIME_KEYS = frozenset(["epoch", "step", "iteration", "iter", "global_step"])
#: significant digits no person types: the repr of a float that arithmetic produced
_COMPUTED_DIGITS = 10
#: how many computed measures, or records of a history, make a file a run's record
_RECORDS = 3


def _names_a_measure(key: str) -> bool:
    return any(w in _MEASURE_WORDS for w in re.split(r"[^a-z0-9]+|_", key.lower()) if w)


#: a key and the number it holds: ``"valid_loss": 0.0007721872389083728``
_KEY_NUMBER = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:\s*(-?\d+\.\d+(?:[eE][-+]?\d+)?)')


def _computed(number: str) -> bool:
    """A float's text with more significant digits than a person types (``0.05926170200109``)."""
    digits = number.lstrip("-").lower().split("e")[0].replace(".", "").lstrip("0")
    return len(digits) >= _COMPUTED_DIGITS


def _history(items: list) -> bool:
    """A list of records at their epoch or step, each holding a measure: a training log."""
    records = [
        r
        for r in items
        if isinstance(r, dict)
        and any(str(k).lower() in _TIME_KEYS for k in r)
        and any(_names_a_measure(str(k)) for k in r)
    ]
    return len(records) >= _RECORDS


def _lists(obj: object, depth: int = 0):
    """Every list in nested JSON (a history sits at the top or under one key)."""
    if depth > 40:
        return
    if isinstance(obj, list):
        yield obj
        children = obj
    elif isinstance(obj, dict):
        children = list(obj.values())
    else:
        return
    for v in children:
        yield from _lists(v, depth + 1)


def run_record(text: str) -> bool:
    """JSON ``text`` is what a run wrote about its results (see the module's docstring). Read
    from the text, so a long log cut at :data:`MAX_CHARS` is still told by its first part."""
    measured = sum(
        1
        for m in _KEY_NUMBER.finditer(text)
        if _names_a_measure(m.group(1)) and _computed(m.group(2))
    )
    if measured >= _RECORDS:
        return True
    try:
        whole = json.loads(text)
    except (ValueError, RecursionError):
        return False
    return any(_history(items) for items in _lists(whole))


def json_of_no_settings(path: Path) -> str:
    """What the JSON file at ``path`` is when it holds no run's settings: "saved model
    config", "data", "run record"; "" for a config (or a file that cannot be read: its reader says why)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read(MAX_CHARS)
    except OSError:
        return ""
    if saved_model_config(text):
        return "saved model config"
    if data(text):
        return "data"
    if run_record(text):
        return "run record"
    return ""
