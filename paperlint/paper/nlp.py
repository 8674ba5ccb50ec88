"""The spaCy pipeline: ``spacy.blank("en")`` plus paperlint's own sentence boundaries.

No model is downloaded or required. spaCy's rule-based ``sentencizer`` splits after "et al.",
"Fig." and "[12]." badly, so sentence starts are set by a small component that knows the
abbreviations of scientific prose. A statistical pipeline (``en_core_web_sm``) can be named
with ``PAPERLINT_SPACY_MODEL``; if it is installed its parser is not used for sentences either
(paperlint's rules must not depend on it), and the report names the pipeline that ran.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import types

_ABBREVIATIONS = frozenset(
    [
        "al",
        "fig",
        "figs",
        "eq",
        "eqs",
        "sec",
        "secs",
        "tab",
        "tabs",
        "e.g",
        "i.e",
        "vs",
        "cf",
        "resp",
        "approx",
        "no",
        "nos",
        "ref",
        "refs",
        "ch",
        "et",
        "etc.",
        "dr",
        "mr",
        "ms",
        "prof",
        "st",
        "vol",
        "pp",
        "ed",
        "eds",
        "incl",
        "viz",
        "ca",
        "appx",
        "app",
        "alg",
        "algs",
        "def",
        "thm",
        "lem",
        "prop",
        "cor",
    ]
)
_END = re.compile(r"[.!?]$")


def import_spacy() -> types.ModuleType:
    """``import spacy``, without importing its command-line interface.

    spaCy's package init imports ``spacy.cli`` (for ``spacy.info``), which pulls in typer,
    weasel, httpx and requests: a third of the import (0.15-0.2 s), for code paperlint never
    runs, in the worker that is on an audit's critical path. Nothing else in spaCy imports its
    CLI, so while the package initialises, ``spacy.cli`` is a placeholder whose ``info``
    imports the real one when called; the placeholder is then removed, and ``import spacy.cli``
    later in the process imports the real package. When spaCy is already imported, this is
    plain ``import spacy``."""
    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        import spacy

        return spacy

    def info(*args: object, **kwargs: object) -> object:
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    placeholder = types.ModuleType("spacy.cli")
    placeholder.__path__ = []  # a package, so that `from .cli.info import info` resolves
    placeholder_info = types.ModuleType("spacy.cli.info")
    placeholder_info.info = info  # type: ignore[attr-defined]
    placeholder.info = placeholder_info  # type: ignore[attr-defined]
    sys.modules["spacy.cli"], sys.modules["spacy.cli.info"] = placeholder, placeholder_info
    try:
        import spacy
    finally:
        for name, module in (("spacy.cli", placeholder), ("spacy.cli.info", placeholder_info)):
            if sys.modules.get(name) is module:
                del sys.modules[name]
        parent = sys.modules.get("spacy")
        if parent is not None and getattr(parent, "cli", None) is placeholder:
            delattr(parent, "cli")  # `spacy.cli` is imported for real on first use
    return spacy


@functools.cache
def pipeline():
    spacy = import_spacy()
    from spacy.language import Language

    if "paperlint_sentences" not in Language.factories:

        @Language.component("paperlint_sentences")
        def paperlint_sentences(doc):
            for i, token in enumerate(doc):
                if i == 0:
                    token.is_sent_start = True
                    continue
                token.is_sent_start = _starts_sentence(doc, i)
            return doc

    name = os.environ.get("PAPERLINT_SPACY_MODEL", "").strip()
    nlp = None
    if name:
        try:
            nlp = spacy.load(
                name, exclude=["parser", "senter", "ner", "lemmatizer", "tagger", "attribute_ruler"]
            )
        except OSError:
            nlp = None
    if nlp is None:
        nlp = spacy.blank("en")
        name = ""
    nlp.add_pipe("paperlint_sentences")
    nlp.max_length = 5_000_000
    return nlp


def pipeline_name() -> str:
    nlp = pipeline()
    model = nlp.meta.get("name", "")
    lang = nlp.lang
    if model and model != "pipeline":
        return f"spacy {lang}_{model} {nlp.meta.get('version', '')} (statistical; rule-based sentences)".strip()
    return f"spacy.blank('{lang}') + rule-based sentences and matchers"


def _starts_sentence(doc, i: int) -> bool:
    tok = doc[i]
    prev = doc[i - 1]
    if "\n\n" in prev.whitespace_ + prev.text or prev.text.startswith("\n"):
        return True
    if tok.is_space:
        return False
    # find the last non-closing token before tok
    j = i - 1
    while j >= 0 and doc[j].text in (")", "]", '"', "'", "”", "’"):
        # a straight quote closes only when it is attached to the word before it; otherwise it
        # opens the next phrase ("... as follows. "Training Time" is measured")
        if doc[j].text in ('"', "'") and j >= 1 and doc[j - 1].whitespace_:
            break
        j -= 1
    if j < 0:
        return False
    p = doc[j]
    text = p.text
    if not _END.search(text):
        return False
    if text in (".", "!", "?"):
        before = doc[j - 1].text.lower() if j >= 1 else ""
        if before.rstrip(".") in _ABBREVIATIONS or (len(before) == 1 and before.isalpha()):
            # "et al. [12]" / "Fig. 3" / "A. Smith": not an end, unless a capitalized word follows a closing bracket
            return False
    else:
        base = text[:-1].lower()
        if (
            base in _ABBREVIATIONS
            or base.rstrip(".") in _ABBREVIATIONS
            or re.fullmatch(r"[a-z](\.[a-z])+", base)
            or len(base) == 1
        ):
            return False
        if re.fullmatch(r"\d+(\.\d+)*", base):
            # "Section 3.1." is an end only when a capital follows
            pass
    first = tok.text[:1]
    if not first:
        return False
    if first.isupper() or first in "[(\"'“" or (first.isdigit() and doc[i - 1].whitespace_):
        # "... shown in. [12]" or "... vectors. (Reimers and Gurevych, 2019)" is a citation
        # trailing the sentence, not a new one
        if first in "[(" and tok.i + 1 < len(doc) and doc[tok.i + 1].text[:1].isdigit():
            return False
        if first == "(":
            inner = doc[tok.i + 1 : tok.i + 10].text
            if re.match(
                r"[A-Z][\w'-]+(?: et al\.?| and [A-Z][\w'-]+| & [A-Z][\w'-]+)?,? \d{4}[a-z]?\s*[);]",
                inner,
            ):
                return False
        return True
    return False
