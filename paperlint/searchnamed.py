"""A search the paper names: "we sweep learning rate, number of training epochs and batch size",
"hyper-parameters were tuned on the dev set", "we use grid search over ...".

Such a sentence is the paper's only support for each setting it names (the rule CH102: an
empirical claim without the experiment). Asked per setting, it reads as "why this learning
rate?", "why these epochs?", while what the paper leaves out is one thing: the search itself —
the values tried, the criterion that picked the winner, and the split it was measured on. The
first screen (:func:`paperlint.firstscreen.group_searches`) therefore asks one question per such
sentence, listing the settings it covers and their values.

A sentence names a search when it matches a tuning claim of ``rules/cues/statistics.yaml``
(``tuning.claims``, the cues ST301 and the tuning trace read) that is not denied ("we did not
tune") or deferred ("we plan to run a grid search"). What the question asks for is what the
sentence and the two after it leave out (papers name the search, then give its range or its
split: "We tune the learning rate. We choose the best over [1e-5, 1e-3]."): the values (unless
they give a search space) and the selection split (unless they name one).
``tests/test_search_named.py`` runs the examples.
"""

from __future__ import annotations

from paperlint.checks.statistics import admitted_tuning_claim, cues, first_match
from paperlint.model import Document

#: how many sentences after a search statement may give its details
FOLLOWING = 2


def names_search(text: str) -> bool:
    """``text`` (one sentence) says values were searched for: a sweep, a tuning, a grid search,
    a selection on a held-out split; not denied or deferred."""
    return admitted_tuning_claim(text) is not None


def missing_parts(text: str) -> list[str]:
    """What a search sentence leaves a reader to ask: the values tried (unless it states a
    search space), the selection criterion and split (unless it names the split)."""
    tuning = cues()["tuning"]
    parts = []
    if first_match(tuning["search_space"], text) is None:
        parts.append("over which values")
    if first_match(tuning["validation"], text) is None:
        parts.append("selected by which criterion on which split")
    else:
        parts.append("selected by which criterion")
    return parts


def details(document: Document, sentence: int) -> str:
    """The search statement at ``sentence`` and the :data:`FOLLOWING` body sentences after it
    in its section: where a paper gives the range or the split of the search it names."""
    s = document.sentences[sentence]
    parts = [s.text]
    for t in document.sentences[sentence + 1 :]:
        if len(parts) > FOLLOWING or t.section != s.section:
            break
        if t.role == "body":
            parts.append(t.text)
    return " ".join(parts)
