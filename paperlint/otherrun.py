"""Mismatches that compare the code with a statement about another run.

A paper states a value for the run it is about; the repository holds more runs than that one
(baselines implemented beside the method, a notebook the authors explored in). A finding that
compares the paper's value with a value of another run asks the wrong question. Three ways it
happens, each stated as what papers and research code do in general:

    other_model_statement  the paper states the value in a part about other models of the
                           code: the section that holds the statement names models or
                           datasets the code's files are named for (``als.py``,
                           ``configs/ade20k.py``), and never mentions the one the choice's file
                           or class is named for (a weight decay in ``models/b.py`` against the
                           regularisation the part about model A states). The paper's own
                           method is what every part is about: its values are always compared.
    exploration_notebook   a value in a notebook that differs from the paper's, while a script
                           of the repository sets the same kind of setting to the paper's value:
                           the script is the run the paper reports, the notebook a trial.
    cited_model_only       any finding on a model the repository implements that the paper
                           names only as another's work: every mention of its name carries a
                           citation ("e.g. X [6]") and no table or caption reports it. It
                           is a baseline the paper cites or plans; the choices inside it are
                           that work's, and the paper reports no run of it.

A name counts when the paper writes it as a name (``ResNet``, ``ADE20K``, ``GPT-2``; see
:func:`paperlint.scope.paper_names`), so that a file called ``train.py`` or ``model.py`` names
no model. A finding with no such name on either side is kept. :func:`reasons` returns the
choices with the rule, for :mod:`paperlint.setaside`; ``tests/test_other_run.py`` runs the
examples.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from paperlint import scope as scoping
from paperlint.model import Assessment, Choice, Document

#: why each rule sets a mismatch aside, as the report says it
REASONS = {
    "other_model_statement": "on a value the paper states for another model or dataset",
    "exploration_notebook": "on a notebook's value where a script runs the paper's value",
    "cited_model_only": "inside a model the paper only cites and reports no result of",
}

_SPLIT = re.compile(r"[-_/.\s]+")
#: a citation marker right after a name: "X [6]", "X (6)", "X [4, 7]"
_CITATION = r"\s*(?:\[\d[\d,\s–-]*\]|\(\d[\d,\s–-]*\))"
_NOTEBOOK = (".ipynb",)


def _code_words(c: Choice) -> set[str]:
    """The words a choice's place is named by: its file's folders and name, and its class."""
    words = {w.lower() for w in _SPLIT.split(c.file) if w}
    words.discard("py")
    head = c.scope.split(".", 1)[0] if c.scope else ""
    if head[:1].isupper():
        words.add(head.lower())
    # a folder or file word of any codebase (``dataset/``, ``utils``) names no model, however
    # the paper capitalises it ("Dataset" heading a section)
    return {
        w for w in words if w.isascii() and not scoping.is_neutral(w) and not scoping.is_generic(w)
    }


def model_names(c: Choice, names: scoping.PaperNames) -> frozenset[str]:
    """The names the paper writes as names that the choice's file or class is named by."""
    return frozenset(w for w in _code_words(c) if names.is_name(w))


def statement_context(document: Document, sentence: int) -> str:
    """The title and the text of the section that holds ``sentence`` (its captions, tables and
    references left out): the part of the paper the statement belongs to."""
    s = document.sentences[sentence]
    parts = [document.section_title(s)]
    for t in document.sentences:
        if t.section == s.section and t.role not in ("reference", "caption", "table"):
            parts.append(t.text)
    return "\n".join(parts)


def cited_only(document: Document, names: Iterable[str]) -> frozenset[str]:
    """The ``names`` the paper writes only as another's work: each mention followed by a
    citation marker, none in a table or a caption (its references left out)."""
    out = set()
    texts = [
        s
        for s in document.sentences
        if s.role != "reference"
        and (document.section_of(s) is None or document.section_of(s).role != "references")  # type: ignore[union-attr]
    ]
    for name in names:
        pattern = re.compile(
            rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])({_CITATION})?", re.I
        )
        hits = [(s, m) for s in texts for m in pattern.finditer(s.text)]
        if hits and all(s.role not in ("table", "caption") and m.group(1) for s, m in hits):
            out.add(name)
    return frozenset(out)


def _value_sentence(a: Assessment) -> int:
    for e in a.evidence:
        if e.type == "value" and e.sentence >= 0:
            return e.sentence
    return -1


def _is_notebook(c: Choice) -> bool:
    return c.cell is not None or c.file.endswith(_NOTEBOOK)


def _number(text: str | None) -> float | None:
    try:
        return float((text or "").strip().strip("'\""))
    except ValueError:
        return None


def reasons(
    choices: Iterable[Choice],
    assessments: Mapping[str, Assessment],
    document: Document | None,
) -> dict[str, str]:
    """The rule (a key of :data:`REASONS`) of each choice whose findings it sets aside, by id
    (``other_model_statement`` and ``exploration_notebook`` for mismatches only)."""
    choices = list(choices)
    out: dict[str, str] = {}
    names = scoping.paper_names(document) if document is not None else None
    code_models: set[str] = set()
    if names is not None:
        for c in choices:
            code_models |= model_names(c, names)
    if code_models:
        cited = cited_only(document, code_models)  # type: ignore[arg-type]
        for c in choices:
            own = model_names(c, names)  # type: ignore[arg-type]
            if own and own <= cited:
                out[c.id] = "cited_model_only"
    mismatched = [
        c
        for c in choices
        if c.id not in out and (a := assessments.get(c.id)) is not None and a.mismatch
    ]
    contexts: dict[int, scoping.PaperNames] = {}
    for c in mismatched:
        a = assessments[c.id]
        if names is not None and code_models:
            own = model_names(c, names)
            i = _value_sentence(a)
            if own and 0 <= i < len(document.sentences):  # type: ignore[union-attr]
                if i not in contexts:
                    text = statement_context(document, i)  # type: ignore[arg-type]
                    contexts[i] = scoping.names_from_text(text)
                said = contexts[i]
                # the choice's own model is not mentioned there at all, another is named; the
                # paper's own method is what every part of the paper is about
                if (
                    not (own & said.terms)
                    and not (own & names.own)
                    and (code_models - own) & said.names
                ):
                    out[c.id] = "other_model_statement"
                    continue
        if _is_notebook(c):
            stated = _number(a.paper_value)
            if stated is not None and any(
                d.kind == c.kind and not _is_notebook(d) and d.number == stated for d in choices
            ):
                out[c.id] = "exploration_notebook"
    return out
