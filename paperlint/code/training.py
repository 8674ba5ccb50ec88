"""Whether a file takes a training step, and whether it runs a trained model.

Research repositories ship beside their training scripts the scripts that use what training
made: sampling, inference, evaluation and demo entry points. Their settings (a sampler's
number of steps, an evaluation batch size) are how a trained model is used, not the training
choices a paper must justify. A file *trains* when its code takes an optimisation step or
hands the model to something that does: ``loss.backward()``, ``optimizer.step()``,
``opt.apply_gradients(...)`` / ``.minimize(...)``, ``model.fit(...)``, ``trainer.train()``,
``agent.learn()``, ``estimator.train(input_fn)``, ``sess.run(train_op)``, a trainer class
(``pl.Trainer``) or a call of a function named for training
(``train(args)``, ``train_one_epoch(...)``). It *infers* when it runs a model without
gradients or in evaluation mode, or samples, generates or predicts with one. The scope
(:func:`paperlint.scope.decide`) sets an entry point aside only when it infers and never trains.
Read from the text of the code (comments and strings left out), never by running it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: a training step, or a call that takes training steps
_TRAINS = re.compile(
    r"\.backward\s*\("
    r"|\b\w*(?:opt|optim|optimizer|optimiser|solver|scaler)\w*\s*\.\s*step\s*\("
    r"|\.(?:apply_gradients|minimize|fit|fit_generator|learn)\s*\("
    r"|\b(?:sess|session)\.run\s*\(\s*[\w.]*(?:train_op|opt_op|update_op|optimizer)"
    r"|(?<!def )(?<![\w.])(?!train_test_split)\w*(?<!pre)train\w*\s*\("
    r"|\b\w*(?:trainer|model|net|learner)\s*\.\s*train\w*\s*\("
    r"|\.\s*train\s*\("
    r"|\b(?-i:[A-Z]?\w*Trainer)\b",
    re.IGNORECASE,
)
#: running a model without gradients or in evaluation mode, sampling / generating / predicting
#: with a model, or loading a trained one (not ``random.sample``: drawing data is no model use)
_INFERS = re.compile(
    r"\bno_grad\s*\(|\binference_mode\s*\(|\.eval\s*\(\s*\)"
    r"|\b\w*(?:model|net|sampler|pipe|pipeline|classifier|clf|estimator|generator|diffusion|"
    r"ensemble|predictor)\w*\s*\.\s*(?:predict|generate|sample)\w*\s*\("
    r"|\b(?:load_state_dict|load_weights|load_model|load_checkpoint)\s*\(",
    re.IGNORECASE,
)
_COMMENT = re.compile(r"#.*$")
_STRING = re.compile(r"'''.*?'''|\"\"\".*?\"\"\"|'[^'\n]*'|\"[^\"\n]*\"", re.DOTALL)


def code_text(lines: Iterable[str]) -> str:
    """The code of ``lines`` without its comments, its strings emptied."""
    text = "\n".join(lines)
    text = _STRING.sub("''", text)
    return "\n".join(_COMMENT.sub("", line) for line in text.splitlines())


def trains(lines: Iterable[str]) -> bool:
    """The code takes a training step or calls what takes one."""
    return bool(_TRAINS.search(code_text(lines)))


def infers(lines: Iterable[str]) -> bool:
    """The code runs a model without gradients or in evaluation mode, or samples from it."""
    return bool(_INFERS.search(code_text(lines)))
