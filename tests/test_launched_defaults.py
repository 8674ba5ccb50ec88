"""A default every launched run overrides is no run's value: when a Makefile's targets run an
entry point and each passes its own value of a flag, the flag's default is not a choice (the
entry point is not a run of its own beside them); a default one target keeps is that target's
value."""

from __future__ import annotations

from helpers import extract_files, find

MAIN = """
import tensorflow as tf
FLAGS = tf.app.flags.FLAGS
tf.app.flags.DEFINE_integer("context_len", 600, "The maximum context length")
tf.app.flags.DEFINE_float("dropout", 0.15, "Dropout rate")

def main(_):
    x = tf.placeholder(tf.int32, [None, FLAGS.context_len])
    return tf.nn.dropout(x, 1 - FLAGS.dropout)

if __name__ == "__main__":
    tf.app.run()
"""

MAKEFILE = (
    "bi:\n\tpython main.py --mode=train --context_len=300 --dropout 0.2\n"
    "self:\n\tpython main.py --mode=train \\\n\t\t--context_len=300\n"
)


def test_a_default_every_make_target_overrides_is_no_runs_value(tmp_path):
    inv = extract_files(tmp_path, {"main.py": MAIN, "Makefile": MAKEFILE})
    assert {r.name for r in inv.runs} == {"Makefile:bi", "Makefile:self"}
    # 600 is what no launched run takes: not a choice, so nothing to ask about it
    assert not [c for c in inv.choices if c.file == "main.py" and c.value == "600"]
    (launched,) = [c for c in inv.choices if c.setting == "context_len"]
    assert (launched.value, launched.runs) == ("300", ("Makefile:bi", "Makefile:self"))


def test_a_default_one_make_target_keeps_is_that_targets_value(tmp_path):
    inv = extract_files(tmp_path, {"main.py": MAIN, "Makefile": MAKEFILE})
    (kept,) = find(list(inv.choices), file="main.py", kind="dropout", line=4)
    assert (kept.number, kept.runs) == (0.15, ("Makefile:self",))
