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


def json_of_no_settings(path: Path) -> str:
    """What the JSON file at ``path`` is when it holds no run's settings: "saved model
    config", "data"; "" for a config (or a file that cannot be read: its reader says why)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read(MAX_CHARS)
    except OSError:
        return ""
    if saved_model_config(text):
        return "saved model config"
    if data(text):
        return "data"
    return ""
